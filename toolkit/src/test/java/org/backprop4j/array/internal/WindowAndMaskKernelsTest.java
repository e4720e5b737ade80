package org.backprop4j.array.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.backprop4j.array.DType;
import org.backprop4j.array.Storage;
import org.backprop4j.array.StridedArray;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The loops that skip per-element bounds tests or branch-free lanes against their definitions: im2col against the
 * element formula over strides, paddings, dilations and kernels wider than the image; col2im as its adjoint
 * ({@code <im2col(x), c> = <x, col2im(c)>}, exact for small integers); max over windows (vector lanes and scalar
 * tail, padding taps, ties, NaN) against a scalar reference; relu's rule on the vector path against the formula.
 */
class WindowAndMaskKernelsTest {
    private static final Random RANDOM = new Random(11);

    @Test
    void im2colMatchesTheElementFormulaAndCol2imIsItsAdjoint() {
        int cases = 0;
        for (int kh = 1; kh <= 4; kh++) {
            for (int stride = 1; stride <= 3; stride++) {
                for (int pad = 0; pad <= 3; pad++) {
                    for (int dil = 1; dil <= 2; dil++) {
                        for (int w : new int[] {1, 3, 7}) {
                            Window k = new Window(kh, kh + 1 - (kh % 2), stride, stride + (pad % 2), pad, pad / 2 + 1,
                                    dil, 3 - dil);
                            int h = w + 2;
                            if (k.outHeight(h) <= 0 || k.outWidth(w) <= 0) {
                                continue;
                            }
                            check(k, 2, 3, h, w);
                            cases++;
                        }
                    }
                }
            }
        }
        assertThat(cases).isGreaterThan(150);
    }

