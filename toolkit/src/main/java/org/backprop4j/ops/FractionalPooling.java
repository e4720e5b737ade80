package org.backprop4j.ops;

import java.util.Arrays;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;

/**
 * Fractional max pooling (Graham, 2014, "Fractional Max-Pooling") over the last 2 or 3 dimensions of
 * {@code [N, C, *S]}: pseudo-random windows of a fixed kernel size whose starts are placed by one sample
 * {@code u in [0, 1)} per plane and spatial dimension, by PyTorch's formula: with {@code alpha = (in - kernel) /
 * (out - 1)}, window {@code i < out - 1} starts at {@code floor((i + u) alpha) - floor(u alpha)} and the last at
 * {@code in - kernel}, computed in the input's precision as PyTorch's kernels compute them (so float32 inputs place
 * the same windows as PyTorch's float32). The samples are {@code [N, C, r]}; for 2-D, sample 0 places the width and
 * sample 1 the height (PyTorch's order), for 3-D samples 0, 1, 2 place depth, height and width.
 *
 * <p>The maxima are found in one pass (NaN wins, the last one in window order; otherwise the first of equal maxima,
 * as in PyTorch); the values are then a gather of the input at those positions, so the gradient goes to the position
 * of each maximum and differentiates again.
 */
public final class FractionalPooling {
    private FractionalPooling() {
    }

    /**
     * Max over fractional windows of {@code x [N, C, *S]} ({@code S} of rank {@code kernel.length}, 2 or 3), with
     * the int64 positions of the maxima within each {@code [*S]} plane, row-major (as PyTorch's indices).
     *
     * @param samples {@code [N, C, r]} values in {@code [0, 1)}
     * @throws IllegalArgumentException if the ranks or the samples' shape do not fit, a sample is outside
     *                                  {@code [0, 1)}, or {@code outputSize + kernel - 1} exceeds the input along a
     *                                  dimension
     */
    public static ValuesAndIndices fractionalMaxPool(Tensor x, int[] kernel, int[] outputSize, Tensor samples) {
        int r = kernel.length;
        String op = "fractionalMaxPool" + r + "d";
        Check.require(r == 2 || r == 3, op, () -> "expected a kernel of 2 or 3 sizes, got " + Arrays.toString(kernel));
        Check.require(outputSize.length == r, op, () -> "expected " + r + " output sizes, got "
                + Arrays.toString(outputSize));
        Check.floating(op, x);
        Check.require(x.dim() == r + 2, op, () -> "expected an input of rank " + (r + 2) + " ([N, C] and " + r
                + " spatial dimensions), got shape " + x.shape());
        String[] names = r == 2 ? new String[] {"height", "width"} : new String[] {"depth", "height", "width"};
        for (int d = 0; d < r; d++) {
            int in = x.size(2 + d);
            int k = kernel[d];
            int o = outputSize[d];
            String name = names[d];
            Check.require(k > 0 && o > 0, op, () -> "kernel size " + Arrays.toString(kernel) + " and output size "
                    + Arrays.toString(outputSize) + " must be positive");
            Check.require(o + k - 1 <= in, op, () -> "pool " + name + " " + k + " too large relative to input "
                    + name + " " + in + " for output " + name + " " + o + " (needs output + kernel - 1 <= input), "
                    + "input shape " + x.shape());
        }
        int n = x.size(0);
        int c = x.size(1);
        Check.require(samples.shape().equals(org.backprop4j.array.Shape.of(n, c, r)), op,
                () -> "expected random samples of shape [" + n + ", " + c + ", " + r + "] for an input of shape "
                        + x.shape() + ", got " + samples.shape());
        double[] u = samples.toDoubleArray();
        for (double v : u) {
            Check.require(v >= 0 && v < 1, op, () -> "random samples must lie in [0, 1), got " + v);
        }
        int[] in = new int[r];
        int size = 1;
        for (int d = 0; d < r; d++) {
            in[d] = x.size(2 + d);
            size *= in[d];
        }
        int l = 1;
        for (int o : outputSize) {
            l *= o;
        }
        int planes = n * c;
        double[] v = x.detach().contiguous().toDoubleArray();
        boolean single = x.dtype() == DType.FLOAT32;
        long[] arg = new long[planes * l];
        for (int p = 0; p < planes; p++) {
            int[][] starts = new int[r][];
            for (int d = 0; d < r; d++) {
                // 2-D: sample 0 places the width, 1 the height; 3-D: 0, 1, 2 place depth, height, width
                double sample = u[p * r + (r == 2 ? 1 - d : d)];
                starts[d] = single ? intervals((float) sample, in[d], outputSize[d], kernel[d])
                        : intervals(sample, in[d], outputSize[d], kernel[d]);
            }
            maxima(v, p * size, in, kernel, outputSize, starts, arg, p * l);
        }
        int[] outShape = new int[r + 2];
        outShape[0] = n;
        outShape[1] = c;
        System.arraycopy(outputSize, 0, outShape, 2, r);
        Tensor index = Tensor.of(arg, planes, l);
        Tensor values = x.reshape(planes, size).gather(1, index).reshape(outShape);
        return new ValuesAndIndices(values, index.reshape(outShape));
    }

