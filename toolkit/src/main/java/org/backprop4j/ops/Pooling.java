package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import java.util.Arrays;

import org.backprop4j.array.DType;
import org.backprop4j.array.Storage;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.TableKernels;
import org.backprop4j.array.internal.Window3d;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;

/**
 * Max and average pooling over the last 1 to 3 dimensions of {@code [N, C, *S]}, written from a
 * {@link TableGather} of every window and a reduction (so gradients, and gradients of gradients, follow), and max
 * unpooling. Output sizes follow PyTorch: {@code floor} or, in ceil mode, {@code ceil} of
 * {@code (S + 2 padding - dilation (kernel - 1) - 1) / stride} plus one, the last window starting inside the input or
 * its left padding.
 */
public final class Pooling {
    private Pooling() {
    }

    private static final String[] MAX = {"", "maxPool1d", "maxPool2d", "maxPool3d"};
    private static final String[] AVG = {"", "avgPool1d", "avgPool2d", "avgPool3d"};
    private static final String[] LP = {"", "lpPool1d", "lpPool2d", "lpPool3d"};

    /** The window positions of every plane: the table that places them, the output sizes, the planes. */
    private record Windows(int[] table, int[] in, int[] out, int planes) {
        int inSize() {
            return Convolution.product(in);
        }

        int outSize() {
            return Convolution.product(out);
        }
    }

    private static Windows windows(String op, Tensor x, Window3d k, boolean ceil) {
        int r = k.rank();
        Check.floating(op, x);
        if (x.dim() != r + 2) {
            throw new IllegalArgumentException(op + ": expected an input of rank " + (r + 2) + " ([N, C] and " + r
                    + " spatial dimensions), got shape " + x.shape());
        }
        for (int a = 3 - r; a < 3; a++) {
            if (k.pad(a) > k.kernel(a) / 2) {
                throw new IllegalArgumentException(op + ": padding must be at most half the kernel size, got " + k);
            }
        }
        int[] in = Convolution.volume(Convolution.spatial(x, r));
        int[] out = k.out(in, ceil);
        if (out[0] <= 0 || out[1] <= 0 || out[2] <= 0) {
            throw new IllegalArgumentException(op + ": input of shape " + x.shape() + " is too small for " + k
                    + ": the output would be " + Arrays.toString(Convolution.trailing(out, r)));
        }
        return new Windows(k.table(in, out), in, out, x.size(0) * x.size(1));
    }

    /** Every window's entries, {@code [N C, K, L]}, with {@code padValue} where a tap falls outside the input. */
    private static Tensor gathered(Tensor x, Window3d k, Windows w, double padValue) {
        Tensor cols = TableGather.gather(x.reshape(w.planes(), w.inSize()), w.table(), padValue);
        return cols.reshape(w.planes(), k.volume(), w.outSize());
    }

    private static int[] outShape(Tensor x, int[] out, int rank) {
        int[] shape = new int[rank + 2];
        shape[0] = x.size(0);
        shape[1] = x.size(1);
        System.arraycopy(Convolution.trailing(out, rank), 0, shape, 2, rank);
        return shape;
    }

    /**
     * The largest value of every window of {@code [N, C, *S]} (padding never wins). Gradient: to the position of
     * the maximum (the first one, in window order, among ties).
     *
     * @throws IllegalArgumentException if the input rank does not fit the window, the padding exceeds half the kernel,
     *                                  or the output would be empty
     */
    public static Tensor maxPool(Tensor x, Window3d k, boolean ceil) {
        return maxPool(MAX[k.rank()], x, k, ceil, null);
    }

    /**
     * {@link #maxPool} with the positions of the maxima, as PyTorch's {@code return_indices=True}: int64 offsets into
     * each {@code [*S]} plane, row-major (what {@link #maxUnpool} takes).
     */
    public static ValuesAndIndices maxPoolWithIndices(Tensor x, Window3d k, boolean ceil) {
        Tensor[] indices = new Tensor[1];
        Tensor values = maxPool(MAX[k.rank()], x, k, ceil, indices);
        return new ValuesAndIndices(values, indices[0]);
    }

