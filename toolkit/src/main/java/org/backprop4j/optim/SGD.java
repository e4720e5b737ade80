package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum (Sutskever et al., "On the importance
 * of initialization and momentum in deep learning", ICML 2013) and L2 weight decay, as PyTorch's
 * {@code torch.optim.SGD}. Per parameter:
 *
 * <pre>
 * g = grad (negated when maximizing) + weightDecay * p
 * b = g on the first step, else momentum * b + (1 - dampening) * g      (only with momentum &gt; 0)
 * d = g + momentum * b with Nesterov, else b (or g without momentum)
 * p = p - lr * d
 * </pre>
 *
 * {@snippet file="OptimSnippets.java" region="sgd"}
 */
public final class SGD extends PerParameterOptimizer<SGD.Options, SGD.State> {

    /**
     * SGD's settings. PyTorch 1.13 has no default learning rate; {@link #DEFAULT} uses 1e-3 as later PyTorch
     * versions do, with no momentum, no dampening, no weight decay, no Nesterov, minimizing.
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
            boolean maximize) implements Hyperparameters<Options>, HasMomentum<Options> {

        public static final Options DEFAULT = new Options(1e-3, 0, 0, 0, false, false);

        /**
         * @throws IllegalArgumentException if lr, momentum or weightDecay is negative or not finite, dampening is
         *         outside [0, 1], or Nesterov is asked without momentum or with dampening
         */
        public Options {
            Check.nonNegative("SGD", "lr", lr);
            Check.nonNegative("SGD", "momentum", momentum);
            Check.closedUnitInterval("SGD", "dampening", dampening);
            Check.nonNegative("SGD", "weightDecay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum requires momentum > 0 and dampening 0, "
                        + "got momentum " + momentum + " and dampening " + dampening);
            }
        }

        /** The defaults with learning rate {@code lr}. */
        public static Options of(double lr) {
            return DEFAULT.withLr(lr);
        }

        @Override
        public Options withLr(double value) {
            return new Options(value, momentum, dampening, weightDecay, nesterov, maximize);
        }

        @Override
        public Options withMomentum(double value) {
            return new Options(lr, value, dampening, weightDecay, nesterov, maximize);
        }

        public Options withDampening(double value) {
            return new Options(lr, momentum, value, weightDecay, nesterov, maximize);
        }

        public Options withWeightDecay(double value) {
            return new Options(lr, momentum, dampening, value, nesterov, maximize);
        }

        public Options withNesterov(boolean value) {
            return new Options(lr, momentum, dampening, weightDecay, value, maximize);
        }

        /** Ascends the objective instead of descending it. */
        public Options withMaximize(boolean value) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, value);
        }
    }

    /**
     * SGD's state of one parameter.
     *
     * @param momentumBuffer the velocity {@code b}, of the parameter's shape; null without momentum
     */
    public record State(Tensor momentumBuffer) {
    }

    /** Plain SGD with learning rate {@code lr}. */
    public SGD(List<? extends Tensor> params, double lr) {
        this(params, Options.of(lr));
    }

    public SGD(List<? extends Tensor> params, Options options) {
        super(params, options, SgdRule::update, SgdCodec.INSTANCE);
    }
}
