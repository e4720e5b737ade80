package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), as PyTorch's
 * {@code torch.optim.AdamW}: Adam whose weight decay shrinks the parameter directly instead of entering the
 * gradient and the moments. Per parameter, with {@code t} counting its updates:
 *
 * <pre>
 * p = p * (1 - lr * weightDecay)
 * m = beta1 * m + (1 - beta1) * g              (g negated when maximizing)
 * v = beta2 * v + (1 - beta2) * g * g          (vMax = max(vMax, v) with AMSGrad, used in place of v)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <pre>{@code
 * AdamW adamW = new AdamW(model.parameters(), AdamW.Options.DEFAULT.withLr(3e-4).withWeightDecay(0.05));
 * }</pre>
 */
public final class AdamW extends Optimizer<AdamW.Options, AdamState> {

    /**
     * AdamW's settings, with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no
     * AMSGrad, minimizing.
     *
     * @throws IllegalArgumentException if lr, eps or weightDecay is negative or not finite, or a beta is outside
     *         [0, 1)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize) implements Hyperparameters<Options>, HasMomentum<Options> {

        public static final Options DEFAULT = new Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false);

        public Options {
            Check.nonNegative("AdamW", "lr", lr);
            Check.unitInterval("AdamW", "beta1", beta1);
            Check.unitInterval("AdamW", "beta2", beta2);
            Check.nonNegative("AdamW", "eps", eps);
            Check.nonNegative("AdamW", "weightDecay", weightDecay);
        }

        @Override
        public Options withLr(double value) {
            return new Options(value, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withEps(double value) {
            return new Options(lr, beta1, beta2, value, weightDecay, amsgrad, maximize);
        }

        public Options withWeightDecay(double value) {
            return new Options(lr, beta1, beta2, eps, value, amsgrad, maximize);
        }

        public Options withAmsgrad(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, value, maximize);
        }

        /** Ascends the objective instead of descending it. */
        public Options withMaximize(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, value);
        }

        /** beta1. */
        @Override
        public double momentum() {
            return beta1;
        }

        /** Sets beta1. */
        @Override
        public Options withMomentum(double value) {
            return withBetas(value, beta2);
        }
    }

    /** AdamW with the default settings but learning rate {@code lr}. */
    public AdamW(List<? extends Tensor> params, double lr) {
        this(params, Options.DEFAULT.withLr(lr));
    }

    public AdamW(List<? extends Tensor> params, Options options) {
        super(params, options);
    }

    @Override
    protected AdamState update(Tensor param, Tensor grad, Options o, AdamState state) {
        return Adam.advance(param, grad, state, o.lr(), o.beta1(), o.beta2(), o.eps(), o.amsgrad(), o.maximize(), 0,
                1 - o.lr() * o.weightDecay());
    }

    @Override
    protected Map<String, Object> encodeOptions(Options o) {
        return Adam.encodeOptions(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.amsgrad(), o.maximize());
    }

    @Override
    protected Options decodeOptions(StateEntries e) {
        return Adam.decodeOptions(e, Options::new);
    }

    @Override
    protected Map<String, Object> encodeState(AdamState s) {
        return Adam.encode(s);
    }

    @Override
    protected AdamState decodeState(Tensor param, StateEntries e) {
        return Adam.decode(param, e);
    }
}
