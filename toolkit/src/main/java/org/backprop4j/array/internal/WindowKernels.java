package org.backprop4j.array.internal;

import java.util.Arrays;

/**
 * The loops of im2col and col2im over contiguous {@code [N, C, H, W]} data: row {@code (c, ki, kj)} of the column
 * matrix of image {@code n} holds, for every output position, the input element under kernel tap {@code (ki, kj)}.
 * For each kernel column the run of output columns whose tap falls inside the row is found once ({@link #first},
 * {@link #end}), so the inner loops are a copy (stride 1) or an add without a bounds test per element.
 */
public final class WindowKernels {
    private WindowKernels() {
    }

    /** The first output column whose tap {@code kj} lies at or right of input column 0. */
    private static int first(Window k, int kj, int ow) {
        int start = kj * k.dilationW() - k.padW();
        return start >= 0 ? 0 : Math.min(ow, (-start + k.strideW() - 1) / k.strideW());
    }

    /** One past the last output column whose tap {@code kj} lies left of input column {@code w}. */
    private static int end(Window k, int kj, int w, int ow) {
        int start = kj * k.dilationW() - k.padW();
        return start >= w ? 0 : Math.min(ow, (w - start + k.strideW() - 1) / k.strideW());
    }

    public static void im2col(float[] x, int xOff, int n, int c, int h, int w, Window k, float pad, float[] out) {
        int l = k.outHeight(h) * k.outWidth(w);
        im2col(x, xOff, n, c, h, w, k, pad, out, 0, c * k.area() * l, l);
    }

    /**
     * im2col into any layout of the rows: row {@code r} of image {@code b} starts at
     * {@code outOff + b imageStride + r rowStride} ({@code [N, rows, L]}: {@code rows L} and {@code L};
     * {@code [rows, N, L]}, one matrix for the whole batch: {@code L} and {@code N L}).
     */
    public static void im2col(float[] x, int xOff, int n, int c, int h, int w, Window k, float pad, float[] out,
            int outOff, int imageStride, int rowStride) {
        forEachRow(n, c, h, w, k, outOff, imageStride, rowStride,
                (b, r, p) -> im2colRun(x, xOff, b, r, c, h, w, k, pad, out, p));
    }

    /** Row {@code r} of image {@code b}'s columns, its {@code L} values from {@code p}. */
    private static void im2colRun(float[] x, int xOff, int b, int r, int c, int h, int w, Window k, float pad,
            float[] out, int p) {
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        int sw = k.strideW();
        int kj = r % k.kernelW();
        int ki = r / k.kernelW() % k.kernelH();
        int ch = r / k.area();
        int plane = xOff + (b * c + ch) * h * w;
        int lo = first(k, kj, ow);
        int hi = Math.max(lo, end(k, kj, w, ow));
        int start = kj * k.dilationW() - k.padW();
        for (int oi = 0; oi < oh; oi++, p += ow) {
            int ii = oi * k.strideH() - k.padH() + ki * k.dilationH();
            if (ii < 0 || ii >= h) {
                Arrays.fill(out, p, p + ow, pad);
                continue;
            }
            if (lo > 0) {
                Arrays.fill(out, p, p + lo, pad);
            }
            int src = plane + ii * w + start + lo * sw;
            if (sw == 1) {
                if (Loops.VECTOR) {
                    VectorLoops.copyRun(x, src, out, p + lo, hi - lo);
                } else if (hi > lo) {
                    System.arraycopy(x, src, out, p + lo, hi - lo);
                }
            } else {
                for (int oj = lo; oj < hi; oj++, src += sw) {
                    out[p + oj] = x[src];
                }
            }
            if (hi < ow) {
                Arrays.fill(out, p + hi, p + ow, pad);
            }
        }
    }

    public static void im2col(double[] x, int xOff, int n, int c, int h, int w, Window k, double pad, double[] out) {
        int l = k.outHeight(h) * k.outWidth(w);
        im2col(x, xOff, n, c, h, w, k, pad, out, 0, c * k.area() * l, l);
    }

    /**
     * im2col into any layout of the rows: row {@code r} of image {@code b} starts at
     * {@code outOff + b imageStride + r rowStride} ({@code [N, rows, L]}: {@code rows L} and {@code L};
     * {@code [rows, N, L]}, one matrix for the whole batch: {@code L} and {@code N L}).
     */
    public static void im2col(double[] x, int xOff, int n, int c, int h, int w, Window k, double pad, double[] out,
            int outOff, int imageStride, int rowStride) {
        forEachRow(n, c, h, w, k, outOff, imageStride, rowStride,
                (b, r, p) -> im2colRun(x, xOff, b, r, c, h, w, k, pad, out, p));
    }

