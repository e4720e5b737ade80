package org.backprop4j.autograd;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;

/**
 * What one checkpointed segment ({@link GradientCheckpoint}) keeps of its forward. While the forward runs, every op
 * recorded inside it saves through {@link #save}: tensors that stay alive anyway (the segment's inputs, leaves that
 * require grad) are kept; every other saved tensor is dropped and only its shape and dtype remembered, as one slot.
 * The first backward that reads a dropped slot reruns the segment, with the random generators put back where they
 * were, collects what its ops save in the same order, checks it against the slots, and hands the tensors out. The
 * engine releases a node's slots when it frees the node's saved tensors.
 */
final class RecomputeFrame {
    private Variable<?>[] inputs;
    private final int[] inputVersions;
    private final Rng[] generators;
    /** The generators' states when the forward started; null when they are not preserved. */
    private final Rng.State[] generatorStates;
    private Runnable rerun;
    /** Leaves that require grad feeding ops of the segment, with their versions when the forward read them. */
    private final Map<Variable<?>, Integer> leafVersions = new IdentityHashMap<>();
    /** Per saved entry, in recording order: its shape and dtype when dropped, null when kept. */
    private final List<Shape> shapes = new ArrayList<>();
    private final List<DType> dtypes = new ArrayList<>();
    private final BitSet released = new BitSet();
    private int live;
    private boolean packing = true;
    /** What the ops save during a recomputation, in order; null otherwise. */
    private List<Variable<?>> harvest;
    private Variable<?>[] values;