    /** Uniform samples {@code [N, C, rank]} in the input's dtype from {@code rng} (the global generator if null). */
    public static Tensor samples(Tensor x, int rank, Rng rng) {
        return Tensor.rand(rng == null ? Rng.global() : rng, x.dtype(), x.size(0), x.size(1), rank);
    }

    /** PyTorch's window starts in double precision. */
    static int[] intervals(double sample, int in, int out, int pool) {
        int[] seq = new int[out];
        if (out > 1) {
            double alpha = (double) (in - pool) / (double) (out - 1);
            for (int i = 0; i < out - 1; i++) {
                seq[i] = (int) ((i + sample) * alpha) - (int) (sample * alpha);
            }
        }
        seq[out - 1] = in - pool;
        return seq;
    }

    /** PyTorch's window starts in single precision, as its kernel computes them for float32 inputs. */
    static int[] intervals(float sample, int in, int out, int pool) {
        int[] seq = new int[out];
        if (out > 1) {
            float alpha = (float) (in - pool) / (float) (out - 1);
            for (int i = 0; i < out - 1; i++) {
                seq[i] = (int) ((i + sample) * alpha) - (int) (sample * alpha);
            }
        }
        seq[out - 1] = in - pool;
        return seq;
    }

    /**
     * The plane offset of the maximum of every window of one plane (starting at {@code base} of {@code v}), into
     * {@code arg} from {@code at}. Spatial dimensions are padded to three (leading size 1) to share one loop.
     */
    private static void maxima(double[] v, int base, int[] in, int[] kernel, int[] out, int[][] starts, long[] arg,
            int at) {
        int r = in.length;
        int[] in3 = pad3(in, r);
        int[] k3 = pad3(kernel, r);
        int[] o3 = pad3(out, r);
        int[][] s3 = new int[3][];
        for (int d = 0; d < 3; d++) {
            s3[d] = d < 3 - r ? new int[] {0} : starts[d - (3 - r)];
        }
        int w = at;
        for (int a = 0; a < o3[0]; a++) {
            for (int b = 0; b < o3[1]; b++) {
                for (int c = 0; c < o3[2]; c++) {
                    int t0 = s3[0][a];
                    int h0 = s3[1][b];
                    int w0 = s3[2][c];
                    int best = (t0 * in3[1] + h0) * in3[2] + w0;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int t = t0; t < t0 + k3[0]; t++) {
                        for (int h = h0; h < h0 + k3[1]; h++) {
                            for (int x = w0; x < w0 + k3[2]; x++) {
                                int i = (t * in3[1] + h) * in3[2] + x;
                                double val = v[base + i];
                                if (val > max || Double.isNaN(val)) {
                                    max = val;
                                    best = i;
                                }
                            }
                        }
                    }
                    arg[w++] = best;
                }
            }
        }
    }

    private static int[] pad3(int[] a, int r) {
        int[] out = {1, 1, 1};
        System.arraycopy(a, 0, out, 3 - r, r);
        return out;
    }
}
