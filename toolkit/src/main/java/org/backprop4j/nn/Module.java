package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.HookHandle;
import org.backprop4j.array.Scope;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * A layer or a model: plain Java classes that hold their {@link Parameter}s, {@link Buffer}s and child modules in
 * fields, found by reflection and named by the field (dotted paths such as {@code features.0.weight}, like
 * PyTorch's). Subclasses declare parameters in the constructor, initialize them in {@link #resetParameters(Rng)},
 * and compute in {@link #forward(Tensor)}; callers use {@link #call(Tensor)}, which also runs forward hooks.
 *
 * {@snippet file="ModuleSnippets.java" region="module"}
 */
public abstract class Module {
    private boolean training = true;
    private Module parent;
    private String nameInParent;
    private List<ForwardHook> hooks;
    private boolean linked;
    private Parametrizations parametrizations;

    /** Observes a module's input and output after each {@link #call}. */
    @FunctionalInterface
    public interface ForwardHook {
        void afterForward(Module module, Tensor input, Tensor output);
    }

    /**
     * The computation of a single-input module. Modules that take several inputs (losses, Bilinear, attention)
     * offer their own {@code forward} signatures and refuse this one.
     */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(describe() + " does not take a single input; call its forward "
                + "method with all of its inputs");
    }

    /** Runs {@link #forward(Tensor)} and the forward hooks: the way to invoke a module (PyTorch's {@code module(x)}). */
    public final Tensor call(Tensor input) {
        return invoke(input, () -> forward(input), output -> output);
    }

    /**
     * Runs {@code forward} as {@link #call(Tensor)} runs {@link #forward(Tensor)}: with the parametrizations applied
     * and the forward hooks given {@code input} and the tensor {@code shown} picks from the result. For modules
     * whose forward returns a record (a recurrent layer's output and states).
     */
    final <T> T invoke(Tensor input, Supplier<T> forward, Function<T, Tensor> shown) {
        if (!linked) {
            namedChildren(); // gives children their names, for error messages
            linked = true;
        }
        T result = parametrizations == null ? forward.get() : parametrizations.run(this, forward);
        if (hooks != null) {
            Tensor output = shown.apply(result);
            for (ForwardHook hook : List.copyOf(hooks)) {
                hook.afterForward(this, input, output);
            }
        }
        return result;
    }

    /** Adds a hook run after every {@link #call}; the handle removes it. */
    public final HookHandle registerForwardHook(ForwardHook hook) {
        if (hooks == null) {
            hooks = new ArrayList<>(1);
        }
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /** Re-initializes this module's own parameters from {@code rng}, then its children's. */
    public void resetParameters(Rng rng) {
        for (Module child : children()) {
            child.resetParameters(rng);
        }
    }

    // ---------------------------------------------------------------- structure

    /** This module's own parameters by name; by default its {@link Parameter} fields. */
    protected Map<String, Parameter> ownParameters() {
        return Structure.fields(this, Parameter.class);
    }

    /** This module's own buffers by name; by default its {@link Buffer} fields. */
    protected Map<String, Buffer> ownBuffers() {
        return Structure.fields(this, Buffer.class);
    }

    /** This module's direct children by name; by default its {@link Module} fields and lists of modules. */
    protected Map<String, Module> ownChildren() {
        return Structure.children(this);
    }

    /** Direct children, in declaration order. */
    public final List<Module> children() {
        return List.copyOf(namedChildren().values());
    }

    /** Direct children by name. */
    public final Map<String, Module> namedChildren() {
        Map<String, Module> children = ownChildren();
        if (parametrizations != null) {
            children = new LinkedHashMap<>(children);
            children.put("parametrizations", parametrizations);
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().attach(this, e.getKey());
        }
        return children;
    }

    /** This module and all below it, by dotted path ("" for this one), each once, parents first. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectModules("", this, out, seen);
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        out.put(prefix, m);
        for (Map.Entry<String, Module> e : m.namedChildren().entrySet()) {
            collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, seen);
        }
    }

    /** Every parameter of this module and its descendants by dotted name, each once. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            Parametrizations replaced = m.getValue().parametrizations;
            for (Map.Entry<String, Parameter> p : m.getValue().ownParameters().entrySet()) {
                if ((replaced == null || !replaced.covers(p.getKey())) && seen.add(p.getValue())) {
                    out.put(join(m.getKey(), p.getKey()), p.getValue());
                }
            }
        }
        return out;
    }

    /** Every parameter, each once, in {@link #namedParameters()} order. */
    public final List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Every buffer of this module and its descendants by dotted name. */
    public final Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Buffer> b : m.getValue().ownBuffers().entrySet()) {
                out.put(join(m.getKey(), b.getKey()), b.getValue());
            }
        }
        return out;
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Total number of parameter elements. */
    public final long numParameters() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Calls {@code fn} on every descendant, children before parents, and then on this module. */
    public final Module apply(Consumer<Module> fn) {
        for (Module child : children()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    // ---------------------------------------------------------------- modes

    /** Training mode (dropout active, BatchNorm uses batch statistics) for this module and all below it. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode (dropout off, BatchNorm uses running statistics) for this module and all below it. */
    public final Module eval() {
        return train(false);
    }

    public final Module train(boolean mode) {
        for (Module m : namedModules().values()) {
            m.training = mode;
        }
        return this;
    }

    public final boolean isTraining() {
        return training;
    }

    // ---------------------------------------------------------------- state

    /**
     * Parameters and buffers by dotted name, sharing storage with the module (detached), in PyTorch's order: module by
     * module, parents first, each module's parameters and then its buffers. As in PyTorch, a parameter or module
     * reachable under two names (tied weights) appears under both, so a PyTorch state dict of a model with tied
     * weights loads strictly and a saved one holds every key PyTorch's has.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        ownState().forEach((k, v) -> state.put(k, v.detach()));
        return state;
    }

    /** The entries of {@link #stateDict()}, not detached. */
    private Map<String, Tensor> ownState() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        forEachStateModule((prefix, m) -> {
            Parametrizations replaced = m.parametrizations;
            m.ownParameters().forEach((name, p) -> {
                if (replaced == null || !replaced.covers(name)) {
                    state.put(join(prefix, name), p);
                }
            });
            m.ownBuffers().forEach((name, b) -> state.put(join(prefix, name), b));
        });
        return state;
    }

    /**
     * Visits this module and every module below it under each dotted path that reaches it (PyTorch's state-dict walk,
     * which unlike {@link #namedModules()} does not skip a module met a second time), parents first.
     */
    private void forEachStateModule(BiConsumer<String, Module> visit) {
        walkState("", this, visit, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void walkState(String prefix, Module m, BiConsumer<String, Module> visit,
            Set<Module> path) {
        if (!path.add(m)) {
            return; // a module below itself: its entries are already listed under the shorter path
        }
        visit.accept(prefix, m);
        for (Map.Entry<String, Module> e : m.namedChildren().entrySet()) {
            walkState(join(prefix, e.getKey()), e.getValue(), visit, path);
        }
        path.remove(m);
    }

    /**
     * Copies {@code state} into this module's parameters and buffers. Everything is checked before anything is
     * written: missing keys (when {@code strict}), unexpected keys (when {@code strict}) and shape mismatches
     * (always) are all reported in one {@link StateDictException}, and the module is left untouched.
     *
     * @throws StateDictException listing every problem
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        state = withStateDefaults(state);
        Map<String, Tensor> own = ownState();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given == null) {
                missing.add(e.getKey());
            } else if (!given.shape().equals(e.getValue().shape())) {
                mismatched.add(e.getKey() + ": expected shape " + e.getValue().shape() + ", got " + given.shape());
            } else if (given.dtype().isFloatingPoint() != e.getValue().dtype().isFloatingPoint()) {
                mismatched.add(e.getKey() + ": expected dtype " + e.getValue().dtype() + ", got " + given.dtype());
            }
        }
        List<String> unexpected = state.keySet().stream().filter(k -> !own.containsKey(k)).toList();
        if (!mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            throw new StateDictException(describe(), missing, unexpected, mismatched);
        }
        try (Scope _ = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor given = state.get(e.getKey());
                if (given != null && given != e.getValue()) {
                    e.getValue().copyFrom(given);
                }
            }
        }
    }

    /**
     * Entries of this module's own state that checkpoints of older versions lack, with the values loading gives them
     * (PyTorch's state-dict version upgrades): BatchNorm's {@code num_batches_tracked} loads as 0 when missing.
     */
    Map<String, Tensor> stateDefaults() {
        return Map.of();
    }

    private Map<String, Tensor> withStateDefaults(Map<String, Tensor> state) {
        Map<String, Tensor> filled = new LinkedHashMap<>(state);
        forEachStateModule((prefix, m) -> m.stateDefaults().forEach((name, value) ->
                filled.putIfAbsent(join(prefix, name), value)));
        return filled.size() == state.size() ? state : filled;
    }

    // ---------------------------------------------------------------- parametrizations

    /**
     * The value a layer computes with for its parameter {@code p}: {@code p} itself, or, when a parametrization
     * replaces it ({@link Parametrizations}), the parametrization's output (recomputed on every read, as PyTorch's).
     * Layers read their weights through this so that weight and spectral normalization apply to them.
     */
    protected final Tensor parametrized(Parameter p) {
        return parametrizations == null ? p : parametrizations.valueOf(p);
    }

    Parametrizations parametrizations() {
        return parametrizations;
    }

    void parametrizations(Parametrizations value) {
        this.parametrizations = value;
    }

    // ---------------------------------------------------------------- fine-tuning and functional calls

    /**
     * Freezes ({@code false}) or unfreezes every parameter of this module and all below it (PyTorch's
     * {@code requires_grad_}); a frozen layer still updates its buffers in training mode, so call {@code eval()} on
     * it too to freeze BatchNorm statistics.
     *
     * @return this module
     */
    public final Module requiresGrad(boolean flag) {
        for (Parameter p : parameters()) {
            p.requiresGrad(flag);
        }
        return this;
    }

    /** The parameters that require grad, in {@link #parameters()} order: what an optimizer gets after freezing. */
    public final List<Parameter> trainableParameters() {
        return parameters().stream().filter(Parameter::requiresGrad).toList();
    }

    /**
     * Loads every entry of {@code state} whose name and shape fit, leaves the rest of the module as it is, and
     * reports what was loaded, missing, unexpected and mis-shaped (PyTorch's {@code strict=False}, also skipping
     * shape mismatches: a pretrained body under a new head). {@link #loadStateDict} loads all or nothing instead.
     */
    public final LoadReport loadStateDictPartial(Map<String, Tensor> state) {
        return FineTuning.loadPartial(this, state);
    }

    /**
     * {@link #call} computed with {@code tensors} in place of the parameters and buffers they name, which stay
     * untouched ({@link FunctionalCall}, PyTorch's {@code functional_call}).
     *
     * @throws IllegalArgumentException if a name is not this module's, or a shape or dtype differs
     */
    public final Tensor functionalCall(Map<String, ? extends Tensor> tensors, Tensor input) {
        return FunctionalCall.call(this, tensors, input);
    }

    // ---------------------------------------------------------------- description

    void attach(Module parent, String name) {
        this.parent = parent;
        this.nameInParent = name;
    }

    /** The dotted path from the outermost module that has enumerated this one ("" if none has). */
    public final String path() {
        if (parent == null) {
            return "";
        }
        String up = parent.path();
        return up.isEmpty() ? nameInParent : up + "." + nameInParent;
    }

    /** How errors name this module: its dotted path and type, e.g. {@code features.0 (Conv2d)}. */
    public final String describe() {
        String p = path();
        return p.isEmpty() ? getClass().getSimpleName() : p + " (" + getClass().getSimpleName() + ")";
    }

    /** The settings shown inside the parentheses of {@link #toString()}, e.g. {@code in=4, out=8, bias=true}. */
    protected String extraRepr() {
        return "";
    }

    /**
     * A per-layer table for an input of {@code inputShape}: each module called, its output shape and its own
     * parameter count, then the totals ({@link ModuleSummary#of(Module, int...)}: one forward pass on zeros, without
     * gradients). With no shape, the structure and parameter counts without running the model.
     */
    public final ModuleSummary summary(int... inputShape) {
        return inputShape.length == 0 ? ModuleSummary.of(this) : ModuleSummary.of(this, inputShape);
    }

    /** PyTorch-style nested description of the module and its children. */
    @Override
    public String toString() {
        Map<String, Module> children = namedChildren();
        String head = getClass().getSimpleName() + "(" + extraRepr();
        if (children.isEmpty()) {
            return head + ")";
        }
        StringBuilder sb = new StringBuilder(head);
        if (!extraRepr().isEmpty()) {
            sb.append(',');
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            sb.append("\n  (").append(e.getKey()).append("): ")
                    .append(e.getValue().toString().replace("\n", "\n  "));
        }
        return sb.append("\n)").toString();
    }
}
