package org.backprop4j.optim;

import java.util.List;
import java.util.function.UnaryOperator;

import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;

/**
 * An optimizer that updates each parameter on its own from its gradient (SGD, RMSprop, Adagrad, Adam, AdamW):
 * {@link #step()} runs the optimizer's update rule once per parameter that has a gradient, in grad-off mode,
 * and skips the others (no state is made for them). Groups can be added, e.g. layers unfrozen during fine-tuning.
 *
 * <p>This class is the one place that hands a parameter to its rule: as arrays indexed from 0 (a contiguous copy
 * for a view, written back after), the parameter's taken through {@code Storage.writable*()} so autograd sees the
 * write.
 *
 * <p>A new optimizer is a settings record, a state record, an {@link UpdateRule} and a {@link StateCodec}; here
 * signSGD (Bernstein et al. 2018), {@code p -= lr * sign(g)}, with no state:
 * {@snippet file="OptimSnippets.java" region="customOptimizer"}
 *
 * @param <H> the settings record of the optimizer
 * @param <S> the per-parameter state record
 */
public abstract non-sealed class PerParameterOptimizer<H extends Hyperparameters<H>, S> extends Optimizer<H, S> {
    private final UpdateRule<H, S> rule;
    private final StateCodec<H, S> codec;

    /**
     * One group of {@code params} with {@code defaults}, updated by {@code rule}, whose settings and state
     * {@code codec} writes to and reads from state dicts. This is how a new optimizer is written (see the example
     * above).
     *
     * @throws IllegalArgumentException if {@code params} is empty, holds a tensor twice, a non-leaf or a
     *         non-floating tensor
     */
    protected PerParameterOptimizer(List<? extends Tensor> params, H defaults, UpdateRule<H, S> rule,
            StateCodec<H, S> codec) {
        super(params, defaults);
        this.rule = rule;
        this.codec = codec;
    }

    @Override
    final StateCodec<H, S> codec() {
        return codec;
    }

    /**
     * Adds a group of parameters with their own settings (PyTorch's {@code add_param_group}).
     *
     * @throws IllegalArgumentException if {@code params} is empty, holds a tensor twice or one that is already in
     *         a group, a non-leaf or a non-floating tensor, or {@code options} are another optimizer's
     */
    public final void addParamGroup(List<? extends Tensor> params, H options) {
        addGroup(params, options);
    }

    /** Adds a group whose settings are the defaults changed by {@code override}, e.g. {@code o -> o.withLr(0.1)}. */
    public final void addParamGroup(List<? extends Tensor> params, UnaryOperator<H> override) {
        addGroup(params, override.apply(defaults()));
    }

    /** Updates every parameter that has a gradient, once. */
    public final void step() {
        try (Scope _ = GradMode.noGrad()) {
            for (ParamGroup<H> g : paramGroups()) {
                H options = g.options();
                for (Tensor p : g.params()) {
                    Tensor grad = p.gradForUpdate();
                    if (grad != null) {
                        update(p, grad, options);
                    }
                }
            }
        }
    }

    /**
     * Evaluates {@code closure} (with grad mode on) unless it is null, then updates every parameter that has a
     * gradient.
     *
     * @return the closure's loss, or null without a closure
     */
    @Override
    public final Tensor step(LossClosure closure) {
        Tensor loss = closure == null ? null : evaluate(closure);
        step();
        return loss;
    }

    private void update(Tensor p, Tensor grad, H options) {
        WritableElements data = WritableElements.of(p);
        Tensor g = WritableElements.flat(grad);
        FlatParameter flat = new FlatParameter(p.shape(), p.dtype(), data.floats(), data.doubles(),
                g.storage().floats(), g.storage().doubles());
        S next = rule.update(flat, options, state(p));
        data.writeBack();
        setState(p, next);
    }
}