    /**
     * One pass over the windows that keeps, beside every maximum, the plane offset it came from; the backward adds
     * the gradient at those offsets (one pass, nothing gathered). Written as a gather of every window and a reduction
     * before, which made a copy of the input per tap and a scatter through the reduction's indices: about a third of
     * a LeNet step. A recorded backward (higher-order gradients) is a scatter-add of int64 offsets, which
     * differentiates again (to a gather at the same offsets).
     */
    private static Tensor maxPool(String op, Tensor x, Window3d k, boolean ceil, Tensor[] indicesOut) {
        Windows w = windows(op, x, k, ceil);
        int planes = w.planes();
        int l = w.outSize();
        int size = w.inSize();
        Tensor in = x.detach().contiguous();
        int[] shape = outShape(x, w.out(), k.rank());
        Tensor out = Tensor.zeros(x.dtype(), shape);
        int[] arg = new int[planes * l];
        if (x.dtype() == DType.FLOAT32) {
            TableKernels.maxWindows(in.storage().floats(), in.offset(), planes, size, w.table(), l,
                    out.storage().floats(), arg);
        } else {
            TableKernels.maxWindows(in.storage().doubles(), in.offset(), planes, size, w.table(), l,
                    out.storage().doubles(), arg);
        }
        if (indicesOut != null) {
            indicesOut[0] = Tensor.of(Storage.of(TableKernels.positions(arg, l, w.table())),
                    org.backprop4j.array.Shape.of(shape));
        }
        int[] inShape = x.shape().toArray();
        return Graph.record("maxPool", out, new Tensor[] {x}, (g, ctx) -> {
            if (GradMode.isEnabled()) {
                return grads(scatterAt(g.reshape(planes, l), arg, size).reshape(inShape));
            }
            Tensor gc = g.contiguous();
            Tensor gx = Tensor.zeros(g.dtype(), inShape);
            if (g.dtype() == DType.FLOAT32) {
                TableKernels.scatterArg(gc.storage().floats(), gc.offset(), planes, size, arg, l,
                        gx.storage().floats());
            } else {
                TableKernels.scatterArg(gc.storage().doubles(), gc.offset(), planes, size, arg, l,
                        gx.storage().doubles());
            }
            return grads(gx);
        });
    }

    /**
     * {@code g [P, L]} added at plane offsets {@code arg} (-1: nowhere) of a zero {@code [P, size]}, with recorded
     * (differentiable) operations.
     */
    private static Tensor scatterAt(Tensor g, int[] arg, int size) {
        long[] index = new long[arg.length];
        boolean nowhere = false;
        for (int i = 0; i < arg.length; i++) {
            index[i] = Math.max(arg[i], 0);
            nowhere |= arg[i] < 0;
        }
        Tensor src = g;
        if (nowhere) {
            double[] keep = new double[arg.length];
            for (int i = 0; i < arg.length; i++) {
                keep[i] = arg[i] < 0 ? 0 : 1;
            }
            src = g.mul(Tensor.of(keep).to(g.dtype()).reshape(g.shape().toArray()));
        }
        Tensor idx = Tensor.of(Storage.of(index), g.shape());
        return Tensor.zeros(g.dtype(), g.size(0), size).scatterAdd(1, idx, src);
    }

    /**
     * The mean of every window of {@code [N, C, *S]}. The divisor is {@code divisorOverride} when positive;
     * otherwise the window's size clipped to the padded input ({@code countIncludePad}, PyTorch's default) or to the
     * input alone.
     *
     * @throws IllegalArgumentException as {@link #maxPool}, or if the window is dilated
     */
    public static Tensor avgPool(Tensor x, Window3d k, boolean ceil, boolean countIncludePad, int divisorOverride) {
        return avgPool(AVG[k.rank()], x, k, ceil, countIncludePad, divisorOverride);
    }

    private static Tensor avgPool(String op, Tensor x, Window3d k, boolean ceil, boolean countIncludePad,
            int divisorOverride) {
        for (int a = 0; a < 3; a++) {
            if (k.dilation(a) != 1) {
                throw new IllegalArgumentException(op + ": average pooling takes no dilation, got " + k);
            }
        }
        Windows w = windows(op, x, k, ceil);
        Tensor sums = gathered(x, k, w, 0).sum(1);
        Tensor out = divisorOverride > 0 ? sums.div(divisorOverride)
                : sums.div(divisors(x.dtype(), k, Convolution.volume(Convolution.spatial(x, k.rank())), w.out(),
                        countIncludePad));
        return out.reshape(outShape(x, w.out(), k.rank()));
    }

