package org.backprop4j.backend;

/**
 * GEMM in plain Java, the always-available fallback. The product is accumulated a row of C at a time as a sum of
 * scaled rows of op(B) (contiguous inner loops), in blocks of the shared dimension so that the rows of B in use
 * stay in cache. A transposed B is first copied untransposed so that the inner loop stays contiguous.
 */
public final class JavaBackend implements Backend {
    private static final int K_BLOCK = 256;

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
            float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        if (m == 0 || n == 0) {
            return; // C is empty, and its array may be too
        }
        if (transB) {
            float[] bt = new float[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bt[p * n + j] = b[offB + j * ldb + p];
                }
            }
            b = bt;
            offB = 0;
            ldb = n;
        }
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            if (beta == 0) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
        if (alpha == 0) {
            return; // as BLAS: A and B do not contribute, even where they hold NaN or Inf
        }
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(p0 + K_BLOCK, k);
            for (int i = 0; i < m; i++) {
                int ci = offC + i * ldc;
                for (int p = p0; p < p1; p++) {
                    float aip = alpha * (transA ? a[offA + p * lda + i] : a[offA + i * lda + p]);
                    int bp = offB + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA,
            int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        if (m == 0 || n == 0) {
            return; // C is empty, and its array may be too
        }
        if (transB) {
            double[] bt = new double[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bt[p * n + j] = b[offB + j * ldb + p];
                }
            }
            b = bt;
            offB = 0;
            ldb = n;
        }
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            if (beta == 0) {
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
            } else if (beta != 1) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
        if (alpha == 0) {
            return; // as BLAS: A and B do not contribute, even where they hold NaN or Inf
        }
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(p0 + K_BLOCK, k);
            for (int i = 0; i < m; i++) {
                int ci = offC + i * ldc;
                for (int p = p0; p < p1; p++) {
                    double aip = alpha * (transA ? a[offA + p * lda + i] : a[offA + i * lda + p]);
                    int bp = offB + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        }
    }
}
