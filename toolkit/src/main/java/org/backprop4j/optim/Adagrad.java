package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Adagrad (Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 2011), as PyTorch's {@code torch.optim.Adagrad}. Per parameter, with {@code t} counting its
 * updates:
 *
 * <pre>
 * g = grad (negated when maximizing) + weightDecay * p
 * s = s + g * g                                   (s starts at initialAccumulatorValue)
 * p = p - lr / (1 + (t - 1) * lrDecay) * g / (sqrt(s) + eps)
 * </pre>
 *
 * Rows that get no gradient (an Embedding's unused rows, whose gradient is zero) keep their values and sums, so
 * the dense update agrees with PyTorch's sparse one (to rounding: its sparse path divides before scaling). PyTorch
 * takes the initial accumulator value from the constructor for every group; here each group uses its own.
 *
 * {@snippet file="OptimSnippets.java" region="adagrad"}
 */
public final class Adagrad extends PerParameterOptimizer<Adagrad.Options, Adagrad.State> {

    /**
     * Adagrad's settings, with PyTorch's defaults: lr 1e-2, no learning-rate decay, no weight decay, initial
     * accumulator 0, eps 1e-10, minimizing.
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
            boolean maximize) implements Hyperparameters<Options> {

        public static final Options DEFAULT = new Options(1e-2, 0, 0, 0, 1e-10, false);

        /**
         * @throws IllegalArgumentException if any number is negative or not finite
         */
        public Options {
            Check.nonNegative("Adagrad", "lr", lr);
            Check.nonNegative("Adagrad", "lrDecay", lrDecay);
            Check.nonNegative("Adagrad", "weightDecay", weightDecay);
            Check.nonNegative("Adagrad", "initialAccumulatorValue", initialAccumulatorValue);
            Check.nonNegative("Adagrad", "eps", eps);
        }

        @Override
        public Options withLr(double value) {
            return new Options(value, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        /** Divides the learning rate of update {@code t} by {@code 1 + (t - 1) * lrDecay}. */
        public Options withLrDecay(double value) {
            return new Options(lr, value, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        public Options withWeightDecay(double value) {
            return new Options(lr, lrDecay, value, initialAccumulatorValue, eps, maximize);
        }

        /** The starting value of every sum of squares (used when a parameter is first updated). */
        public Options withInitialAccumulatorValue(double value) {
            return new Options(lr, lrDecay, weightDecay, value, eps, maximize);
        }

        public Options withEps(double value) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, value, maximize);
        }

        /** Ascends the objective instead of descending it. */
        public Options withMaximize(boolean value) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, value);
        }
    }

    /**
     * Adagrad's state of one parameter.
     *
     * @param step updates applied so far
     * @param sum the sum of squared gradients {@code s}, of the parameter's shape
     */
    public record State(long step, Tensor sum) {
    }

    /** Adagrad with the default settings but learning rate {@code lr}. */
    public Adagrad(List<? extends Tensor> params, double lr) {
        this(params, Options.DEFAULT.withLr(lr));
    }

    public Adagrad(List<? extends Tensor> params, Options options) {
        super(params, options, AdagradRule::update, AdagradCodec.INSTANCE);
    }
}
