package org.backprop4j.gradcheck;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * Input makers for the gradient-check catalog. Each returns a float64 leaf that requires grad, placed where finite
 * differences are meaningful: away from kinks, without ties, inside the domain.
 */
final class Inputs {
    /** How far inputs stay from a kink: well above the finite-difference step, so both sides see one branch. */
    static final double MARGIN = 0.1;
    static final double INF = Double.POSITIVE_INFINITY;

    private Inputs() {
    }

    static Tensor[] of(Tensor... tensors) {
        return tensors;
    }

    static Tensor randn(Rng r, int... dims) {
        return Tensor.randn(r, DType.FLOAT64, dims).requiresGrad(true);
    }

    static Tensor uniform(Rng r, double low, double high, int... dims) {
        return Tensor.rand(r, DType.FLOAT64, dims).mul(high - low).add(low).requiresGrad(true);
    }

    static Tensor values(int[] dims, double... values) {
        return Tensor.of(DType.FLOAT64, values).reshape(dims).requiresGrad(true);
    }

    static int[] dims(int... dims) {
        return dims;
    }

    /** Normal values (scaled by 1.5) moved at least {@link #MARGIN} away from every kink. */
    static Tensor awayFrom(Rng r, double[] kinks, int... dims) {
        double[] v = Tensor.randn(r, DType.FLOAT64, dims).mul(1.5).toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            for (boolean moved = true; moved;) {
                moved = false;
                for (double k : kinks) {
                    if (Math.abs(v[i] - k) < MARGIN) {
                        v[i] = k + (v[i] >= k ? MARGIN : -MARGIN) + (v[i] - k);
                        moved = true;
                    }
                }
            }
        }
        return values(dims, v);
    }

    static Tensor awayFromZero(Rng r, int... dims) {
        return awayFrom(r, new double[] {0}, dims);
    }

    /** Values at least 0.2 apart in random order, so max, min and sort-like ops have no ties. */
    static Tensor distinct(Rng r, int... dims) {
        int n = Shape.of(dims).numel();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - (n - 1) / 2.0) * 0.3 + 0.1 * r.nextDouble();
        }
        return values(dims, shuffled(r, v));
    }

    /** Random signs with absolute values at least 0.2 apart and at least 0.3 from zero (for the infinity norm). */
    static Tensor distinctMagnitudes(Rng r, int... dims) {
        int n = Shape.of(dims).numel();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (0.3 + 0.3 * i + 0.1 * r.nextDouble()) * (r.nextDouble() < 0.5 ? -1 : 1);
        }
        return values(dims, shuffled(r, v));
    }

    /** Random signs with absolute values in {@code [low, high]}: away from a pole at zero. */
    static Tensor signedAway(Rng r, double low, double high, int... dims) {
        int n = Shape.of(dims).numel();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (low + (high - low) * r.nextDouble()) * (r.nextDouble() < 0.5 ? -1 : 1);
        }
        return values(dims, v);
    }

    private static double[] shuffled(Rng r, double[] v) {
        for (int i = v.length - 1; i > 0; i--) {
            int j = (int) r.nextLong(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return v;
    }

    /** A non-contiguous leaf: the transpose (last two dimensions) of {@code leaf}'s data, sharing its storage. */
    static Tensor transposed(Tensor leaf) {
        return leaf.detach().transpose(-1, -2).requiresGrad(true);
    }

    /** A non-contiguous leaf: every second element of {@code leaf}'s last dimension. */
    static Tensor stepped(Tensor leaf) {
        return leaf.detach().slice(-1, 0, leaf.size(-1), 2).requiresGrad(true);
    }

    /** A leaf with stride-0 dimensions: {@code leaf}'s data broadcast to {@code dims}. */
    static Tensor expanded(Tensor leaf, int... dims) {
        return leaf.detach().expand(dims).requiresGrad(true);
    }

    static Tensor index(int[] dims, long... values) {
        return Tensor.of(values).reshape(dims);
    }

    static Tensor mask(int[] dims, boolean... values) {
        return Tensor.of(values).reshape(dims);
    }
}
