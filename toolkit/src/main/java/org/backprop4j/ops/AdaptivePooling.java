package org.backprop4j.ops;

import java.util.Arrays;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.array.internal.AdaptiveBins;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;

/**
 * Pooling to a fixed output size over the last 1 to 3 dimensions, with PyTorch's bins: output cell {@code i} of
 * {@code out} pools inputs {@code floor(i S / out)} to {@code ceil((i + 1) S / out) - 1}, so neighbouring bins may
 * overlap. Leading dimensions are any ({@code [N, C, *S]} or unbatched {@code [C, *S]}).
 */
public final class AdaptivePooling {
    private AdaptivePooling() {
    }

    private static void check(String op, Tensor x, int[] out) {
        Check.floating(op, x);
        int r = out.length;
        if (x.dim() < r + 1 || Arrays.stream(out).anyMatch(o -> o <= 0)) {
            throw new IllegalArgumentException(op + ": expected an input with " + r + " spatial dimensions after at "
                    + "least one leading dimension and a positive output size, got shape " + x.shape()
                    + " and output size " + Arrays.toString(out));
        }
        for (int d = x.dim() - r; d < x.dim(); d++) {
            if (x.size(d) == 0) {
                throw new IllegalArgumentException(op + ": expected non-empty spatial dimensions, got shape "
                        + x.shape());
            }
        }
    }

    /**
     * Average pooling to {@code out} (1 to 3 sizes). Computed one dimension at a time as a product with an averaging
     * matrix, so it is exact and differentiable to every order.
     *
     * @throws IllegalArgumentException if the input has too few dimensions, an empty spatial dimension, or an output
     *                                  size is not positive
     */
    public static Tensor avg(Tensor x, int[] out) {
        check("adaptiveAvgPool" + out.length + "d", x, out);
        Tensor y = x;
        for (int a = 0; a < out.length; a++) {
            int d = x.dim() - out.length + a;
            Tensor p = averaging(x.dtype(), out[a], x.size(d));
            y = d == x.dim() - 1 ? y.matmul(p.t()) : y.transpose(d, -1).matmul(p.t()).transpose(d, -1);
        }
        return y;
    }

    /** The {@code [out, in]} matrix whose row {@code i} averages PyTorch's adaptive bin {@code i}. */
    private static Tensor averaging(DType dtype, int out, int in) {
        double[][] m = new double[out][in];
        for (int i = 0; i < out; i++) {
            int start = AdaptiveBins.start(i, in, out);
            int end = AdaptiveBins.end(i, in, out);
            for (int j = start; j < end; j++) {
                m[i][j] = 1.0 / (end - start);
            }
        }
        return Tensor.of(m).to(dtype);
    }

    /**
     * Max pooling to {@code out} (1 to 3 sizes), with the positions of the maxima: int64 row-major offsets into each
     * input plane, as PyTorch's {@code return_indices=True}. Gradient: to the position of each maximum.
     *
     * @throws IllegalArgumentException as {@link #avg}
     */
    public static ValuesAndIndices max(Tensor x, int[] out) {
        int r = out.length;
        check("adaptiveMaxPool" + r + "d", x, out);
        int[] spatial = Convolution.spatial(x, r);
        AdaptiveBins bins = AdaptiveBins.of(Convolution.volume(spatial), Convolution.volume(out));
        int lead = x.dim() - r;
        int[] shape = Arrays.copyOf(x.shape().toArray(), x.dim());
        System.arraycopy(out, 0, shape, lead, r);
        int cells = Convolution.product(out);
        int planes = x.numel() / Convolution.product(spatial);
        Tensor windows = TableGather.gather(x.reshape(planes, Convolution.product(spatial)), bins.table(),
                Double.NEGATIVE_INFINITY).reshape(planes, cells, bins.taps());
        ValuesAndIndices m = windows.max(2);
        Tensor indices = Tensor.of(Storage.of(bins.positions(m.indices().toLongArray())), Shape.of(shape));
        return new ValuesAndIndices(m.values().reshape(shape), indices);
    }
}
