package org.backprop4j.ops;

import java.util.Arrays;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.TableKernels;
import org.backprop4j.tensor.Tensor;

/**
 * Resizing the spatial dimensions of {@code [N, C, *S]} ({@code F.interpolate}) with PyTorch's index and weight
 * formulas: nearest-neighbour modes are one {@link TableGather}; linear modes are separable, one dimension at a time,
 * two table gathers blended by the interpolation weights; {@code area} is adaptive average pooling. Every mode is
 * built from differentiable primitives, so gradients of every order follow.
 */
public final class Resampling {
    private Resampling() {
    }

    /** PyTorch's interpolation modes; the linear ones need 1, 2 and 3 spatial dimensions respectively. */
    public enum Mode {
        NEAREST("nearest"), NEAREST_EXACT("nearest-exact"), LINEAR("linear"), BILINEAR("bilinear"),
        TRILINEAR("trilinear"), AREA("area");

        private final String torchName;

        Mode(String torchName) {
            this.torchName = torchName;
        }

        /** The spelling of {@code F.interpolate}'s {@code mode} argument. */
        public String torchName() {
            return torchName;
        }

        boolean interpolating() {
            return this == LINEAR || this == BILINEAR || this == TRILINEAR;
        }
    }

    /**
     * {@code F.interpolate(x, size, scale_factor, mode, align_corners, recompute_scale_factor)}. Exactly one of
     * {@code size} and {@code scaleFactor} is given, with one value for every spatial dimension or a single value for
     * all. A scale factor gives the output size {@code floor(S scale)} and, unless {@code recomputeScaleFactor}, is
     * itself used to map output to input coordinates (PyTorch's rule). {@code alignCorners} (linear modes only;
     * null means false) maps the corner pixels' centres onto each other.
     *
     * @throws IllegalArgumentException naming the shape and arguments when they do not fit PyTorch's rules
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, Mode mode, Boolean alignCorners,
            boolean recomputeScaleFactor) {
        String op = "interpolate (" + mode.torchName() + ")";
        Check.floating(op, x);
        int r = x.dim() - 2;
        if (r < 1 || r > 3) {
            throw new IllegalArgumentException(op + ": expected a 3-D, 4-D or 5-D input [N, C, *S], got shape "
                    + x.shape());
        }
        int needs = switch (mode) {
            case LINEAR -> 1;
            case BILINEAR -> 2;
            case TRILINEAR -> 3;
            default -> r;
        };
        if (needs != r) {
            throw new IllegalArgumentException(op + ": got a " + x.dim() + "-D input of shape " + x.shape() + ", but "
                    + mode.torchName() + " mode needs a " + (needs + 2) + "-D input");
        }
        if (alignCorners != null && !mode.interpolating()) {
            throw new IllegalArgumentException(op + ": alignCorners can only be set with the interpolating modes "
                    + "linear, bilinear and trilinear");
        }
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException(op + ": give exactly one of size and scale factor");
        }
        if (recomputeScaleFactor && size != null) {
            throw new IllegalArgumentException(op + ": recomputeScaleFactor is not meaningful with an explicit size");
        }
        int given = size != null ? size.length : scaleFactor.length;
        if (given != 1 && given != r) {
            throw new IllegalArgumentException(op + ": input of shape " + x.shape() + " has " + r + " spatial "
                    + "dimension" + (r == 1 ? "" : "s") + ", but the " + (size != null ? "size " + Arrays.toString(size)
                            : "scale factor " + Arrays.toString(scaleFactor)) + " has " + given + " values");
        }
        int[] in = Convolution.spatial(x, r);
        int[] out = new int[r];
        double[] scales = new double[r]; // 0: derive from the sizes
        for (int a = 0; a < r; a++) {
            if (size != null) {
                out[a] = size[given == 1 ? 0 : a];
            } else {
                double s = scaleFactor[given == 1 ? 0 : a];
                if (!(s > 0) || Double.isInfinite(s)) {
                    throw new IllegalArgumentException(op + ": scale factors must be finite and positive, got "
                            + Arrays.toString(scaleFactor));
                }
                out[a] = (int) Math.floor(in[a] * s);
                scales[a] = recomputeScaleFactor || mode == Mode.AREA ? 0 : s;
            }
            if (out[a] <= 0 || in[a] <= 0) {
                throw new IllegalArgumentException(op + ": input and output sizes must be positive, got input shape "
                        + x.shape() + " and output size " + Arrays.toString(out));
            }
        }
        return switch (mode) {
            case NEAREST, NEAREST_EXACT -> nearest(x, in, out, scales, mode == Mode.NEAREST_EXACT);
            case AREA -> AdaptivePooling.avg(x, out);
            default -> linear(x, in, out, scales, alignCorners != null && alignCorners);
        };
    }

    /**
     * Nearest neighbours, computed as PyTorch computes them, in float32: source {@code floor(o scale)} (nearest) or
     * {@code floor((o + 0.5) scale)} (nearest-exact), at most {@code S - 1}, with {@code scale = 1 / scaleFactor}
     * when a scale factor is used and {@code S / out} otherwise.
     */
    private static Tensor nearest(Tensor x, int[] in, int[] out, double[] scales, boolean exact) {
        int r = in.length;
        int[][] axes = new int[r][];
        for (int a = 0; a < r; a++) {
            float scale = scales[a] > 0 ? (float) (1.0 / scales[a]) : (float) in[a] / out[a];
            axes[a] = new int[out[a]];
            for (int o = 0; o < out[a]; o++) {
                float src = exact ? (float) ((o + 0.5) * scale) : o * scale;
                axes[a][o] = Math.min((int) Math.floor(src), in[a] - 1);
            }
        }
        return throughTable(x, in, TableKernels.outer(in, axes), out);
    }

