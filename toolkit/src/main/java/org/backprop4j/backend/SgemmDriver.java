package org.backprop4j.backend;

import java.util.Arrays;

/**
 * Cache-blocked single-precision GEMM after Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication" (ACM TOMS 34(3), 2008). op(B) is packed {@code KC x NC} at a time into panels {@code nr} columns
 * wide (kept in L3/L2), {@code alpha op(A)} {@code MC x KC} at a time into panels {@code mr} rows high (kept in
 * L2), and the kernel multiplies one A panel by one B panel (in L1) into an {@code mr x nr} tile of C held in
 * registers. Edge tiles go through a scratch tile, so the kernel only ever sees full tiles. Packing buffers are
 * per thread and reused.
 */
final class SgemmDriver {
    static final int KC = Integer.getInteger("backprop4j.java.kc", 256);
    static final int MC = Integer.getInteger("backprop4j.java.mc", 128);
    static final int NC = Integer.getInteger("backprop4j.java.nc", 2048);

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] tile = new float[0];
    }

    private SgemmDriver() {
    }

    /** {@code C[i0:i1, j0:j1] = alpha op(A)[i0:i1, :] op(B)[:, j0:j1] + beta C[i0:i1, j0:j1]}. */
    static void gemm(FloatKernel kernel, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
            float alpha, float[] a, int offA, int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC,
            int ldc) {
        Gemm.scale(i1 - i0, j1 - j0, beta, c, offC + i0 * ldc + j0, ldc);
        int mr = kernel.mr();
        int nr = kernel.nr();
        Workspace w = WORKSPACE.get();
        int mcMax = Math.min(MC, i1 - i0);
        int ncMax = Math.min(NC, j1 - j0);
        int kcMax = Math.min(KC, k);
        int aSize = (mcMax + mr - 1) / mr * mr * kcMax;
        int bSize = (ncMax + nr - 1) / nr * nr * kcMax;
        if (w.a.length < aSize) {
            w.a = new float[aSize];
        }
        if (w.b.length < bSize) {
            w.b = new float[bSize];
        }
        if (w.tile.length < mr * nr) {
            w.tile = new float[mr * nr];
        }
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(w.b, nr, transB, b, offB, ldb, jc, nc, pc, kc);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(w.a, mr, transA, alpha, a, offA, lda, ic, mc, pc, kc);
                    macro(kernel, mr, nr, mc, nc, kc, w, c, offC + ic * ldc + jc, ldc);
                }
            }
        }
    }

    private static void macro(FloatKernel kernel, int mr, int nr, int mc, int nc, int kc, Workspace w, float[] c,
            int offC, int ldc) {
        float[] tile = w.tile;
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int bi = jr * kc;
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int ai = ir * kc;
                int ci = offC + ir * ldc + jr;
                if (rows == mr && cols == nr) {
                    kernel.tile(kc, w.a, ai, w.b, bi, c, ci, ldc);
                } else {
                    Arrays.fill(tile, 0, mr * nr, 0f);
                    kernel.tile(kc, w.a, ai, w.b, bi, tile, 0, nr);
                    for (int r = 0; r < rows; r++) {
                        for (int col = 0; col < cols; col++) {
                            c[ci + r * ldc + col] += tile[r * nr + col];
                        }
                    }
                }
            }
        }
    }

    /** Rows {@code ic..ic+mc} and columns {@code pc..pc+kc} of {@code alpha op(A)}, in panels of {@code mr} rows. */
    private static void packA(float[] pa, int mr, boolean transA, float alpha, float[] a, int offA, int lda, int ic,
            int mc, int pc, int kc) {
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int base = ir * kc;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = offA + (pc + p) * lda + ic + ir;
                    int dst = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        pa[dst + r] = alpha * a[src + r];
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = offA + (ic + ir + r) * lda + pc;
                    for (int p = 0, dst = base + r; p < kc; p++, dst += mr) {
                        pa[dst] = alpha * a[src + p];
                    }
                }
            }
            if (rows < mr) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(pa, base + p * mr + rows, base + (p + 1) * mr, 0f);
                }
            }
        }
    }

    /** Rows {@code pc..pc+kc} and columns {@code jc..jc+nc} of {@code op(B)}, in panels of {@code nr} columns. */
    private static void packB(float[] pb, int nr, boolean transB, float[] b, int offB, int ldb, int jc, int nc,
            int pc, int kc) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int base = jr * kc;
            if (transB) {
                for (int col = 0; col < cols; col++) {
                    int src = offB + (jc + jr + col) * ldb + pc;
                    for (int p = 0, dst = base + col; p < kc; p++, dst += nr) {
                        pb[dst] = b[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, offB + (pc + p) * ldb + jc + jr, pb, base + p * nr, cols);
                }
            }
            if (cols < nr) {
                for (int p = 0; p < kc; p++) {
                    Arrays.fill(pb, base + p * nr + cols, base + (p + 1) * nr, 0f);
                }
            }
        }
    }
}
