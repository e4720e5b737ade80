package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.tensor.Tensor;

/**
 * Updates parameters from their gradients (PyTorch's {@code torch.optim.Optimizer}). Parameters sit in groups,
 * each with its own settings; {@link #step()} updates every parameter that has a gradient and skips those without
 * one (no state is created for them); {@link #zeroGrad()} clears the gradients. State (moments, momentum buffers,
 * step counts) is typed per parameter and round-trips through {@link #stateDict()} and {@link #loadStateDict}, so a
 * restored optimizer continues bit for bit.
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), Adam.Options.DEFAULT.withLr(1e-3));
 * for (int step = 0; step < 100; step++) {
 *     adam.zeroGrad();
 *     new MSELoss().forward(model.call(x), y).backward();
 *     adam.step();
 * }
 * }</pre>
 *
 * Subclasses implement {@link #update} (one parameter's update from its gradient, on contiguous storage, in place)
 * and the conversions of their settings and state to and from state-dict entries.
 *
 * @param <H> the settings record of the optimizer
 * @param <S> the per-parameter state record
 */
public abstract class Optimizer<H extends Hyperparameters<H>, S> {
    private final H defaults;
    private final List<ParamGroup<H>> groups = new ArrayList<>();
    private final Map<Tensor, S> state = new IdentityHashMap<>();

