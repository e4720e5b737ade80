package org.backprop4j.array.internal;

import java.util.Arrays;

/**
 * The geometry of a sliding window over the last one, two or three dimensions of a volume (convolution and pooling in
 * 1-D, 2-D and 3-D): kernel size, stride, zero padding and dilation per dimension, right-aligned onto
 * {@code [D, H, W]} (a 2-D window has depth 1, a 1-D window depth and height 1). Along each dimension
 * {@code out = floor((in + 2 pad - dilation (kernel - 1) - 1) / stride) + 1}; in ceil mode the division rounds up,
 * except that the last window must start inside the input or its left padding (PyTorch's pooling rule).
 */
public final class Window3d {
    private final int[] kernel;
    private final int[] stride;
    private final int[] pad;
    private final int[] dilation;
    private final int rank;

    /**
     * @param kernel   kernel sizes of the last {@code kernel.length} (1 to 3) dimensions
     * @param stride   strides, as many as kernel sizes
     * @param pad      zero padding on both sides, as many as kernel sizes
     * @param dilation spacings between kernel taps, as many as kernel sizes
     * @throws IllegalArgumentException if the lengths differ or a value is out of range
     */
    public Window3d(int[] kernel, int[] stride, int[] pad, int[] dilation) {
        rank = kernel.length;
        if (rank < 1 || rank > 3 || stride.length != rank || pad.length != rank || dilation.length != rank) {
            throw new IllegalArgumentException("window: expected 1 to 3 kernel sizes and as many strides, paddings and "
                    + "dilations, got kernel " + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride)
                    + ", padding " + Arrays.toString(pad) + ", dilation " + Arrays.toString(dilation));
        }
        this.kernel = aligned(kernel, 1);
        this.stride = aligned(stride, 1);
        this.pad = aligned(pad, 0);
        this.dilation = aligned(dilation, 1);
        for (int a = 0; a < 3; a++) {
            if (this.kernel[a] <= 0 || this.stride[a] <= 0 || this.dilation[a] <= 0 || this.pad[a] < 0) {
                throw new IllegalArgumentException("window: kernel, stride and dilation must be positive and padding "
                        + "non-negative, got " + this);
            }
        }
    }

    private static int[] aligned(int[] values, int fill) {
        int[] out = {fill, fill, fill};
        System.arraycopy(values, 0, out, 3 - values.length, values.length);
        return out;
    }

    /** How many trailing dimensions the window slides over (1, 2 or 3). */
    public int rank() {
        return rank;
    }

    /** Kernel size along axis {@code a} of {@code [D, H, W]} (0: depth, 1: height, 2: width). */
    public int kernel(int a) {
        return kernel[a];
    }

    public int stride(int a) {
        return stride[a];
    }

    public int pad(int a) {
        return pad[a];
    }

    public int dilation(int a) {
        return dilation[a];
    }

    /** Kernel taps per channel: {@code kD kH kW}. */
    public int volume() {
        return kernel[0] * kernel[1] * kernel[2];
    }

    /** The output length along axis {@code a} for an input of length {@code size}. */
    public int out(int a, int size, boolean ceil) {
        int span = size + 2 * pad[a] - dilation[a] * (kernel[a] - 1) - 1;
        int out = Math.floorDiv(span + (ceil ? stride[a] - 1 : 0), stride[a]) + 1;
        if (ceil && (out - 1) * stride[a] >= size + pad[a]) {
            out--;
        }
        return out;
    }

    /** The output sizes {@code [oD, oH, oW]} for the input sizes {@code [D, H, W]}. */
    public int[] out(int[] size, boolean ceil) {
        return new int[] {out(0, size[0], ceil), out(1, size[1], ceil), out(2, size[2], ceil)};
    }

    /**
     * Where every kernel tap of every window reads: entry {@code t L + l} (tap {@code t} in {@code (kd, kh, kw)}
     * row-major order, output position {@code l} of {@code outSize} row-major) is the row-major offset of the input
     * element within its {@code [D, H, W]} volume, or -1 where the tap falls on padding or past the input.
     */
    public int[] table(int[] inSize, int[] outSize) {
        int l = outSize[0] * outSize[1] * outSize[2];
        int[] table = new int[volume() * l];
        int[][] axes = new int[3][];
        int t = 0;
        for (int kd = 0; kd < kernel[0]; kd++) {
            axes[0] = taps(0, kd, inSize[0], outSize[0]);
            for (int kh = 0; kh < kernel[1]; kh++) {
                axes[1] = taps(1, kh, inSize[1], outSize[1]);
                for (int kw = 0; kw < kernel[2]; kw++, t++) {
                    axes[2] = taps(2, kw, inSize[2], outSize[2]);
                    TableKernels.outer(inSize, axes, table, t * l);
                }
            }
        }
        return table;
    }

    /** The input index along axis {@code a} that tap {@code k} reads for each output position, or -1 outside. */
    private int[] taps(int a, int k, int in, int out) {
        int[] idx = new int[out];
        for (int o = 0; o < out; o++) {
            int i = o * stride[a] - pad[a] + k * dilation[a];
            idx[o] = i >= 0 && i < in ? i : -1;
        }
        return idx;
    }

    @Override
    public String toString() {
        return "kernel " + join(kernel) + ", stride " + join(stride) + ", padding " + join(pad) + ", dilation "
                + join(dilation);
    }

    private String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int a = 3 - rank; a < 3; a++) {
            sb.append(a > 3 - rank ? "x" : "").append(v[a]);
        }
        return sb.toString();
    }
}
