package org.backprop4j.backend;

/**
 * GEMM for products too small to pay for packing: straight loops over the operands in place, with no allocation.
 * op(B) row-contiguous runs C's rows as sums of scaled rows of B; a transposed B with an untransposed A runs dot
 * products along contiguous rows of both.
 */
final class DirectGemm {
    private DirectGemm() {
    }

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
            float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        int ai = transA ? 1 : lda; // step of op(A) along rows
        int ap = transA ? lda : 1; // along the shared dimension
        if (transB && !transA) {
            for (int i = 0; i < m; i++) {
                int ci = offC + i * ldc;
                int ar = offA + i * lda;
                for (int j = 0; j < n; j++) {
                    int br = offB + j * ldb;
                    float sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[ar + p] * b[br + p];
                    }
                    c[ci + j] = alpha * sum + (beta == 0 ? 0 : beta * c[ci + j]);
                }
            }
            return;
        }
        Gemm.scale(m, n, beta, c, offC, ldc);
        int bp = transB ? 1 : ldb; // step of op(B) along the shared dimension
        int bj = transB ? ldb : 1; // along columns
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            for (int p = 0; p < k; p++) {
                float aip = alpha * a[offA + i * ai + p * ap];
                int br = offB + p * bp;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[br + j * bj];
                }
            }
        }
    }

    static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA,
            int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        int ai = transA ? 1 : lda;
        int ap = transA ? lda : 1;
        if (transB && !transA) {
            for (int i = 0; i < m; i++) {
                int ci = offC + i * ldc;
                int ar = offA + i * lda;
                for (int j = 0; j < n; j++) {
                    int br = offB + j * ldb;
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[ar + p] * b[br + p];
                    }
                    c[ci + j] = alpha * sum + (beta == 0 ? 0 : beta * c[ci + j]);
                }
            }
            return;
        }
        Gemm.scale(m, n, beta, c, offC, ldc);
        int bp = transB ? 1 : ldb;
        int bj = transB ? ldb : 1;
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            for (int p = 0; p < k; p++) {
                double aip = alpha * a[offA + i * ai + p * ap];
                int br = offB + p * bp;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[br + j * bj];
                }
            }
        }
    }
}