    /** Row {@code r} of image {@code b}'s columns, its {@code L} values from {@code p}. */
    private static void im2colRun(double[] x, int xOff, int b, int r, int c, int h, int w, Window k, double pad,
            double[] out, int p) {
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        int sw = k.strideW();
        int kj = r % k.kernelW();
        int ki = r / k.kernelW() % k.kernelH();
        int ch = r / k.area();
        int plane = xOff + (b * c + ch) * h * w;
        int lo = first(k, kj, ow);
        int hi = Math.max(lo, end(k, kj, w, ow));
        int start = kj * k.dilationW() - k.padW();
        for (int oi = 0; oi < oh; oi++, p += ow) {
            int ii = oi * k.strideH() - k.padH() + ki * k.dilationH();
            if (ii < 0 || ii >= h) {
                Arrays.fill(out, p, p + ow, pad);
                continue;
            }
            if (lo > 0) {
                Arrays.fill(out, p, p + lo, pad);
            }
            int src = plane + ii * w + start + lo * sw;
            if (sw == 1) {
                if (Loops.VECTOR) {
                    VectorLoops.copyRun(x, src, out, p + lo, hi - lo);
                } else if (hi > lo) {
                    System.arraycopy(x, src, out, p + lo, hi - lo);
                }
            } else {
                for (int oj = lo; oj < hi; oj++, src += sw) {
                    out[p + oj] = x[src];
                }
            }
            if (hi < ow) {
                Arrays.fill(out, p + hi, p + ow, pad);
            }
        }
    }

    public static void col2im(float[] cols, int colsOff, int n, int c, int h, int w, Window k, float[] out) {
        int l = k.outHeight(h) * k.outWidth(w);
        col2im(cols, colsOff, n, c, h, w, k, out, c * k.area() * l, l);
    }

    /** col2im from columns in the layout given by {@code imageStride} and {@code rowStride}, as im2col's. */
    public static void col2im(float[] cols, int colsOff, int n, int c, int h, int w, Window k, float[] out,
            int imageStride, int rowStride) {
        col2im(cols, colsOff, n, c, h, w, k, out, 0, imageStride, rowStride);
    }

    /** As above, into images that start at {@code outOff} in {@code out}. */
    public static void col2im(float[] cols, int colsOff, int n, int c, int h, int w, Window k, float[] out, int outOff,
            int imageStride, int rowStride) {
        forEachRow(n, c, h, w, k, colsOff, imageStride, rowStride,
                (b, r, p) -> col2imRun(cols, p, b, r, c, h, w, k, out, outOff));
    }

    /** Adds row {@code r} of image {@code b}'s columns (its {@code L} values from {@code p}) into the image. */
    private static void col2imRun(float[] cols, int p, int b, int r, int c, int h, int w, Window k, float[] out,
            int outOff) {
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        int sw = k.strideW();
        int kj = r % k.kernelW();
        int ki = r / k.kernelW() % k.kernelH();
        int ch = r / k.area();
        int plane = outOff + (b * c + ch) * h * w;
        int lo = first(k, kj, ow);
        int hi = Math.max(lo, end(k, kj, w, ow));
        int start = kj * k.dilationW() - k.padW();
        for (int oi = 0; oi < oh; oi++, p += ow) {
            int ii = oi * k.strideH() - k.padH() + ki * k.dilationH();
            if (ii < 0 || ii >= h) {
                continue;
            }
            int dst = plane + ii * w + start + lo * sw;
            if (sw == 1 && Loops.VECTOR) {
                VectorLoops.addRun(cols, p + lo, out, dst, hi - lo);
            } else if (sw == 1) {
                for (int oj = lo; oj < hi; oj++) {
                    out[dst - lo + oj] += cols[p + oj];
                }
            } else {
                for (int oj = lo; oj < hi; oj++, dst += sw) {
                    out[dst] += cols[p + oj];
                }
            }
        }
    }

    public static void col2im(double[] cols, int colsOff, int n, int c, int h, int w, Window k, double[] out) {
        int l = k.outHeight(h) * k.outWidth(w);
        col2im(cols, colsOff, n, c, h, w, k, out, c * k.area() * l, l);
    }

    /** col2im from columns in the layout given by {@code imageStride} and {@code rowStride}, as im2col's. */
    public static void col2im(double[] cols, int colsOff, int n, int c, int h, int w, Window k, double[] out,
            int imageStride, int rowStride) {
        col2im(cols, colsOff, n, c, h, w, k, out, 0, imageStride, rowStride);
    }

    /** As above, into images that start at {@code outOff} in {@code out}. */
    public static void col2im(double[] cols, int colsOff, int n, int c, int h, int w, Window k, double[] out, int outOff,
            int imageStride, int rowStride) {
        forEachRow(n, c, h, w, k, colsOff, imageStride, rowStride,
                (b, r, p) -> col2imRun(cols, p, b, r, c, h, w, k, out, outOff));
    }

