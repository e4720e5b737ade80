package org.backprop4j.optim;

import org.backprop4j.array.DType;
import org.backprop4j.backend.internal.Workers;

/**
 * {@link Adagrad}'s update, each element as PyTorch's single-tensor Adagrad: add with alpha and addcmul are fused
 * multiply-adds in ATen's CPU kernels, addcdiv is {@code self + (value * t1) / t2}; float32 computes in float.
 */
final class AdagradRule {
    private AdagradRule() {
    }

    static Adagrad.State update(FlatParameter param, Adagrad.Options o, Adagrad.State state) {
        Adagrad.State s = state != null ? state
                : new Adagrad.State(0, param.filled(o.initialAccumulatorValue()));
        long step = s.step() + 1;
        double clr = o.lr() / (1 + (step - 1) * o.lrDecay());
        int n = param.numel();
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.floats();
            float[] g = param.gradFloats();
            float[] sum = s.sum().storage().writableFloats();
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
            double[] p = param.doubles();
            double[] g = param.gradDoubles();
            double[] sum = s.sum().storage().writableDoubles();
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
        return new Adagrad.State(step, s.sum());
    }
}
