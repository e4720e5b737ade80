package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), as PyTorch's
 * {@code torch.optim.Adam}, with AMSGrad (Reddi et al., "On the Convergence of Adam and Beyond", ICLR 2018). Per
 * parameter, with {@code t} counting its updates:
 *
 * <pre>
 * g = grad (negated when maximizing) + weightDecay * p
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g          (vMax = max(vMax, v) with AMSGrad, used in place of v)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Weight decay here is L2 regularization added to the gradient; {@link AdamW} decouples it.
 *
 * {@snippet file="OptimSnippets.java" region="adam"}
 */
public final class Adam extends PerParameterOptimizer<Adam.Options, AdamState> {

    /**
     * The settings of Adam and, with {@code decoupledWeightDecay}, of {@link AdamW} (as PyTorch 2.6's
     * {@code Adam(decoupled_weight_decay=True)} is AdamW). {@link #DEFAULT} is PyTorch's Adam: lr 1e-3, betas
     * (0.9, 0.999), eps 1e-8, no weight decay, no AMSGrad, minimizing; {@link AdamW.Options#DEFAULT} is AdamW's.
     *
     * @param decoupledWeightDecay AdamW's weight decay, {@code p = p * (1 - lr * weightDecay)} before the update,
     *        instead of Adam's added to the gradient; each optimizer accepts only its own
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize, boolean decoupledWeightDecay) implements Hyperparameters<Options>, HasMomentum<Options> {

        public static final Options DEFAULT = new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);

        /**
         * @throws IllegalArgumentException if lr, eps or weightDecay is negative or not finite, or a beta is outside
         *         [0, 1); the message names Adam or AdamW after {@code decoupledWeightDecay}
         */
        public Options {
            String owner = decoupledWeightDecay ? "AdamW" : "Adam";
            Check.nonNegative(owner, "lr", lr);
            Check.unitInterval(owner, "beta1", beta1);
            Check.unitInterval(owner, "beta2", beta2);
            Check.nonNegative(owner, "eps", eps);
            Check.nonNegative(owner, "weightDecay", weightDecay);
        }

        /** Adam's settings, with the weight decay added to the gradient. */
        public Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                boolean maximize) {
            this(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, false);
        }

        @Override
        public Options withLr(double value) {
            return new Options(value, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
        }

        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
        }

        public Options withEps(double value) {
            return new Options(lr, beta1, beta2, value, weightDecay, amsgrad, maximize, decoupledWeightDecay);
        }

        public Options withWeightDecay(double value) {
            return new Options(lr, beta1, beta2, eps, value, amsgrad, maximize, decoupledWeightDecay);
        }

        public Options withAmsgrad(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, value, maximize, decoupledWeightDecay);
        }

        /** Ascends the objective instead of descending it. */
        public Options withMaximize(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, value, decoupledWeightDecay);
        }

        /** AdamW's weight decay when true (for {@link AdamW}), Adam's when false (for {@link Adam}). */
        public Options withDecoupledWeightDecay(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, value);
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

    /** Adam with the default settings but learning rate {@code lr}. */
    public Adam(List<? extends Tensor> params, double lr) {
        this(params, Options.DEFAULT.withLr(lr));
    }

    /** @throws IllegalArgumentException if {@code options} have decoupled weight decay (use {@link AdamW}) */
    public Adam(List<? extends Tensor> params, Options options) {
        super(params, options, AdamRule::update, AdamCodec.ADAM);
    }

    @Override
    void checkOptions(Options options) {
        Check.require(!options.decoupledWeightDecay(), name(), () -> "these options have decoupled weight decay, "
                + "which is AdamW's; use new AdamW(params, options), or options.withDecoupledWeightDecay(false)");
    }
}
