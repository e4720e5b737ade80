package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.backend.internal.Workers;

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
 * <pre>{@code
 * RMSprop rmsprop = new RMSprop(model.parameters(), RMSprop.Options.DEFAULT.withCentered(true));
 * }</pre>
 */
public final class RMSprop extends Optimizer<RMSprop.Options, RMSprop.State> {

    /**
     * RMSprop's settings, with PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, no momentum,
     * not centered, minimizing.
     *
     * @throws IllegalArgumentException if lr, eps, weightDecay or momentum is negative or not finite, or alpha is
     *         outside [0, 1]
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum,
            boolean centered, boolean maximize) implements Hyperparameters<Options>, HasMomentum<Options> {

        public static final Options DEFAULT = new Options(1e-2, 0.99, 1e-8, 0, 0, false, false);

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
        super(params, options);
    }

    // Each element as PyTorch's single-tensor RMSprop: add with alpha and addcmul are fused multiply-adds in
    // ATen's CPU kernels, addcdiv is self + (value * t1) / t2; float32 computes in float.
    @Override
    protected State update(Tensor param, Tensor grad, Options o, State state) {
        State s = state != null ? state : new State(0, Tensor.zerosLike(param), null, null);
        Tensor gradAvg = o.centered() ? (s.gradAvg() != null ? s.gradAvg() : Tensor.zerosLike(param)) : null;
        Tensor buffer = o.momentum() > 0
                ? (s.momentumBuffer() != null ? s.momentumBuffer() : Tensor.zerosLike(param)) : null;
        int n = param.numel();
        boolean centered = gradAvg != null;
        boolean momentum = buffer != null;
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.storage().floats();
            float[] g = grad.storage().floats();
            float[] sq = s.squareAvg().storage().floats();
            float[] ga = centered ? gradAvg.storage().floats() : null;
            float[] b = momentum ? buffer.storage().floats() : null;
            float sign = o.maximize() ? -1f : 1f;
            float wd = (float) o.weightDecay();
            float alpha = (float) o.alpha();
            float keep = (float) (1 - o.alpha());
            float eps = (float) o.eps();
            float mom = (float) o.momentum();
            float minusLr = (float) -o.lr();
            Workers.forRange(n, Optimizer.UPDATE_CHUNK, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = Math.fma(p[i], wd, sign * g[i]);
                    float si = Math.fma(keep * gi, gi, sq[i] * alpha);
                    sq[i] = si;
                    float avg;
                    if (centered) {
                        float ai = Math.fma(gi, keep, ga[i] * alpha);
                        ga[i] = ai;
                        avg = (float) Math.sqrt(Math.fma(-ai, ai, si)) + eps;
                    } else {
                        avg = (float) Math.sqrt(si) + eps;
                    }
                    if (momentum) {
                        float bi = b[i] * mom + gi / avg;
                        b[i] = bi;
                        p[i] = Math.fma(bi, minusLr, p[i]);
                    } else {
                        p[i] = p[i] + minusLr * gi / avg;
                    }
                }
            });
        } else {
            double[] p = param.storage().doubles();
            double[] g = grad.storage().doubles();
            double[] sq = s.squareAvg().storage().doubles();
            double[] ga = centered ? gradAvg.storage().doubles() : null;
            double[] b = momentum ? buffer.storage().doubles() : null;
            double sign = o.maximize() ? -1 : 1;
            double wd = o.weightDecay();
            double alpha = o.alpha();
            double keep = 1 - o.alpha();
            double eps = o.eps();
            double mom = o.momentum();
            double minusLr = -o.lr();
            Workers.forRange(n, Optimizer.UPDATE_CHUNK, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double gi = Math.fma(p[i], wd, sign * g[i]);
                    double si = Math.fma(keep * gi, gi, sq[i] * alpha);
                    sq[i] = si;
                    double avg;
                    if (centered) {
                        double ai = Math.fma(gi, keep, ga[i] * alpha);
                        ga[i] = ai;
                        avg = Math.sqrt(Math.fma(-ai, ai, si)) + eps;
                    } else {
                        avg = Math.sqrt(si) + eps;
                    }
                    if (momentum) {
                        double bi = b[i] * mom + gi / avg;
                        b[i] = bi;
                        p[i] = Math.fma(bi, minusLr, p[i]);
                    } else {
                        p[i] = p[i] + minusLr * gi / avg;
                    }
                }
            });
        }
        return new State(s.step() + 1, s.squareAvg(), gradAvg != null ? gradAvg : s.gradAvg(),
                buffer != null ? buffer : s.momentumBuffer());
    }

    @Override
    protected Map<String, Object> encodeOptions(Options o) {
        return StateEntries.of("lr", o.lr(), "alpha", o.alpha(), "eps", o.eps(), "weight_decay", o.weightDecay(),
                "momentum", o.momentum(), "centered", o.centered(), "maximize", o.maximize());
    }

    @Override
    protected Options decodeOptions(StateEntries e) {
        e.rejectUnknown(List.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize"));
        return new Options(e.getDouble("lr"), e.getDouble("alpha"), e.getDouble("eps"), e.getDouble("weight_decay"),
                e.getDouble("momentum"), e.getBoolean("centered"), e.getBoolean("maximize"));
    }

    @Override
    protected Map<String, Object> encodeState(State s) {
        Map<String, Object> out = StateEntries.of("step", s.step(), "square_avg",
                StateEntries.snapshot(s.squareAvg()));
        if (s.momentumBuffer() != null) {
            out.put("momentum_buffer", StateEntries.snapshot(s.momentumBuffer()));
        }
        if (s.gradAvg() != null) {
            out.put("grad_avg", StateEntries.snapshot(s.gradAvg()));
        }
        return out;
    }

    @Override
    protected State decodeState(Tensor param, StateEntries e) {
        e.rejectUnknown(List.of("step", "square_avg", "momentum_buffer", "grad_avg"));
        return new State(e.getLong("step"), e.getTensor("square_avg", param.shape(), param.dtype()),
                e.has("grad_avg") ? e.getTensor("grad_avg", param.shape(), param.dtype()) : null,
                e.has("momentum_buffer") ? e.getTensor("momentum_buffer", param.shape(), param.dtype()) : null);
    }
}