    /**
     * One group of {@code params} with {@code defaults}.
     *
     * @throws IllegalArgumentException if {@code params} is empty, holds a tensor twice, a non-leaf or a
     *         non-floating tensor
     */
    protected Optimizer(List<? extends Tensor> params, H defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(name() + ": got an empty parameter list; pass the tensors to "
                    + "optimize, e.g. model.parameters()");
        }
        addGroup(params, defaults);
    }

    /** The optimizer's name in messages and state dicts: its class's simple name, e.g. {@code Adam}. */
    public final String name() {
        return getClass().getSimpleName();
    }

    /** The settings given at construction, from which {@link #addParamGroup(List, UnaryOperator)} starts. */
    public final H defaults() {
        return defaults;
    }

    /**
     * Adds a group of parameters with their own settings (PyTorch's {@code add_param_group}), e.g. layers
     * unfrozen during fine-tuning.
     *
     * @throws IllegalArgumentException if {@code params} is empty, holds a tensor twice or one that is already in
     *         a group, a non-leaf or a non-floating tensor
     */
    public void addParamGroup(List<? extends Tensor> params, H options) {
        addGroup(params, options);
    }

    private void addGroup(List<? extends Tensor> params, H options) {
        groups.add(ParamGroup.checked(name(), groups, params, Objects.requireNonNull(options, "options")));
    }

    /** Adds a group whose settings are the defaults changed by {@code override}, e.g. {@code o -> o.withLr(0.1)}. */
    public final void addParamGroup(List<? extends Tensor> params, UnaryOperator<H> override) {
        addParamGroup(params, override.apply(defaults));
    }

    /** The parameter groups, in order (an unmodifiable view). */
    public final List<ParamGroup<H>> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    private ParamGroup<H> group(int index) {
        if (index < 0 || index >= groups.size()) {
            throw new IndexOutOfBoundsException(name() + ": no parameter group " + index + "; there are "
                    + groups.size());
        }
        return groups.get(index);
    }

    /** Group {@code group}'s settings. */
    public final H options(int group) {
        return group(group).options();
    }

    /** Replaces group {@code group}'s settings (they were validated when the record was made). */
    public void setOptions(int group, H options) {
        group(group).setOptions(Objects.requireNonNull(options, "options"));
    }

    /** Group {@code group}'s learning rate. */
    public final double lr(int group) {
        return group(group).lr();
    }

    /** Every group's learning rate, in group order. */
    public final double[] lrs() {
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = groups.get(i).lr();
        }
        return out;
    }

    /**
     * Sets group {@code group}'s learning rate.
     *
     * @throws IllegalArgumentException if {@code lr} is negative, infinite or NaN
     */
    public final void setLr(int group, double lr) {
        setOptions(group, group(group).options().withLr(lr));
    }

    /** Sets every group's learning rate. */
    public final void setLr(double lr) {
        for (int i = 0; i < groups.size(); i++) {
            setLr(i, lr);
        }
    }

    /** The learning rate schedules started from (PyTorch's {@code initial_lr}); empty before any schedule. */
    public final OptionalDouble initialLr(int group) {
        return group(group).initialLr();
    }

    /** Records the learning rate a schedule starts from; schedules call it, users rarely need to. */
    public final void setInitialLr(int group, double lr) {
        group(group).setInitialLr(Check.nonNegative(name(), "lr", lr));
    }

    /** True when the settings have a momentum a schedule can cycle (SGD, RMSprop; beta1 of Adam and AdamW). */
    public final boolean hasMomentum() {
        return defaults instanceof HasMomentum<?>;
    }

    /**
     * Group {@code group}'s momentum (beta1 for Adam and AdamW).
     *
     * @throws UnsupportedOperationException if the optimizer has no momentum setting
     */
    public final double momentum(int group) {
        if (!(group(group).options() instanceof HasMomentum<?> m)) {
            throw new UnsupportedOperationException(name() + " has no momentum setting");
        }
        return m.momentum();
    }

    /**
     * Sets group {@code group}'s momentum (beta1 for Adam and AdamW).
     *
     * @throws UnsupportedOperationException if the optimizer has no momentum setting
     */
    @SuppressWarnings("unchecked")
    public final void setMomentum(int group, double momentum) {
        if (!(group(group).options() instanceof HasMomentum<?> m)) {
            throw new UnsupportedOperationException(name() + " has no momentum setting");
        }
        setOptions(group, ((HasMomentum<H>) m).withMomentum(momentum));
    }

    // ---------------------------------------------------------------- stepping

    /**
     * Fewer elements than this per chunk and handing a chunk of an update loop to another thread costs more than it
     * saves; the loops are memory-bound, and on large tensors a second core adds bandwidth (benchmarks/run-optim.sh
     * measures it). {@link org.backprop4j.backend.Threads} sets how many threads share the work.
     */
    static final int UPDATE_CHUNK = 1 << 16;

    /** Clears every parameter's gradient (sets it to null, as PyTorch 2's default {@code set_to_none}). */
    public void zeroGrad() {
        for (ParamGroup<H> g : groups) {
            for (Tensor p : g.params()) {
                p.zeroGrad();
            }
        }
    }

    /** Updates every parameter that has a gradient, once. */
    public void step() {
        step(null);
    }

    /**
     * Evaluates {@code closure} (with grad mode on), then updates every parameter that has a gradient.
     *
     * @return the closure's loss, or null without a closure
     */
    public Tensor step(LossClosure closure) {
        Tensor loss = null;
        if (closure != null) {
            try (Scope _ = GradMode.enableGrad()) {
                loss = closure.evaluate();
            }
        }
        try (Scope _ = GradMode.noGrad()) {
            for (ParamGroup<H> g : groups) {
                H options = g.options();
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad != null) {
                        updateParameter(p, grad, options);
                    }
                }
            }
        }
        return loss;
    }

    private void updateParameter(Tensor p, Tensor grad, H options) {
        Tensor data = flat(p);
        Tensor g = flat(grad);
        S next = update(data, g, options, state.get(p));
        if (data != p) {
            p.copyFrom(data);
        } else {
            p.storage().writable();
        }
        state.put(p, next);
    }

    /**
     * {@code t} itself when its elements are the start of its storage in order, else such a copy. The update loops
     * index every array from 0: C2 vectorizes them only then, since with different offsets into arrays that might
     * be the same it cannot rule out a dependence between iterations.
     */
    static Tensor flat(Tensor t) {
        return t.offset() == 0 && t.isContiguous() ? t : StateEntries.snapshot(t);
    }

    /**
     * One update of a parameter from its gradient of the same shape and dtype, both laid out as elements
     * {@code 0..numel-1} of their storage, writing the parameter's storage in place (the caller bumps its
     * version).
     *
     * @param state the parameter's state after its previous update, or null before the first
     * @return the state after this update
     */
    protected abstract S update(Tensor param, Tensor grad, H options, S state);

    /** The state of {@code param}, or null before its first update. */
    protected final S state(Tensor param) {
        return state.get(param);
    }

    /** Replaces the state of {@code param} (for optimizers that step outside {@link #update}). */
    protected final void setState(Tensor param, S value) {
        state.put(param, value);
    }

    // ---------------------------------------------------------------- state dicts

    /** The settings as state-dict entries under PyTorch's names. */
    protected abstract Map<String, Object> encodeOptions(H options);

    /** Settings from state-dict entries; fails through {@code entries} on a missing or mistyped value. */
    protected abstract H decodeOptions(StateEntries entries);

    /** A parameter's state as state-dict entries; tensors are copies. */
    protected abstract Map<String, Object> encodeState(S state);

    /** A parameter's state from state-dict entries, with copies of its tensors in {@code param}'s dtype. */
    protected abstract S decodeState(Tensor param, StateEntries entries);

    /**
     * The settings of every group and the state of every parameter, as copies: later steps do not change the
     * returned dict.
     */
    public final OptimizerStateDict stateDict() {
        List<OptimizerStateDict.Group> packed = new ArrayList<>();
        Map<Integer, Map<String, Object>> packedState = new LinkedHashMap<>();
        int index = 0;
        for (ParamGroup<H> g : groups) {
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                S s = state.get(p);
                if (s != null) {
                    packedState.put(index, encodeState(s));
                }
                ids.add(index++);
            }
            Map<String, Object> options = new LinkedHashMap<>(encodeOptions(g.options()));
            g.initialLr().ifPresent(lr -> options.put("initial_lr", lr));
            packed.add(new OptimizerStateDict.Group(ids, options));
        }
        return new OptimizerStateDict(name(), packed, packedState);
    }

    /**
     * Restores settings and state saved by {@link #stateDict()} of an optimizer of the same type whose groups
     * have as many parameters, in the same order and shapes. Everything is checked before anything changes.
     *
     * @throws IllegalArgumentException if the dict comes from another optimizer type, the groups or shapes
     *         differ, or a value is missing or of the wrong type; this optimizer is then unchanged
     */
    public final void loadStateDict(OptimizerStateDict dict) {
        String where = name() + ".loadStateDict";
        if (!dict.optimizer().equals(name())) {
            throw new IllegalArgumentException(where + ": the state dict was saved by " + dict.optimizer()
                    + ", not " + name() + "; nothing was loaded");
        }
        if (dict.paramGroups().size() != groups.size()) {
            throw new IllegalArgumentException(where + ": the state dict has " + dict.paramGroups().size()
                    + " parameter groups, this optimizer " + groups.size() + "; nothing was loaded");
        }
        List<Tensor> byIndex = new ArrayList<>();
        Map<Integer, Tensor> params = new LinkedHashMap<>();
        List<H> options = new ArrayList<>();
        List<Double> initialLrs = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            OptimizerStateDict.Group saved = dict.paramGroups().get(i);
            List<Tensor> own = groups.get(i).params();
            if (saved.params().size() != own.size()) {
                throw new IllegalArgumentException(where + ": group " + i + " of the state dict has "
                        + saved.params().size() + " parameters, this optimizer's " + own.size()
                        + "; nothing was loaded");
            }
            for (int j = 0; j < own.size(); j++) {
                params.put(saved.params().get(j), own.get(j));
                byIndex.add(own.get(j));
            }
            Map<String, Object> values = new LinkedHashMap<>(saved.options());
            Object initial = values.remove("initial_lr");
            StateEntries entries = new StateEntries(where + ": group " + i + " settings", values);
            options.add(decode(entries, () -> decodeOptions(entries)));
            if (initial != null && !(initial instanceof Double)) {
                throw entries.error("'initial_lr' is " + initial + ", expected a number");
            }
            initialLrs.add((Double) initial);
        }
        Map<Tensor, S> loaded = new IdentityHashMap<>();
        for (Map.Entry<Integer, Map<String, Object>> e : dict.state().entrySet()) {
            Tensor p = params.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException(where + ": the state dict has state for parameter " + e.getKey()
                        + ", which is in none of its groups; nothing was loaded");
            }
            StateEntries entries = new StateEntries(where + ": state of parameter " + e.getKey() + " (shape "
                    + p.shape() + ")", e.getValue());
            loaded.put(p, decode(entries, () -> decodeState(p, entries)));
        }
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setOptions(options.get(i));
            groups.get(i).setInitialLr(initialLrs.get(i) == null ? Double.NaN : initialLrs.get(i));
        }
        state.clear();
        state.putAll(loaded);
        afterLoad(byIndex);
    }

    /** Called after a successful {@link #loadStateDict}, for optimizers with state beyond the per-parameter one. */
    protected void afterLoad(List<Tensor> params) {
    }

    private static <T> T decode(StateEntries entries, java.util.function.Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("loadStateDict")) {
                throw new IllegalArgumentException(e.getMessage() + "; nothing was loaded", e);
            }
            throw entries.error(e.getMessage() + "; nothing was loaded");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name()).append('(');
        for (int i = 0; i < groups.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("\n  group ").append(i).append(": ").append(groups.get(i));
        }
        return sb.append("\n)").toString();
    }
}
