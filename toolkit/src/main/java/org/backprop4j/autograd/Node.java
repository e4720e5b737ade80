package org.backprop4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;

/**
 * One recorded operation in the backward graph (PyTorch's {@code grad_fn}), or the accumulator that receives the
 * gradient of a leaf tensor. A node knows its op name, the nodes its inputs' gradients flow to, and its derivative
 * rule. Nodes are made by {@link Graph#record} and for leaves that require grad; users inspect them.
 *
 * @param <V> the tensor type
 */
public final class Node<V extends Variable<V>> implements BackwardContext<V> {
    private final String op;
    final Node<V>[] next;
    final Shape[] inputShapes;
    final DType[] inputTypes;
    final Backward<V> backward;
    final SavedTensors<V> saved;
    /** For a leaf's accumulator, its leaf and gradient buffers; otherwise null (op nodes, most of them, stay small). */
    final LeafSlot<V> leafSlot;
    /** Where the op was created, when anomaly mode was on. */
    final StackTraceElement[] createdAt;
    List<UnaryOperator<V>> hooks;
    /** A non-leaf whose {@code retainGrad()} asked to keep its gradient. */
    V retained;

    // Scratch state of one backward pass; reset before the pass returns.
    V pending;
    int mark;
    boolean needed;
    /** Set while {@code Autograd.grad} runs: only inputs on a path to the requested inputs need gradients. */
    boolean onlyNeeded;

    /** What only a leaf's accumulator holds. */
    static final class LeafSlot<V> {
        final V leaf;
        /** The buffer lent to a rule during this pass (see {@link Node#gradBuffer}). */
        V lent;
        /** The gradient {@code zeroGrad()} cleared, kept for the next pass to write into. */
        V spare;

        LeafSlot(V leaf) {
            this.leaf = leaf;
        }
    }

    Node(String op, Node<V>[] next, Shape[] inputShapes, DType[] inputTypes, Backward<V> backward, V[] saved,
            boolean recordOrigin, RecomputeFrame recompute) {
        this.op = op;
        this.next = next;
        this.inputShapes = inputShapes;
        this.inputTypes = inputTypes;
        this.backward = backward;
        this.leafSlot = null;
        // Inside a checkpointed segment the frame decides which saved tensors to drop and recompute.
        this.saved = recompute != null ? recompute.save(this, saved)
                : saved.length == 0 ? null : new SavedTensors<>(this, saved);
        this.createdAt = recordOrigin ? new Throwable().getStackTrace() : null;
    }

    /** The node that accumulates gradients into the leaf {@code leaf}; the leaf keeps it for its lifetime. */
    @SuppressWarnings("unchecked")
    Node(V leaf) {
        this.op = "accumulateGrad";
        this.next = new Node[0];
        this.inputShapes = new Shape[0];
        this.inputTypes = new DType[0];
        this.backward = null;
        this.saved = null;
        this.leafSlot = new LeafSlot<>(leaf);
        this.createdAt = null;
    }

    /** The op's name, e.g. {@code mul}; {@code accumulateGrad} for a leaf's accumulator. */
    public String op() {
        return op;
    }

    /** True for the node that accumulates gradients into a leaf tensor. */
    public boolean isLeafAccumulator() {
        return leafSlot != null;
    }

    /** The nodes this op's input gradients flow to, in input order; null where an input needs no gradient. */
    public List<Node<V>> nextNodes() {
        List<Node<V>> list = new ArrayList<>(next.length);
        for (Node<V> n : next) {
            list.add(n);
        }
        return list;
    }

    /** The shapes of the op's inputs, in input order (null for an absent input). */
    public List<Shape> inputShapes() {
        return Collections.unmodifiableList(Arrays.asList(inputShapes.clone()));
    }

    /** For a leaf's accumulator, the leaf tensor (PyTorch's {@code AccumulateGrad.variable}); otherwise null. */
    public V variable() {
        return leafSlot == null ? null : leafSlot.leaf;
    }

    /**
     * The shapes of the tensors the op saved for its backward; empty when it saved none or when a backward pass
     * has freed them ({@link #savedTensorsFreed()}).
     */
    public List<Shape> savedShapes() {
        return saved == null ? List.of() : saved.shapes();
    }

    /** True once a backward pass (without {@code retainGraph}) has freed the tensors this op saved. */
    public boolean savedTensorsFreed() {
        return saved != null && saved.size() == 0;
    }

    /** Where the op was created, if anomaly mode was on at the time; empty otherwise. */
    public List<StackTraceElement> origin() {
        return createdAt == null ? List.of() : List.of(createdAt);
    }

    @Override
    public V saved(int i) {
        if (saved == null) {
            throw new IllegalStateException("'" + op + "' saved no tensors for its backward");
        }
        return saved.get(i);
    }

    @Override
    public boolean needsGrad(int i) {
        Node<V> target = next[i];
        return target != null && (!onlyNeeded || target.needed);
    }

    /**
     * A buffer of input {@code i}'s shape and dtype that the rule may overwrite with that input's whole gradient and
     * return, instead of allocating one; null when there is none (allocate as usual). There is one when input
     * {@code i} is a leaf whose gradient was cleared by {@code zeroGrad()} after an earlier pass, no gradient has
     * reached it yet in this pass, it has no hooks, and the pass neither records a graph nor serves
     * {@code Autograd.grad}. The values in the buffer are stale: a rule must write every element (a BLAS product
     * with beta = 0 does). A rule that returns something else for the input leaves the buffer unused.
     */
    @Override
    public V gradBuffer(int i) {
        Node<V> target = next[i];
        // a pass that records its backward (grad mode on) or serves Autograd.grad (onlyNeeded) lends nothing
        LeafSlot<V> slot = target == null ? null : target.leafSlot;
        if (onlyNeeded || GradMode.isEnabled() || slot == null || slot.spare == null || target.pending != null
                || (target.hooks != null && !target.hooks.isEmpty()) || slot.leaf.currentGrad() != null) {
            return null;
        }
        V buffer = slot.spare;
        if (!buffer.shape().equals(inputShapes[i]) || buffer.dtype() != inputTypes[i]) {
            return null;
        }
        slot.spare = null;
        slot.lent = buffer;
        return buffer;
    }

    /** Adds a gradient hook; returns the handle that removes it. */
    HookHandle addHook(UnaryOperator<V> hook) {
        if (hooks == null) {
            hooks = new ArrayList<>(2);
        }
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    void retain(V t) {
        retained = t;
    }

    void freeSaved() {
        if (saved != null) {
            saved.free();
        }
    }

    @Override
    public String toString() {
        return "<" + op + (leafSlot != null ? " " + leafSlot.leaf.shape() : "") + ">";
    }
}
