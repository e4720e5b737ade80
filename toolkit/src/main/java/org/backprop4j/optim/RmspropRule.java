package org.backprop4j.optim;

import org.backprop4j.array.DType;
import org.backprop4j.backend.internal.Workers;
import org.backprop4j.tensor.Tensor;

/**
 * {@link RMSprop}'s update, each element as PyTorch's single-tensor RMSprop: add with alpha and addcmul are fused
 * multiply-adds in ATen's CPU kernels, addcdiv is {@code self + (value * t1) / t2}; float32 computes in float.
 */
final class RmspropRule {
    private RmspropRule() {
    }

    static RMSprop.State update(FlatParameter param, RMSprop.Options o, RMSprop.State state) {
        RMSprop.State s = state != null ? state : new RMSprop.State(0, param.zeros(), null, null);
        Tensor gradAvg = o.centered() ? (s.gradAvg() != null ? s.gradAvg() : param.zeros()) : null;
        Tensor buffer = o.momentum() > 0
                ? (s.momentumBuffer() != null ? s.momentumBuffer() : param.zeros()) : null;
        int n = param.numel();
        boolean centered = gradAvg != null;
        boolean momentum = buffer != null;
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.floats();
            float[] g = param.gradFloats();
            float[] sq = s.squareAvg().storage().writableFloats();
            float[] ga = centered ? gradAvg.storage().writableFloats() : null;
            float[] b = momentum ? buffer.storage().writableFloats() : null;
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
            double[] p = param.doubles();
            double[] g = param.gradDoubles();
            double[] sq = s.squareAvg().storage().writableDoubles();
            double[] ga = centered ? gradAvg.storage().writableDoubles() : null;
            double[] b = momentum ? buffer.storage().writableDoubles() : null;
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
        return new RMSprop.State(s.step() + 1, s.squareAvg(), gradAvg != null ? gradAvg : s.gradAvg(),
                buffer != null ? buffer : s.momentumBuffer());
    }
}