    private static void check(Window k, int n, int c, int h, int w) {
        int oh = k.outHeight(h);
        int ow = k.outWidth(w);
        int rows = c * k.area();
        int l = oh * ow;
        int off = 3;
        float[] x = new float[off + n * c * h * w];
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = RANDOM.nextInt(9) - 4;
            xd[i] = x[i];
        }
        float[] cols = new float[n * rows * l];
        double[] colsD = new double[cols.length];
        WindowKernels.im2col(x, off, n, c, h, w, k, -7f, cols);
        WindowKernels.im2col(xd, off, n, c, h, w, k, -7, colsD);
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int ki = 0; ki < k.kernelH(); ki++) {
                    for (int kj = 0; kj < k.kernelW(); kj++) {
                        int row = (ch * k.kernelH() + ki) * k.kernelW() + kj;
                        for (int oi = 0; oi < oh; oi++) {
                            for (int oj = 0; oj < ow; oj++) {
                                int ii = oi * k.strideH() - k.padH() + ki * k.dilationH();
                                int jj = oj * k.strideW() - k.padW() + kj * k.dilationW();
                                float want = ii >= 0 && ii < h && jj >= 0 && jj < w
                                        ? x[off + ((b * c + ch) * h + ii) * w + jj] : -7f;
                                int at = (b * rows + row) * l + oi * ow + oj;
                                assertThat(cols[at]).as("%s at image %d row %d column %d,%d", k, b, row, oi, oj)
                                        .isEqualTo(want);
                                assertThat(colsD[at]).isEqualTo(want);
                            }
                        }
                    }
                }
            }
        }
        float[] probe = new float[2 + cols.length];
        double[] probeD = new double[probe.length];
        double inner = 0;
        for (int i = 0; i < cols.length; i++) {
            probe[2 + i] = RANDOM.nextInt(5) - 2;
            probeD[2 + i] = probe[2 + i];
        }
        WindowKernels.im2col(x, off, n, c, h, w, k, 0f, cols);
        for (int i = 0; i < cols.length; i++) {
            inner += cols[i] * probe[2 + i];
        }
        float[] back = new float[n * c * h * w];
        double[] backD = new double[back.length];
        WindowKernels.col2im(probe, 2, n, c, h, w, k, back);
        WindowKernels.col2im(probeD, 2, n, c, h, w, k, backD);
        double adjoint = 0;
        for (int i = 0; i < back.length; i++) {
            adjoint += x[off + i] * back[i];
            assertThat(backD[i]).isEqualTo(back[i]);
        }
        assertThat(adjoint).as("%s: <im2col(x), c> = <x, col2im(c)>", k).isEqualTo(inner);
    }

    @Test
    void maxOverWindowsMatchesTheScalarDefinitionWithPaddingTiesAndNaN() {
        for (int size : new int[] {1, 7, 16, 37, 144, -16, -37, -144}) {
            // negative: windows inside the input except position 0's (the vector lanes); positive: -1 taps throughout
            boolean padded = size > 0;
            int l = Math.abs(size);
            int taps = 5;
            int planeSize = 40;
            int planes = 3;
            int[] table = new int[taps * l];
            for (int i = 0; i < table.length; i++) {
                table[i] = padded && RANDOM.nextInt(6) == 0 ? -1 : RANDOM.nextInt(planeSize);
            }
            for (int t = 0; t < taps; t++) {
                table[t * l] = -1;   // output position 0 has no tap inside
            }
            float[] x = new float[1 + planes * planeSize];
            double[] xd = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int r = RANDOM.nextInt(20);
                x[i] = r == 0 ? Float.NaN : r == 1 ? Float.NEGATIVE_INFINITY : RANDOM.nextInt(4) - 2;  // many ties
                xd[i] = x[i];
            }
            float[] out = new float[planes * l];
            int[] arg = new int[planes * l];
            double[] outD = new double[planes * l];
            int[] argD = new int[planes * l];
            TableKernels.maxWindows(x, 1, planes, planeSize, table, l, out, arg);
            TableKernels.maxWindows(xd, 1, planes, planeSize, table, l, outD, argD);
            for (int p = 0; p < planes; p++) {
                for (int i = 0; i < l; i++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int t = 0; t < taps; t++) {
                        int s = table[t * l + i];
                        if (s < 0) {
                            continue;
                        }
                        double v = xd[1 + p * planeSize + s];
                        boolean nan = Double.isNaN(v) && !Double.isNaN(best);
                        if (at < 0 || v > best || nan) {
                            best = v;
                            at = s;
                        }
                    }
                    int o = p * l + i;
                    assertThat(arg[o]).as("l=%d plane %d position %d", l, p, i).isEqualTo(at);
                    assertThat(argD[o]).isEqualTo(at);
                    // boxed, so that NaN equals NaN
                    assertThat(Double.valueOf(out[o])).isEqualTo(Double.valueOf(best));
                    assertThat(Double.valueOf(outD[o])).isEqualTo(Double.valueOf(best));
                }
            }
        }
    }

    @Test
    void reluRuleKeepsTheGradientWherePositive() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1, 15, 16, 17, 100, 1031}) {
                double[] y = new double[n + 1];
                double[] g = new double[n + 1];
                for (int i = 0; i < y.length; i++) {
                    int r = RANDOM.nextInt(6);
                    y[i] = r == 0 ? Double.NaN : r == 1 ? 0.0 : r == 2 ? -0.0 : RANDOM.nextGaussian();
                    g[i] = RANDOM.nextGaussian();
                }
                // at an offset of 1, so the vector loads do not start at the array's beginning
                StridedArray ys = Tensor.of(y).to(dtype).slice(0, 1, n + 1);
                StridedArray gs = Tensor.of(g).to(dtype).slice(0, 1, n + 1);
                Storage out = Kernels.passPositive(gs, ys);
                for (int i = 0; i < n; i++) {
                    double want = y[i + 1] > 0 ? (dtype == DType.FLOAT32 ? (float) g[i + 1] : g[i + 1]) : 0;
                    assertThat(out.getDouble(i)).as("%s n=%d at %d (y=%s)", dtype, n, i, y[i + 1]).isEqualTo(want);
                }
                assertThat(out.length()).isEqualTo(n);
            }
        }
    }
}