    /** Adds row {@code r} of image {@code b}'s columns (its {@code L} values from {@code p}) into the image. */
    private static void col2imRun(double[] cols, int p, int b, int r, int c, int h, int w, Window k, double[] out,
            int outOff) {
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        int sw = k.strideW();
        int kj = r % k.kernelW();
        int ki = r / k.kernelW() % k.kernelH();
        int ch = r / k.area();
        int plane = outOff + (b * c + ch) * h * w;
        int lo = first(k, kj, ow);
        int hi = Math.max(lo, end(k, kj, w, ow));
        int start = kj * k.dilationW() - k.padW();
        for (int oi = 0; oi < oh; oi++, p += ow) {
            int ii = oi * k.strideH() - k.padH() + ki * k.dilationH();
            if (ii < 0 || ii >= h) {
                continue;
            }
            int dst = plane + ii * w + start + lo * sw;
            if (sw == 1 && Loops.VECTOR) {
                VectorLoops.addRun(cols, p + lo, out, dst, hi - lo);
            } else if (sw == 1) {
                for (int oj = lo; oj < hi; oj++) {
                    out[dst - lo + oj] += cols[p + oj];
                }
            } else {
                for (int oj = lo; oj < hi; oj++, dst += sw) {
                    out[dst] += cols[p + oj];
                }
            }
        }
    }

    /**
     * {@code dst[(b O + o) L + j] = src[(o N + b) L + j] + bias[o]} (no bias when {@code bias} is null): a batch's
     * convolution output from channel-major {@code [O, N, L]}, as one GEMM writes it, to {@code [N, O, L]}.
     */
    public static void toImageMajor(float[] src, int o, int n, int l, float[] bias, int biasOff, float[] dst) {
        Split.byItems(n, (long) n * o * l, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int ch = 0; ch < o; ch++) {
                    int from = (ch * n + b) * l;
                    int to = (b * o + ch) * l;
                    if (bias == null) {
                        System.arraycopy(src, from, dst, to, l);
                    } else {
                        float v = bias[biasOff + ch];
                        for (int j = 0; j < l; j++) {
                            dst[to + j] = src[from + j] + v;
                        }
                    }
                }
            }
        });
    }

    public static void toImageMajor(double[] src, int o, int n, int l, double[] bias, int biasOff, double[] dst) {
        Split.byItems(n, (long) n * o * l, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int ch = 0; ch < o; ch++) {
                    int from = (ch * n + b) * l;
                    int to = (b * o + ch) * l;
                    if (bias == null) {
                        System.arraycopy(src, from, dst, to, l);
                    } else {
                        double v = bias[biasOff + ch];
                        for (int j = 0; j < l; j++) {
                            dst[to + j] = src[from + j] + v;
                        }
                    }
                }
            }
        });
    }

    /**
     * The inverse rearrangement, {@code [N, O, L]} at {@code srcOff} to {@code [O, N, L]}; with {@code sums} not
     * null, adds each channel's total (summed per image in double by {@link FloatRunSums}, then over images) into
     * {@code sums[o]}: the bias gradient on the way.
     */
    public static void toChannelMajor(float[] src, int srcOff, int n, int o, int l, float[] dst, double[] sums) {
        double[] perImage = sums == null ? null : new double[n * o];
        Split.byItems(n, (long) n * o * l, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int ch = 0; ch < o; ch++) {
                    int from = srcOff + (b * o + ch) * l;
                    System.arraycopy(src, from, dst, (ch * n + b) * l, l);
                    if (perImage != null) {
                        perImage[b * o + ch] = FloatRunSums.sum(src, from, l);
                    }
                }
            }
        });
        addInImageOrder(perImage, n, o, sums);
    }

    public static void toChannelMajor(double[] src, int srcOff, int n, int o, int l, double[] dst, double[] sums) {
        double[] perImage = sums == null ? null : new double[n * o];
        Split.byItems(n, (long) n * o * l, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int ch = 0; ch < o; ch++) {
                    int from = srcOff + (b * o + ch) * l;
                    System.arraycopy(src, from, dst, (ch * n + b) * l, l);
                    if (perImage != null) {
                        perImage[b * o + ch] = DoubleRunSums.sum(src, from, l);
                    }
                }
            }
        });
        addInImageOrder(perImage, n, o, sums);
    }

    /** {@code sums[o] += perImage[b O + o]} over images in order (nothing when {@code sums} is null). */
    static void addInImageOrder(double[] perImage, int n, int o, double[] sums) {
        if (sums == null) {
            return;
        }
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < o; ch++) {
                sums[ch] += perImage[b * o + ch];
            }
        }
    }

    /** Row {@code r} of image {@code b}'s columns, which starts at {@code p}. */
    @FunctionalInterface
    private interface RowAt {
        void run(int b, int r, int p);
    }

    /**
     * Visits every image's rows of columns laid out by {@code imageStride} and {@code rowStride} from {@code off}, in
     * the order they lie in memory (image by image for {@code [N, rows, L]}, row by row for {@code [rows, N, L]}),
     * the images split over threads.
     */
    private static void forEachRow(int n, int c, int h, int w, Window k, int off, int imageStride, int rowStride,
            RowAt row) {
        int rows = c * k.area();
        long moved = (long) n * rows * k.outHeight(h) * k.outWidth(w);
        Split.byItems(n, moved, (b0, b1) -> {
            if (imageStride >= rowStride) {
                for (int b = b0; b < b1; b++) {
                    for (int r = 0; r < rows; r++) {
                        row.run(b, r, off + b * imageStride + r * rowStride);
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    for (int b = b0; b < b1; b++) {
                        row.run(b, r, off + b * imageStride + r * rowStride);
                    }
                }
            }
        });
    }
}
