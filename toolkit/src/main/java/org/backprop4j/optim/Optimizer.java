package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

import org.backprop4j.array.Scope;
import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;

/**
 * Updates parameters from their gradients (PyTorch's {@code torch.optim.Optimizer}). Parameters sit in groups, each
 * with its own settings (learning rate, ...); {@link #step(LossClosure)} updates them; {@link #zeroGrad()} clears
 * the gradients. State (moments, momentum buffers, step counts) is typed per parameter and round-trips through
 * {@link #stateDict()} and {@link #loadStateDict}, so a restored optimizer continues bit for bit.
 *
 * <p>Two kinds: a {@link PerParameterOptimizer} (SGD, RMSprop, Adagrad, Adam, AdamW) updates each parameter on its
 * own and has {@code step()} and {@code addParamGroup}; {@link LBFGS} treats all parameters as one vector, in one
 * group, and steps only with a closure.
 *
 * {@snippet file="OptimSnippets.java" region="optimizer"}
 *
 * @param <H> the settings record of the optimizer
 * @param <S> the per-parameter state record
 */
public abstract sealed class Optimizer<H extends Hyperparameters<H>, S> permits PerParameterOptimizer, LBFGS {
    /**
     * Fewer elements than this per chunk and handing a chunk of an update loop to another thread costs more than it
     * saves; the loops are memory-bound, and on large tensors a second core adds bandwidth (benchmarks/run-optim.sh
     * measures it). {@link org.backprop4j.backend.Threads} sets how many threads share the work.
     */
    static final int UPDATE_CHUNK = 1 << 16;

    private final H defaults;
    private final List<ParamGroup<H>> groups = new ArrayList<>();
    private final Map<Tensor, S> state = new IdentityHashMap<>();

    /**
     * One group of {@code params} with {@code defaults}.
     *
     * @throws IllegalArgumentException if {@code params} is empty, holds a tensor twice, a non-leaf or a
     *         non-floating tensor, or {@code defaults} are another optimizer's
     */
    Optimizer(List<? extends Tensor> params, H defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        Check.require(params != null && !params.isEmpty(), name(), () -> "got an empty parameter list; pass the "
                + "tensors to optimize, e.g. model.parameters()");
        addGroup(params, defaults);
    }

    /** How this optimizer's settings and state read and write state-dict entries. */
    abstract StateCodec<H, S> codec();

    /**
     * Refuses settings this optimizer cannot run (Adam's and AdamW's share a record); called wherever settings come
     * in. Accepts everything unless overridden.
     *
     * @throws IllegalArgumentException if {@code options} are not this optimizer's
     */
    void checkOptions(H options) {
    }

    /** The optimizer's name in messages and state dicts: its class's simple name, e.g. {@code Adam}. */
    public final String name() {
        return getClass().getSimpleName();
    }

    /** The settings given at construction, from which {@code addParamGroup(params, override)} starts. */
    public final H defaults() {
        return defaults;
    }

    final void addGroup(List<? extends Tensor> params, H options) {
        checkOptions(Objects.requireNonNull(options, "options"));
        groups.add(ParamGroup.checked(name(), groups, params, options));
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

    /**
     * Replaces group {@code group}'s settings (the record validated its values when it was made).
     *
     * @throws IllegalArgumentException if {@code options} are another optimizer's
     */
    public final void setOptions(int group, H options) {
        ParamGroup<H> g = group(group);
        checkOptions(Objects.requireNonNull(options, "options"));
        g.setOptions(options);
    }

    /** Group {@code group}'s learning rate. */
    public final double lr(int group) {
        return group(group).lr();
    }

    /** Every group's learning rate, in group order. */
    public final double[] lrs() {
        return groups.stream().mapToDouble(ParamGroup::lr).toArray();
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
        return momentumOptions(group).momentum();
    }

    /**
     * Sets group {@code group}'s momentum (beta1 for Adam and AdamW).
     *
     * @throws UnsupportedOperationException if the optimizer has no momentum setting
     * @throws IllegalArgumentException if {@code momentum} is outside the optimizer's range
     */
    @SuppressWarnings("unchecked")
    public final void setMomentum(int group, double momentum) {
        setOptions(group, ((HasMomentum<H>) momentumOptions(group)).withMomentum(momentum));
    }

    private HasMomentum<?> momentumOptions(int group) {
        if (!(group(group).options() instanceof HasMomentum<?> m)) {
            throw new UnsupportedOperationException(name() + " has no momentum setting");
        }
        return m;
    }

    // ---------------------------------------------------------------- stepping

    /** Clears every parameter's gradient (sets it to null, as PyTorch 2's default {@code set_to_none}). */
    public final void zeroGrad() {
        for (ParamGroup<H> g : groups) {
            for (Tensor p : g.params()) {
                p.zeroGrad();
            }
        }
    }

    /**
     * Evaluates {@code closure} with grad mode on (it clears the gradients, computes the loss and calls
     * {@code backward()}), then updates the parameters.
     *
     * @return the closure's loss
     */
    public abstract Tensor step(LossClosure closure);

    /** {@code closure}'s loss, evaluated with grad mode on whatever the caller's mode. */
    static Tensor evaluate(LossClosure closure) {
        try (Scope _ = GradMode.enableGrad()) {
            return closure.evaluate();
        }
    }

    /** The state of {@code param}, or null before its first update. */
    final S state(Tensor param) {
        return state.get(param);
    }

    final void setState(Tensor param, S value) {
        state.put(param, value);
    }

    // ---------------------------------------------------------------- state dicts

    /**
     * The settings of every group and the state of every parameter, as copies: later steps do not change the
     * returned dict.
     */
    public final OptimizerStateDict stateDict() {
        return StateDicts.save(name(), groups, state, codec());
    }

    /**
     * Restores settings and state saved by {@link #stateDict()} of an optimizer of the same type whose groups
     * have as many parameters, in the same order and shapes. Everything is checked before anything changes.
     *
     * @throws OptimizerStateDictException if the dict comes from another optimizer type, the groups or shapes
     *         differ, or a value is missing or of the wrong type; this optimizer is then unchanged
     */
    public final void loadStateDict(OptimizerStateDict dict) {
        StateDicts.Loaded<H, S> loaded;
        try {
            loaded = StateDicts.load(name(), groups, dict, codec());
        } catch (OptimizerStateDictException e) {
            throw e.nothingLoaded();
        }
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setOptions(loaded.options().get(i));
            groups.get(i).setInitialLr(loaded.initialLrs()[i]);
        }
        state.clear();
        state.putAll(loaded.state());
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
