package org.backprop4j.optim;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.backend.internal.Workers;

/**
 * The update loops of Adam and AdamW over float32 and float64 storage (elements from index 0, see
 * {@link Optimizer#flat}), without temporaries. Each
 * element follows PyTorch 1.13's single-tensor code operation by operation, with its roundings: {@code add_} with
 * an alpha and {@code addcmul_} are fused multiply-adds in ATen's CPU kernels, {@code addcdiv_} is
 * {@code self + (value * t1) / t2}, and float32 tensors compute in float with the scalars rounded to float. So
 * the results are the same bits as PyTorch's. A weight decay of 0 and an AdamW factor of 1 are applied as
 * {@code g + 0 * p} and {@code p * 1}, which change nothing for finite parameters and keep the loop free of
 * branches.
 */
final class AdamKernels {
    private AdamKernels() {
    }

    /**
     * One step on {@code param} from {@code grad}, updating the moments in place.
     *
     * @param maxExpAvgSq the AMSGrad maximum of the second moment, or null without AMSGrad
     * @param coupledDecay Adam's weight decay, added to the gradient ({@code g + wd * p}); 0 for none
     * @param decoupledFactor AdamW's {@code 1 - lr * wd}, multiplied into the parameter first; 1 for none
     * @param step the step count after this update (1 on the first)
     */
    static void step(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, double lr, double beta1, double beta2, double eps,
            double coupledDecay, double decoupledFactor, boolean maximize, long step) {
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double bc2Sqrt = Math.sqrt(biasCorrection2);
        int n = param.numel();
        boolean amsgrad = maxExpAvgSq != null;
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.storage().floats();
            float[] g = grad.storage().floats();
            float[] m = expAvg.storage().floats();
            float[] v = expAvgSq.storage().floats();
            float[] vmax = amsgrad ? maxExpAvgSq.storage().floats() : null;
            float sign = maximize ? -1f : 1f;
            float wd = (float) coupledDecay;
            float decay = (float) decoupledFactor;
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float c1 = (float) (1 - beta1);
            float c2 = (float) (1 - beta2);
            float bc2 = (float) bc2Sqrt;
            float e = (float) eps;
            float minusStep = (float) -stepSize;
            Workers.forRange(n, Optimizer.UPDATE_CHUNK, amsgrad ? (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = Math.fma(p[i], wd, sign * g[i]);
                    float mi = Math.fma(gi, c1, m[i] * b1);
                    float vi = Math.fma(c2 * gi, gi, v[i] * b2);
                    float vm = Math.max(vmax[i], vi);
                    m[i] = mi;
                    v[i] = vi;
                    vmax[i] = vm;
                    p[i] = p[i] * decay + minusStep * mi / ((float) Math.sqrt(vm) / bc2 + e);
                }
            } : (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = Math.fma(p[i], wd, sign * g[i]);
                    float mi = Math.fma(gi, c1, m[i] * b1);
                    float vi = Math.fma(c2 * gi, gi, v[i] * b2);
                    m[i] = mi;
                    v[i] = vi;
                    p[i] = p[i] * decay + minusStep * mi / ((float) Math.sqrt(vi) / bc2 + e);
                }
            });
        } else {
            double[] p = param.storage().doubles();
            double[] g = grad.storage().doubles();
            double[] m = expAvg.storage().doubles();
            double[] v = expAvgSq.storage().doubles();
            double[] vmax = amsgrad ? maxExpAvgSq.storage().doubles() : null;
            double sign = maximize ? -1 : 1;
            double c1 = 1 - beta1;
            double c2 = 1 - beta2;
            double minusStep = -stepSize;
            Workers.forRange(n, Optimizer.UPDATE_CHUNK, amsgrad ? (from, to) -> {
                for (int i = from; i < to; i++) {
                    double gi = Math.fma(p[i], coupledDecay, sign * g[i]);
                    double mi = Math.fma(gi, c1, m[i] * beta1);
                    double vi = Math.fma(c2 * gi, gi, v[i] * beta2);
                    double vm = Math.max(vmax[i], vi);
                    m[i] = mi;
                    v[i] = vi;
                    vmax[i] = vm;
                    p[i] = p[i] * decoupledFactor + minusStep * mi / (Math.sqrt(vm) / bc2Sqrt + eps);
                }
            } : (from, to) -> {
                for (int i = from; i < to; i++) {
                    double gi = Math.fma(p[i], coupledDecay, sign * g[i]);
                    double mi = Math.fma(gi, c1, m[i] * beta1);
                    double vi = Math.fma(c2 * gi, gi, v[i] * beta2);
                    m[i] = mi;
                    v[i] = vi;
                    p[i] = p[i] * decoupledFactor + minusStep * mi / (Math.sqrt(vi) / bc2Sqrt + eps);
                }
            });
        }
    }

    /** Fresh zero state for {@code param}, with the AMSGrad maximum when asked. */
    static AdamState zeroState(Tensor param, boolean amsgrad) {
        return new AdamState(0, Tensor.zerosLike(param), Tensor.zerosLike(param),
                amsgrad ? Tensor.zerosLike(param) : null);
    }
}
