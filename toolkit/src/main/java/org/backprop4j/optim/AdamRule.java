package org.backprop4j.optim;

import org.backprop4j.array.DType;
import org.backprop4j.backend.internal.Workers;
import org.backprop4j.tensor.Tensor;

/**
 * The update of {@link Adam} and {@link AdamW}, one rule for both: the settings' {@code decoupledWeightDecay} picks
 * where the weight decay goes. The loops run over float32 and float64 arrays without temporaries, each element
 * following PyTorch 1.13's single-tensor code operation by operation, with its roundings: {@code add_} with an
 * alpha and {@code addcmul_} are fused multiply-adds in ATen's CPU kernels, {@code addcdiv_} is
 * {@code self + (value * t1) / t2}, and float32 tensors compute in float with the scalars rounded to float. So the
 * results are the same bits as PyTorch's. A weight decay of 0 and an AdamW factor of 1 are applied as
 * {@code g + 0 * p} and {@code p * 1}, which change nothing for finite parameters and keep the loop free of
 * branches.
 */
final class AdamRule {
    private AdamRule() {
    }

    static AdamState update(FlatParameter param, Adam.Options o, AdamState state) {
        AdamState s = state != null ? state
                : new AdamState(0, param.zeros(), param.zeros(), o.amsgrad() ? param.zeros() : null);
        if (o.amsgrad() && s.maxExpAvgSq() == null) { // AMSGrad switched on after some steps
            s = new AdamState(s.step(), s.expAvg(), s.expAvgSq(), param.zeros());
        }
        long step = s.step() + 1;
        // Adam adds wd * p to the gradient; AdamW scales p by 1 - lr * wd first
        double coupled = o.decoupledWeightDecay() ? 0 : o.weightDecay();
        double decoupled = o.decoupledWeightDecay() ? 1 - o.lr() * o.weightDecay() : 1;
        step(param, s.expAvg(), s.expAvgSq(), o.amsgrad() ? s.maxExpAvgSq() : null, o.lr(), o.beta1(), o.beta2(),
                o.eps(), coupled, decoupled, o.maximize(), step);
        return new AdamState(step, s.expAvg(), s.expAvgSq(), s.maxExpAvgSq());
    }

    /**
     * One step on {@code param} from its gradient, updating the moments in place.
     *
     * @param maxExpAvgSq the AMSGrad maximum of the second moment, or null without AMSGrad
     * @param coupledDecay Adam's weight decay, added to the gradient ({@code g + wd * p}); 0 for none
     * @param decoupledFactor AdamW's {@code 1 - lr * wd}, multiplied into the parameter first; 1 for none
     * @param step the step count after this update (1 on the first)
     */
    private static void step(FlatParameter param, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, double lr,
            double beta1, double beta2, double eps, double coupledDecay, double decoupledFactor, boolean maximize,
            long step) {
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double bc2Sqrt = Math.sqrt(biasCorrection2);
        int n = param.numel();
        boolean amsgrad = maxExpAvgSq != null;
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.floats();
            float[] g = param.gradFloats();
            float[] m = expAvg.storage().writableFloats();
            float[] v = expAvgSq.storage().writableFloats();
            float[] vmax = amsgrad ? maxExpAvgSq.storage().writableFloats() : null;
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
            double[] p = param.doubles();
            double[] g = param.gradDoubles();
            double[] m = expAvg.storage().writableDoubles();
            double[] v = expAvgSq.storage().writableDoubles();
            double[] vmax = amsgrad ? maxExpAvgSq.storage().writableDoubles() : null;
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
}
