package org.backprop4j.array.internal;

/**
 * The loops of im2col and col2im over contiguous {@code [N, C, H, W]} data: row {@code (c, ki, kj)} of the column
 * matrix of image {@code n} holds, for every output position, the input element under kernel tap {@code (ki, kj)}.
 */
public final class WindowKernels {
    private WindowKernels() {
    }

    public static void im2col(float[] x, int xOff, int n, int c, int h, int w, Window k, float pad, float[] out) {
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        int l = oh * ow;
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = xOff + (b * c + ch) * h * w;
                for (int ki = 0; ki < k.kernelH(); ki++) {
                    for (int kj = 0; kj < k.kernelW(); kj++, o += l) {
                        int p = o;
                        for (int oi = 0; oi < oh; oi++) {
                            int ii = oi * k.strideH() - k.padH() + ki * k.dilationH();
                            if (ii < 0 || ii >= h) {
                                java.util.Arrays.fill(out, p, p + ow, pad);
                                p += ow;
                                continue;
                            }
                            int row = plane + ii * w;
                            int jj = kj * k.dilationW() - k.padW();
                            for (int oj = 0; oj < ow; oj++, jj += k.strideW()) {
                                out[p++] = jj >= 0 && jj < w ? x[row + jj] : pad;
                            }
                        }
                    }
                }
            }
        }
    }

    public static void im2col(double[] x, int xOff, int n, int c, int h, int w, Window k, double pad, double[] out) {
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        int l = oh * ow;
        int o = 0;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = xOff + (b * c + ch) * h * w;
                for (int ki = 0; ki < k.kernelH(); ki++) {
                    for (int kj = 0; kj < k.kernelW(); kj++, o += l) {
                        int p = o;
                        for (int oi = 0; oi < oh; oi++) {
                            int ii = oi * k.strideH() - k.padH() + ki * k.dilationH();
                            if (ii < 0 || ii >= h) {
                                java.util.Arrays.fill(out, p, p + ow, pad);
                                p += ow;
                                continue;
                            }
                            int row = plane + ii * w;
                            int jj = kj * k.dilationW() - k.padW();
                            for (int oj = 0; oj < ow; oj++, jj += k.strideW()) {
                                out[p++] = jj >= 0 && jj < w ? x[row + jj] : pad;
                            }
                        }
                    }
                }
            }
        }
    }

    public static void col2im(float[] cols, int colsOff, int n, int c, int h, int w, Window k, float[] out) {
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        int l = oh * ow;
        int o = colsOff;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (b * c + ch) * h * w;
                for (int ki = 0; ki < k.kernelH(); ki++) {
                    for (int kj = 0; kj < k.kernelW(); kj++, o += l) {
                        int p = o;
                        for (int oi = 0; oi < oh; oi++) {
                            int ii = oi * k.strideH() - k.padH() + ki * k.dilationH();
                            if (ii < 0 || ii >= h) {
                                p += ow;
                                continue;
                            }
                            int row = plane + ii * w;
                            int jj = kj * k.dilationW() - k.padW();
                            for (int oj = 0; oj < ow; oj++, jj += k.strideW(), p++) {
                                if (jj >= 0 && jj < w) {
                                    out[row + jj] += cols[p];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    public static void col2im(double[] cols, int colsOff, int n, int c, int h, int w, Window k, double[] out) {
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        int l = oh * ow;
        int o = colsOff;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (b * c + ch) * h * w;
                for (int ki = 0; ki < k.kernelH(); ki++) {
                    for (int kj = 0; kj < k.kernelW(); kj++, o += l) {
                        int p = o;
                        for (int oi = 0; oi < oh; oi++) {
                            int ii = oi * k.strideH() - k.padH() + ki * k.dilationH();
                            if (ii < 0 || ii >= h) {
                                p += ow;
                                continue;
                            }
                            int row = plane + ii * w;
                            int jj = kj * k.dilationW() - k.padW();
                            for (int oj = 0; oj < ow; oj++, jj += k.strideW(), p++) {
                                if (jj >= 0 && jj < w) {
                                    out[row + jj] += cols[p];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
