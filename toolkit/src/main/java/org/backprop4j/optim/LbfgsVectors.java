package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;

/**
 * L-BFGS's work on flat float64 vectors holding all parameters end to end (PyTorch's {@code _gather_flat_grad},
 * {@code _add_grad} and the vector arithmetic of its two-loop recursion). {@code add} is a fused multiply-add, as
 * PyTorch's {@code add_} with an alpha is in ATen's CPU kernels.
 */
final class LbfgsVectors {
    private LbfgsVectors() {
    }

    static double dot(double[] a, double[] b) {
        // four partial sums keep the loop pipelined; the order differs from BLAS's anyway
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static double absMax(double[] a) {
        double m = 0;
        for (double v : a) {
            double x = Math.abs(v);
            if (x > m || Double.isNaN(x)) {
                m = x; // a NaN stays, as in torch.max
            }
        }
        return m;
    }

    static double absSum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    /** {@code y += alpha * x}. */
    static void add(double[] y, double[] x, double alpha) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.fma(x[i], alpha, y[i]);
        }
    }

    static double[] scaled(double[] x, double factor) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * factor;
        }
        return out;
    }

    static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** The gradients of {@code params} end to end, zeros for parameters without one. */
    static double[] gatherGrad(List<Tensor> params, int numel) {
        double[] flat = new double[numel];
        int offset = 0;
        for (Tensor p : params) {
            Tensor g = p.gradForUpdate();
            if (g != null) {
                double[] values = g.toDoubleArray();
                System.arraycopy(values, 0, flat, offset, values.length);
            }
            offset += p.numel();
        }
        return flat;
    }

    /** {@code p += t * update[slice of p]} for every parameter. */
    static void addToParams(List<Tensor> params, double t, double[] update) {
        int offset = 0;
        for (Tensor p : params) {
            WritableElements data = WritableElements.of(p);
            int n = p.numel();
            if (p.dtype() == DType.FLOAT64) {
                double[] a = data.doubles();
                for (int i = 0; i < n; i++) {
                    a[i] = Math.fma(update[offset + i], t, a[i]);
                }
            } else {
                float[] a = data.floats();
                for (int i = 0; i < n; i++) {
                    a[i] = (float) Math.fma(update[offset + i], t, a[i]);
                }
            }
            data.writeBack();
            offset += n;
        }
    }
}
