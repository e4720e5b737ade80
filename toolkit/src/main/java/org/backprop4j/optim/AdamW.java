package org.backprop4j.optim;

import java.util.List;

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
 * Its settings are {@link Adam.Options} with {@code decoupledWeightDecay}, starting from {@link Options#DEFAULT}.
 *
 * {@snippet file="OptimSnippets.java" region="adamW"}
 */
public final class AdamW extends PerParameterOptimizer<Adam.Options, AdamState> {

    /** AdamW's defaults; its settings are {@link Adam.Options}, whose record both optimizers share. */
    public static final class Options {
        /**
         * PyTorch's AdamW: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no AMSGrad, minimizing,
         * decoupled weight decay.
         */
        public static final Adam.Options DEFAULT = new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false, true);

        private Options() {
        }
    }

    /** AdamW with the default settings but learning rate {@code lr}. */
    public AdamW(List<? extends Tensor> params, double lr) {
        this(params, Options.DEFAULT.withLr(lr));
    }

    /** @throws IllegalArgumentException if {@code options} do not have decoupled weight decay (use {@link Adam}) */
    public AdamW(List<? extends Tensor> params, Adam.Options options) {
        super(params, options, AdamRule::update, AdamCodec.ADAMW);
    }

    @Override
    void checkOptions(Adam.Options options) {
        Check.require(options.decoupledWeightDecay(), name(), () -> "these options add the weight decay to the "
                + "gradient, which is Adam's; start from AdamW.Options.DEFAULT, or use "
                + "options.withDecoupledWeightDecay(true)");
    }
}
