package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * RMSprop (Hinton, Lecture 6e of "Neural Networks for Machine Learning", 2012), with the centered variant of
 * Graves ("Generating Sequences With Recurrent Neural Networks", 2013), as PyTorch's {@code torch.optim.RMSprop}.
 * Per parameter:
 *
 * <pre>
 * g = grad (negated when maximizing) + weightDecay * p
 * s = alpha * s + (1 - alpha) * g * g
 * a = alpha * a + (1 - alpha) * g,   r = sqrt(s - a * a) + eps       (centered)
 *                                    r = sqrt(s) + eps               (otherwise)
 * b = momentum * b + g / r,   p = p - lr * b                         (momentum &gt; 0)
 * p = p - lr * g / r                                                 (otherwise)
 * </pre>
 *
 * {@snippet file="OptimSnippets.java" region="rmsprop"}
 */
public final class RMSprop extends PerParameterOptimizer<RMSprop.Options, RMSprop.State> {

    /**
     * RMSprop's settings, with PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, no momentum,
     * not centered, minimizing.
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum,
            boolean centered, boolean maximize) implements Hyperparameters<Options>, HasMomentum<Options> {

        public static final Options DEFAULT = new Options(1e-2, 0.99, 1e-8, 0, 0, false, false);

        /**
         * @throws IllegalArgumentException if lr, eps, weightDecay or momentum is negative or not finite, or alpha is
         *         outside [0, 1]
         */
        public Options {
            Check.nonNegative("RMSprop", "lr", lr);
            Check.closedUnitInterval("RMSprop", "alpha", alpha);
            Check.nonNegative("RMSprop", "eps", eps);
            Check.nonNegative("RMSprop", "weightDecay", weightDecay);
            Check.nonNegative("RMSprop", "momentum", momentum);
        }

        @Override
        public Options withLr(double value) {
            return new Options(value, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        /** The smoothing constant of the squared-gradient average. */
        public Options withAlpha(double value) {
            return new Options(lr, value, eps, weightDecay, momentum, centered, maximize);
        }

        public Options withEps(double value) {
            return new Options(lr, alpha, value, weightDecay, momentum, centered, maximize);
        }

        public Options withWeightDecay(double value) {
            return new Options(lr, alpha, eps, value, momentum, centered, maximize);
        }

        @Override
        public Options withMomentum(double value) {
            return new Options(lr, alpha, eps, weightDecay, value, centered, maximize);
        }

        /** Normalizes by the estimated variance of the gradient instead of its second moment. */
        public Options withCentered(boolean value) {
            return new Options(lr, alpha, eps, weightDecay, momentum, value, maximize);
        }

        /** Ascends the objective instead of descending it. */
        public Options withMaximize(boolean value) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, value);
        }
    }

    /**
     * RMSprop's state of one parameter; tensors have the parameter's shape.
     *
     * @param step updates applied so far
     * @param squareAvg {@code s}, PyTorch's {@code square_avg}
     * @param gradAvg {@code a} when centered, else null
     * @param momentumBuffer {@code b} with momentum, else null
     */
    public record State(long step, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuffer) {
    }

    /** RMSprop with the default settings but learning rate {@code lr}. */
    public RMSprop(List<? extends Tensor> params, double lr) {
        this(params, Options.DEFAULT.withLr(lr));
    }

    public RMSprop(List<? extends Tensor> params, Options options) {
        super(params, options, RmspropRule::update, RmspropCodec.INSTANCE);
    }
}