    /** Gathers the planes of the last {@code in.length} dimensions through {@code table} into shape {@code out}. */
    private static Tensor throughTable(Tensor x, int[] in, int[] table, int[] out) {
        int r = in.length;
        int[] shape = Arrays.copyOf(x.shape().toArray(), x.dim());
        System.arraycopy(out, 0, shape, x.dim() - r, r);
        Tensor planes = x.reshape(x.size(0) * x.size(1), Convolution.product(in));
        return TableGather.gather(planes, table, 0).reshape(shape);
    }

    /**
     * Linear interpolation, one spatial dimension at a time (last first): output {@code o} blends inputs
     * {@code i0 = floor(src)} and {@code i1 = min(i0 + 1, S - 1)} with weights {@code 1 - t} and {@code t},
     * {@code t = src - i0}. {@code src = o (S - 1) / (out - 1)} with aligned corners, else
     * {@code max(0, (o + 0.5) scale - 0.5)}; a dimension whose size does not change is copied.
     */
    private static Tensor linear(Tensor x, int[] in, int[] out, double[] scales, boolean alignCorners) {
        int r = in.length;
        Tensor y = x;
        for (int a = r - 1; a >= 0; a--) {
            if (in[a] == out[a]) {
                continue;
            }
            int[] i0 = new int[out[a]];
            int[] i1 = new int[out[a]];
            double[] w0 = new double[out[a]];
            double[] w1 = new double[out[a]];
            double scale = alignCorners ? (out[a] > 1 ? (in[a] - 1) / (double) (out[a] - 1) : 0)
                    : scales[a] > 0 ? 1 / scales[a] : in[a] / (double) out[a];
            for (int o = 0; o < out[a]; o++) {
                double src = alignCorners ? scale * o : Math.max(scale * (o + 0.5) - 0.5, 0);
                i0[o] = (int) src;
                i1[o] = i0[o] + (i0[o] < in[a] - 1 ? 1 : 0);
                w1[o] = src - i0[o];
                w0[o] = 1 - w1[o];
            }
            y = blend(y, x.dim() - r + a, i0, w0, i1, w1);
        }
        return y;
    }

    /** {@code y} resampled along {@code dim}: {@code w0 y[i0] + w1 y[i1]}, by table gathers over the trailing block. */
    private static Tensor blend(Tensor y, int dim, int[] i0, double[] w0, int[] i1, double[] w1) {
        int[] block = Arrays.copyOfRange(y.shape().toArray(), dim, y.dim());
        int[][] first = new int[block.length][];
        int[][] second = new int[block.length][];
        for (int a = 0; a < block.length; a++) {
            first[a] = a == 0 ? i0 : identity(block[a]);
            second[a] = a == 0 ? i1 : identity(block[a]);
        }
        int[] shape = y.shape().toArray();
        shape[dim] = i0.length;
        int size = Convolution.product(block);
        int[] weightShape = new int[block.length];
        Arrays.fill(weightShape, 1);
        weightShape[0] = i0.length;
        Tensor flat = y.reshape(planesOf(y, dim), size);
        Tensor a = TableGather.gather(flat, TableKernels.outer(block, first), 0).reshape(shape);
        Tensor b = TableGather.gather(flat, TableKernels.outer(block, second), 0).reshape(shape);
        DType dtype = y.dtype();
        return a.mul(Tensor.of(w0).to(dtype).reshape(weightShape)).add(b.mul(Tensor.of(w1).to(dtype)
                .reshape(weightShape)));
    }