    RecomputeFrame(Variable<?>[] inputs, Rng[] generators, Rng.State[] generatorStates, Runnable rerun) {
        this.inputs = inputs;
        this.inputVersions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputVersions[i] = inputs[i] == null ? 0 : inputs[i].storage().version();
        }
        this.generators = generators;
        this.generatorStates = generatorStates;
        this.rerun = rerun;
    }

    /** The saved tensors of {@code node}, an op recorded while this frame is the current one. */
    <V extends Variable<V>> SavedTensors<V> save(Node<V> node, V[] saved) {
        if (harvest != null) {
            harvest.addAll(java.util.Arrays.asList(saved));
            return saved.length == 0 ? null : new SavedTensors<>(node, saved);
        }
        for (Node<V> n : node.next) {
            if (n != null && n.leafSlot != null) {
                V leaf = n.leafSlot.leaf;
                leafVersions.putIfAbsent(leaf, leaf.storage().version());
            }
        }
        if (saved.length == 0) {
            return null;
        }
        V[] kept = saved.clone();
        int first = shapes.size();
        for (int i = 0; i < saved.length; i++) {
            V t = saved[i];
            if (isKept(t)) {
                shapes.add(null);
                dtypes.add(null);
            } else {
                shapes.add(t.shape());
                dtypes.add(t.dtype());
                kept[i] = null;
                live++;
            }
        }
        return new SavedTensors<>(node, kept, this, first);
    }

    private boolean isKept(Variable<?> t) {
        if (t.isLeaf() && t.requiresGrad()) {
            return true;
        }
        for (Variable<?> in : inputs) {
            if (in == t) {
                return true;
            }
        }
        return false;
    }

    /** The shape the tensor dropped from {@code slot} had when it was saved. */
    Shape droppedShape(int slot) {
        return shapes.get(slot);
    }

    /** The forward has returned: from now on a dropped slot is recomputed when read. */
    void finishPacking() {
        packing = false;
        if (live == 0) {
            forget();
        }
    }

    /** The recomputed tensor of {@code slot}, which op {@code op} saved; recomputes the segment on first use. */
    Variable<?> recomputed(int slot, String op) {
        if (packing) {
            throw new AutogradException("GradientCheckpoint: '" + op + "' inside a checkpointed function needs its "
                    + "saved tensors before that function returned (a backward or Autograd.grad inside the function "
                    + "reaches ops of the function itself); checkpoint the parts before and after that call instead");
        }
        if (values == null) {
            recompute();
        }
        Variable<?> v = values[slot];
        if (v == null) {
            throw new IllegalStateException("GradientCheckpoint: saved slot " + slot + " of '" + op
                    + "' was read after it was released");
        }
        return v;
    }

    private void recompute() {
        checkUnchanged();
        GradMode.State state = GradMode.STATE.get();
        RecomputeFrame outer = state.recompute;
        boolean gradEnabled = state.gradEnabled;
        Rng.State[] current = null;
        if (generatorStates != null) {
            current = new Rng.State[generators.length];
            for (int i = 0; i < generators.length; i++) {
                current[i] = generators[i].state();
                generators[i].restore(generatorStates[i]);
            }
        }
        List<Variable<?>> got;
        harvest = new ArrayList<>(shapes.size());
        try {
            state.recompute = this;
            state.gradEnabled = true; // the same ops must be recorded, so that they save the same tensors
            rerun.run();
        } finally {
            state.recompute = outer;
            state.gradEnabled = gradEnabled;
            if (current != null) {
                for (int i = 0; i < generators.length; i++) {
                    generators[i].restore(current[i]);
                }
            }
            got = harvest;
            harvest = null;
        }
        if (got.size() != shapes.size()) {
            throw different("its ops saved " + got.size() + " tensors where the forward's saved " + shapes.size());
        }
        Variable<?>[] out = new Variable<?>[shapes.size()];
        for (int k = 0; k < out.length; k++) {
            Shape shape = shapes.get(k);
            if (shape == null || released.get(k)) {
                continue;
            }
            Variable<?> v = got.get(k);
            if (!v.shape().equals(shape) || v.dtype() != dtypes.get(k)) {
                throw different("saved tensor " + k + " has shape " + v.shape() + " (" + v.dtype()
                        + ") where the forward's had " + shape + " (" + dtypes.get(k) + ")");
            }
            out[k] = v;
        }
        values = out;
    }

    private static AutogradException different(String what) {
        return new AutogradException("GradientCheckpoint: the recomputation differs from the forward: " + what
                + "; the checkpointed function must compute the same ops on every call (random ops draw from the "
                + "generators it preserves: Rng.global() and those in its options)");
    }

    private void checkUnchanged() {
        for (int i = 0; i < inputs.length; i++) {
            Variable<?> in = inputs[i];
            if (in != null && in.storage().version() != inputVersions[i]) {
                throw new AutogradException("GradientCheckpoint: input " + i + " of shape " + in.shape()
                        + " was modified in place after the checkpointed forward (version " + inputVersions[i]
                        + ", now " + in.storage().version() + "), so recomputing would see other values; "
                        + "pass a clone() or modify it after backward");
            }
        }
        for (Map.Entry<Variable<?>, Integer> e : leafVersions.entrySet()) {
            int now = e.getKey().storage().version();
            if (now != e.getValue()) {
                throw new AutogradException("GradientCheckpoint: a tensor of shape " + e.getKey().shape()
                        + " that requires grad (a parameter?) was modified in place after the checkpointed forward "
                        + "read it (version " + e.getValue() + ", now " + now + "), so recomputing would see other "
                        + "values; update parameters after backward");
            }
        }
    }

    /** Lets go of slots {@code first .. first + n - 1}: their node's saved tensors were freed. */
    void release(int first, int n) {
        for (int k = first; k < first + n; k++) {
            if (shapes.get(k) != null && !released.get(k)) {
                released.set(k);
                live--;
                if (values != null) {
                    values[k] = null;
                }
            }
        }
        if (live == 0 && !packing) {
            forget();
        }
    }

    /** Nothing can be recomputed any more: drop the inputs (activations of the caller) and the function. */
    private void forget() {
        inputs = new Variable<?>[0];
        rerun = null;
        values = null;
        leafVersions.clear();
    }
}
