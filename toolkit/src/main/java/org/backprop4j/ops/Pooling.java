package org.backprop4j.ops;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Window;

/**
 * Pooling, written from {@link Convolution#im2col} and reductions (so gradients, and gradients of gradients,
 * follow): every channel's windows become columns, reduced by max or mean.
 */
public final class Pooling {
    private Pooling() {
    }

    private static Tensor windows(String op, Tensor x, Window k, double padValue) {
        Check.floating(op, x);
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected an input of shape [N, C, H, W], got " + x.shape());
        }
        if (k.padH() * 2 > k.kernelH() || k.padW() * 2 > k.kernelW()) {
            throw new IllegalArgumentException(op + ": padding " + k.padH() + "x" + k.padW()
                    + " must be at most half the kernel " + k.kernelH() + "x" + k.kernelW());
        }
        int n = x.size(0);
        int c = x.size(1);
        return Convolution.im2col(x.reshape(n * c, 1, x.size(2), x.size(3)), k, padValue);
    }

    /** Max over each window of {@code [N, C, H, W]} (padding never wins). Gradient: to the maximum's position. */
    public static Tensor maxPool2d(Tensor x, Window k) {
        Tensor cols = windows("maxPool2d", x, k, Double.NEGATIVE_INFINITY);
        return cols.max(1).values().reshape(x.size(0), x.size(1), k.outHeight(x.size(2)), k.outWidth(x.size(3)));
    }

    /**
     * Mean over each window of {@code [N, C, H, W]}; with {@code countIncludePad} the zero padding counts in the
     * divisor (PyTorch's default), otherwise only the elements inside the input do.
     */
    public static Tensor avgPool2d(Tensor x, Window k, boolean countIncludePad) {
        Tensor cols = windows("avgPool2d", x, k, 0);
        int oh = k.outHeight(x.size(2));
        int ow = k.outWidth(x.size(3));
        Tensor sums = cols.sum(1);
        Tensor out;
        if (countIncludePad || (k.padH() == 0 && k.padW() == 0)) {
            out = sums.div(k.area());
        } else {
            Tensor ones = Tensor.ones(x.dtype(), 1, 1, x.size(2), x.size(3));
            Tensor counts = Convolution.im2col(ones, k, 0).sum(1);
            out = sums.div(counts);
        }
        return out.reshape(x.size(0), x.size(1), oh, ow);
    }

    /** Max pooling of {@code [N, C, L]} along L. */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, int dilation) {
        check1d("maxPool1d", x);
        return maxPool2d(x.unsqueeze(2), new Window(1, kernel, 1, stride, 0, padding, 1, dilation)).squeeze(2);
    }

    /** Average pooling of {@code [N, C, L]} along L. */
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean countIncludePad) {
        check1d("avgPool1d", x);
        return avgPool2d(x.unsqueeze(2), new Window(1, kernel, 1, stride, 0, padding, 1, 1), countIncludePad)
                .squeeze(2);
    }

    private static void check1d(String op, Tensor x) {
        if (x.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected an input of shape [N, C, L], got " + x.shape());
        }
    }

    /**
     * Average pooling to a fixed output size, with PyTorch's bins: output cell {@code i} of {@code out} averages
     * input rows {@code floor(i H / out)} to {@code ceil((i + 1) H / out)}. Computed as {@code P_h x P_w^T} with
     * averaging matrices, so it is exact and differentiable.
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        Check.floating("adaptiveAvgPool2d", x);
        if (x.dim() != 4 || outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: expected an input of shape [N, C, H, W] and a "
                    + "positive output size, got " + x.shape() + " and " + outH + "x" + outW);
        }
        Tensor ph = averaging(x.dtype(), outH, x.size(2));
        Tensor pw = averaging(x.dtype(), outW, x.size(3));
        return ph.matmul(x).matmul(pw.t());
    }

    /** The {@code [out, in]} matrix whose row {@code i} averages PyTorch's adaptive bin {@code i}. */
    private static Tensor averaging(DType dtype, int out, int in) {
        double[][] m = new double[out][in];
        for (int i = 0; i < out; i++) {
            int start = Math.floorDiv(i * in, out);
            int end = -Math.floorDiv(-(i + 1) * in, out);
            for (int j = start; j < end; j++) {
                m[i][j] = 1.0 / (end - start);
            }
        }
        return Tensor.of(m).to(dtype);
    }
}