    private static int planesOf(Tensor y, int dim) {
        int p = 1;
        for (int d = 0; d < dim; d++) {
            p *= y.size(d);
        }
        return p;
    }

    private static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /**
     * {@code [*, C r^2, H, W] -> [*, C, H r, W r]}: each group of {@code r^2} channels becomes an {@code r x r} block
     * of pixels (Shi et al., 2016). A reshape and a permutation.
     *
     * @throws IllegalArgumentException if the input has fewer than 3 dimensions or its channels are not divisible by
     *                                  {@code r^2}
     */
    public static Tensor pixelShuffle(Tensor x, int r) {
        Check.positive("pixelShuffle", "upscale factor", r);
        if (x.dim() < 3 || x.size(-3) % (r * r) != 0) {
            throw new IllegalArgumentException("pixelShuffle: expected an input [*, C, H, W] whose channels are "
                    + "divisible by the square of the upscale factor " + r + ", got shape " + x.shape());
        }
        int lead = x.dim() - 3;
        int c = x.size(-3) / (r * r);
        int h = x.size(-2);
        int w = x.size(-1);
        int[] lead0 = Arrays.copyOf(x.shape().toArray(), lead);
        Tensor y = x.reshape(concat(lead0, c, r, r, h, w));
        y = y.permute(concat(range(lead), lead, lead + 3, lead + 1, lead + 4, lead + 2));
        return y.reshape(concat(lead0, c, h * r, w * r));
    }

    /**
     * The inverse of {@link #pixelShuffle}: {@code [*, C, H r, W r] -> [*, C r^2, H, W]}.
     *
     * @throws IllegalArgumentException if the input has fewer than 3 dimensions or H or W is not divisible by r
     */
    public static Tensor pixelUnshuffle(Tensor x, int r) {
        Check.positive("pixelUnshuffle", "downscale factor", r);
        if (x.dim() < 3 || x.size(-2) % r != 0 || x.size(-1) % r != 0) {
            throw new IllegalArgumentException("pixelUnshuffle: expected an input [*, C, H, W] whose height and "
                    + "width are divisible by the downscale factor " + r + ", got shape " + x.shape());
        }
        int lead = x.dim() - 3;
        int c = x.size(-3);
        int h = x.size(-2) / r;
        int w = x.size(-1) / r;
        int[] lead0 = Arrays.copyOf(x.shape().toArray(), lead);
        Tensor y = x.reshape(concat(lead0, c, h, r, w, r));
        y = y.permute(concat(range(lead), lead, lead + 2, lead + 4, lead + 1, lead + 3));
        return y.reshape(concat(lead0, c * r * r, h, w));
    }

    /**
     * Channel shuffle (Zhang et al., 2018, ShuffleNet): {@code [N, C, *]} viewed as {@code [N, g, C / g, *]}, the two
     * group dimensions swapped, and flattened back, so that channel {@code i * g + j} of the output is channel
     * {@code j * (C / g) + i} of the input. A reshape, a transpose and a reshape, so gradients of every order follow.
     *
     * @throws IllegalArgumentException if {@code groups} is not positive, the input has fewer than 3 dimensions, or
     *                                  its channels are not divisible by {@code groups}
     */
    public static Tensor channelShuffle(Tensor x, int groups) {
        return channelShuffle("channelShuffle", x, groups);
    }

    /** {@link #channelShuffle(Tensor, int)} with its errors naming {@code where} (a layer or function). */
    public static Tensor channelShuffle(String where, Tensor x, int groups) {
        Check.positive(where, "groups", groups);
        if (x.dim() < 3) {
            throw Check.error(where, "expected an input [N, C, *] with at least 3 dimensions, got shape " + x.shape());
        }
        int[] shape = x.shape().toArray();
        if (shape[1] % groups != 0) {
            throw Check.error(where, "the " + shape[1] + " channels (dimension 1) of an input of shape " + x.shape()
                    + " are not divisible by " + groups + " groups");
        }
        int[] grouped = new int[shape.length + 1];
        grouped[0] = shape[0];
        grouped[1] = groups;
        grouped[2] = shape[1] / groups;
        System.arraycopy(shape, 2, grouped, 3, shape.length - 2);
        return x.reshape(grouped).transpose(1, 2).reshape(shape);
    }

    private static int[] range(int n) {
        return identity(n);
    }

    private static int[] concat(int[] head, int... tail) {
        int[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
