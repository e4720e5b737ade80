package org.backprop4j.optim;

import org.backprop4j.array.DType;
import org.backprop4j.backend.internal.Workers;
import org.backprop4j.tensor.Tensor;

/**
 * {@link SGD}'s update, each element as PyTorch's single-tensor SGD: add with alpha is a fused multiply-add in
 * ATen's CPU kernels; a weight decay of 0 enters as {@code g + 0 * p}, which changes nothing for finite parameters
 * and keeps the loop free of branches.
 */
final class SgdRule {
    private SgdRule() {
    }

    static SGD.State update(FlatParameter param, SGD.Options o, SGD.State state) {
        int n = param.numel();
        boolean first = state == null || state.momentumBuffer() == null;
        Tensor buffer = o.momentum() == 0 ? null : first ? param.zeros() : state.momentumBuffer();
        boolean nesterov = o.nesterov();
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.floats();
            float[] g = param.gradFloats();
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
                float[] b = buffer.storage().writableFloats();
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
            double[] p = param.doubles();
            double[] g = param.gradDoubles();
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
                double[] b = buffer.storage().writableDoubles();
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
        return new SGD.State(buffer);
    }
}
