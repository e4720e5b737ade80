package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.backend.internal.Workers;

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
 * <pre>{@code
 * Adagrad adagrad = new Adagrad(model.parameters(), Adagrad.Options.DEFAULT.withLr(0.05));
 * }</pre>
 */
public final class Adagrad extends Optimizer<Adagrad.Options, Adagrad.State> {

    /**
     * Adagrad's settings, with PyTorch's defaults: lr 1e-2, no learning-rate decay, no weight decay, initial
     * accumulator 0, eps 1e-10, minimizing.
     *
     * @throws IllegalArgumentException if any number is negative or not finite
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
            boolean maximize) implements Hyperparameters<Options> {

        public static final Options DEFAULT = new Options(1e-2, 0, 0, 0, 1e-10, false);

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
        super(params, options);
    }

    // Each element as PyTorch's single-tensor Adagrad: add with alpha and addcmul are fused multiply-adds in
    // ATen's CPU kernels, addcdiv is self + (value * t1) / t2; float32 computes in float.
    @Override
    protected State update(Tensor param, Tensor grad, Options o, State state) {
        State s = state != null ? state
                : new State(0, Tensor.fullLike(param, o.initialAccumulatorValue()));
        long step = s.step() + 1;
        double clr = o.lr() / (1 + (step - 1) * o.lrDecay());
        int n = param.numel();
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.storage().floats();
            float[] g = grad.storage().floats();
            float[] sum = s.sum().storage().floats();
            float sign = o.maximize() ? -1f : 1f;
            float wd = (float) o.weightDecay();
            float eps = (float) o.eps();
            float minusLr = (float) -clr;
            Workers.forRange(n, Optimizer.UPDATE_CHUNK, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = Math.fma(p[i], wd, sign * g[i]);
                    float si = Math.fma(gi, gi, sum[i]);
                    sum[i] = si;
                    p[i] = p[i] + minusLr * gi / ((float) Math.sqrt(si) + eps);
                }
            });
        } else {
            double[] p = param.storage().doubles();
            double[] g = grad.storage().doubles();
            double[] sum = s.sum().storage().doubles();
            double sign = o.maximize() ? -1 : 1;
            double wd = o.weightDecay();
            double eps = o.eps();
            double minusLr = -clr;
            Workers.forRange(n, Optimizer.UPDATE_CHUNK, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double gi = Math.fma(p[i], wd, sign * g[i]);
                    double si = Math.fma(gi, gi, sum[i]);
                    sum[i] = si;
                    p[i] = p[i] + minusLr * gi / (Math.sqrt(si) + eps);
                }
            });
        }
        return new State(step, s.sum());
    }

    @Override
    protected Map<String, Object> encodeOptions(Options o) {
        return StateEntries.of("lr", o.lr(), "lr_decay", o.lrDecay(), "weight_decay", o.weightDecay(),
                "initial_accumulator_value", o.initialAccumulatorValue(), "eps", o.eps(), "maximize", o.maximize());
    }

    @Override
    protected Options decodeOptions(StateEntries e) {
        e.rejectUnknown(List.of("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"));
        return new Options(e.getDouble("lr"), e.getDouble("lr_decay"), e.getDouble("weight_decay"),
                e.getDouble("initial_accumulator_value"), e.getDouble("eps"), e.getBoolean("maximize"));
    }

    @Override
    protected Map<String, Object> encodeState(State s) {
        return StateEntries.of("step", s.step(), "sum", StateEntries.snapshot(s.sum()));
    }

    @Override
    protected State decodeState(Tensor param, StateEntries e) {
        e.rejectUnknown(List.of("step", "sum"));
        return new State(e.getLong("step"), e.getTensor("sum", param.shape(), param.dtype()));
    }
}