    /**
     * Power-average pooling of {@code [N, C, *S]}, {@code (sum over the window of x^p)^(1/p)}, computed as PyTorch's
     * {@code lp_pool1d/2d} computes it: {@code a = avg_pool(x^p)} (no padding), then
     * {@code (sign(a) relu(|a|) * kernel volume)^(1/p)}. So, as in PyTorch, a window whose power sum is negative (odd
     * {@code p}, negative inputs) gives NaN, and in ceil mode a window cut short by the input's end is scaled by the
     * full kernel volume over the taps it has (the average's divisor). The gradient follows from those ops; it is 0
     * where a window's power sum is 0.
     *
     * @throws IllegalArgumentException if {@code p} is 0 or not finite, or as {@link #avgPool}
     */
    public static Tensor lpPool(Tensor x, double p, Window3d k, boolean ceil) {
        String op = LP[k.rank()];
        Check.require(p != 0 && Double.isFinite(p), op, () -> "norm type must be finite and non-zero, got " + p);
        for (int a = 0; a < 3; a++) {
            Check.require(k.pad(a) == 0 && k.dilation(a) == 1, op, () -> "power-average pooling takes no padding or "
                    + "dilation, got " + k);
        }
        Check.floating(op, x);
        Tensor a = avgPool(op, x.pow(p), k, ceil, true, 0);
        return a.sign().mul(a.abs().relu()).mul(k.volume()).pow(1 / p);
    }

    /** PyTorch's divisor of every window position, {@code [L]}: a product of per-dimension counts. */
    private static Tensor divisors(DType dtype, Window3d k, int[] in, int[] out, boolean countIncludePad) {
        double[] d = {1};
        for (int a = 0; a < 3; a++) {
            double[] next = new double[d.length * out[a]];
            for (int i = 0; i < d.length; i++) {
                for (int o = 0; o < out[a]; o++) {
                    int start = o * k.stride(a) - k.pad(a);
                    int end = Math.min(start + k.kernel(a), in[a] + k.pad(a));
                    int count = countIncludePad ? end - start : Math.min(end, in[a]) - Math.max(start, 0);
                    next[i * out[a] + o] = d[i] * count;
                }
            }
            d = next;
        }
        return Tensor.of(d).to(dtype);
    }

    /**
     * Max unpooling, the partial inverse of {@link #maxPoolWithIndices}: {@code x [N, C, *S]} written at
     * {@code indices} (same shape, int64 offsets into each output plane) of a zero {@code [N, C, *outputSize]}
     * (later writes win where indices repeat). Gradient: the output gradient read back at the indices (every
     * repeat gets it, as in PyTorch).
     *
     * @throws IllegalArgumentException if the shapes differ or an index is outside the output plane
     */
    public static Tensor maxUnpool(Tensor x, Tensor indices, int[] outputSize) {
        int r = outputSize.length;
        String op = "maxUnpool" + r + "d";
        Check.floating(op, x);
        Check.dtype(op, "indices", indices, DType.INT64);
        if (x.dim() != r + 2 || !indices.shape().equals(x.shape())) {
            throw new IllegalArgumentException(op + ": expected an input of rank " + (r + 2) + " and indices of "
                    + "the same shape, got " + x.shape() + " and " + indices.shape());
        }
        int n = x.size(0);
        int c = x.size(1);
        int size = Convolution.product(outputSize);
        int l = Convolution.product(Convolution.spatial(x, r));
        Tensor in = x.detach().contiguous();
        long[] idx = indices.toLongArray();
        int[] shape = new int[r + 2];
        shape[0] = n;
        shape[1] = c;
        System.arraycopy(outputSize, 0, shape, 2, r);
        Tensor out = Tensor.zeros(x.dtype(), shape);
        long bad = x.dtype() == DType.FLOAT32
                ? TableKernels.unpool(in.storage().floats(), in.offset(), idx, n * c, l, size, out.storage().floats())
                : TableKernels.unpool(in.storage().doubles(), in.offset(), idx, n * c, l, size,
                        out.storage().doubles());
        if (bad != -1) {
            throw new IllegalArgumentException(op + ": index " + bad + " is outside the output plane "
                    + Arrays.toString(outputSize) + " (" + size + " elements), for input " + x.shape());
        }
        int[] inShape = x.shape().toArray();
        Tensor flatIndex = indices.reshape(n, c, l);
        return Graph.record("maxUnpool", out, new Tensor[] {x}, new Tensor[] {flatIndex},
                (g, ctx) -> grads(g.reshape(n, c, size).gather(2, ctx.saved(0)).reshape(inShape)));
    }
}
