package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.backend.internal.Workers;

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
 * <pre>{@code
 * SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.1).withMomentum(0.9).withNesterov(true));
 * }</pre>
 */
public final class SGD extends Optimizer<SGD.Options, SGD.State> {

    /**
     * SGD's settings. PyTorch 1.13 has no default learning rate; {@link #DEFAULT} uses 1e-3 as later PyTorch
     * versions do, with no momentum, no dampening, no weight decay, no Nesterov, minimizing.
     *
     * @throws IllegalArgumentException if lr, momentum or weightDecay is negative or not finite, dampening is
     *         outside [0, 1], or Nesterov is asked without momentum or with dampening
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
            boolean maximize) implements Hyperparameters<Options>, HasMomentum<Options> {

        public static final Options DEFAULT = new Options(1e-3, 0, 0, 0, false, false);

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
        super(params, options);
    }

    // Each element as PyTorch's single-tensor SGD: add with alpha is a fused multiply-add in ATen's CPU kernels;
    // a weight decay of 0 enters as g + 0 * p, which changes nothing for finite parameters.
    @Override
    protected State update(Tensor param, Tensor grad, Options o, State state) {
        int n = param.numel();
        boolean first = state == null || state.momentumBuffer() == null;
        Tensor buffer = o.momentum() == 0 ? null : first ? Tensor.zerosLike(param) : state.momentumBuffer();
        boolean nesterov = o.nesterov();
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.storage().floats();
            float[] g = grad.storage().floats();
            float sign = o.maximize() ? -1f : 1f;
            float wd = (float) o.weightDecay();
            float minusLr = (float) -o.lr();
            float mom = (float) o.momentum();
            float keep = (float) (1 - o.dampening());
            if (buffer == null) {
                Workers.forRange(n, Optimizer.UPDATE_CHUNK, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        p[i] = Math.fma(Math.fma(p[i], wd, sign * g[i]), minusLr, p[i]);
                    }
                });
            } else {
                float[] b = buffer.storage().floats();
                Workers.forRange(n, Optimizer.UPDATE_CHUNK, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        float d = Math.fma(p[i], wd, sign * g[i]);
                        float bi = first ? d : Math.fma(d, keep, b[i] * mom);
                        b[i] = bi;
                        p[i] = Math.fma(nesterov ? Math.fma(bi, mom, d) : bi, minusLr, p[i]);
                    }
                });
            }
        } else {
            double[] p = param.storage().doubles();
            double[] g = grad.storage().doubles();
            double sign = o.maximize() ? -1 : 1;
            double wd = o.weightDecay();
            double minusLr = -o.lr();
            double mom = o.momentum();
            double keep = 1 - o.dampening();
            if (buffer == null) {
                Workers.forRange(n, Optimizer.UPDATE_CHUNK, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        p[i] = Math.fma(Math.fma(p[i], wd, sign * g[i]), minusLr, p[i]);
                    }
                });
            } else {
                double[] b = buffer.storage().doubles();
                Workers.forRange(n, Optimizer.UPDATE_CHUNK, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double d = Math.fma(p[i], wd, sign * g[i]);
                        double bi = first ? d : Math.fma(d, keep, b[i] * mom);
                        b[i] = bi;
                        p[i] = Math.fma(nesterov ? Math.fma(bi, mom, d) : bi, minusLr, p[i]);
                    }
                });
            }
        }
        return new State(buffer);
    }

    @Override
    protected Map<String, Object> encodeOptions(Options o) {
        return StateEntries.of("lr", o.lr(), "momentum", o.momentum(), "dampening", o.dampening(),
                "weight_decay", o.weightDecay(), "nesterov", o.nesterov(), "maximize", o.maximize());
    }

    @Override
    protected Options decodeOptions(StateEntries e) {
        e.rejectUnknown(List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"));
        return new Options(e.getDouble("lr"), e.getDouble("momentum"), e.getDouble("dampening"),
                e.getDouble("weight_decay"), e.getBoolean("nesterov"), e.getBoolean("maximize"));
    }

    @Override
    protected Map<String, Object> encodeState(State s) {
        return s.momentumBuffer() == null ? StateEntries.of()
                : StateEntries.of("momentum_buffer", StateEntries.snapshot(s.momentumBuffer()));
    }

    @Override
    protected State decodeState(Tensor param, StateEntries e) {
        e.rejectUnknown(List.of("momentum_buffer"));
        return new State(e.has("momentum_buffer") ? e.getTensor("momentum_buffer", param.shape(), param.dtype())
                : null);
    }
}
