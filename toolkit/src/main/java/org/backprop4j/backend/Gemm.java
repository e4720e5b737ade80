package org.backprop4j.backend;

import java.util.Arrays;

/** Argument checks and the trivial cases every GEMM implementation shares. */
final class Gemm {
    private Gemm() {
    }

    /**
     * Checks sizes, leading dimensions and that each matrix fits its array, so that no kernel (least of all a
     * native one, which would read or write past the array) sees a bad argument.
     *
     * @throws IllegalArgumentException naming {@code op}, the operand and the sizes involved
     */
    static void check(String op, boolean transA, boolean transB, int m, int n, int k, int aLength, int offA, int lda,
            int bLength, int offB, int ldb, int cLength, int offC, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": sizes must not be negative, got m=" + m + ", n=" + n + ", k="
                    + k);
        }
        operand(op, "A", transA ? k : m, transA ? m : k, aLength, offA, lda, transA ? "k x m" : "m x k");
        operand(op, "B", transB ? n : k, transB ? k : n, bLength, offB, ldb, transB ? "n x k" : "k x n");
        operand(op, "C", m, n, cLength, offC, ldc, "m x n");
    }

    private static void operand(String op, String name, int rows, int cols, int length, int offset, int ld,
            String dims) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(op + ": ld" + name.toLowerCase() + "=" + ld + " is less than the "
                    + cols + " columns of " + name + " (stored " + dims + " = " + rows + " x " + cols + ")");
        }
        if (offset < 0) {
            throw new IllegalArgumentException(op + ": offset of " + name + " is negative (" + offset + ")");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long needed = offset + (long) (rows - 1) * ld + cols;
        if (needed > length) {
            throw new IllegalArgumentException(op + ": " + name + " (stored " + dims + " = " + rows + " x " + cols
                    + ", ld " + ld + ", offset " + offset + ") needs " + needed + " elements, its array has " + length);
        }
    }

    /** {@code C = beta C} over the {@code m x n} matrix; {@code beta == 0} overwrites (NaN does not survive). */
    static void scale(int m, int n, float beta, float[] c, int offC, int ldc) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            if (beta == 0) {
                Arrays.fill(c, ci, ci + n, 0f);
            } else {
                for (int j = ci; j < ci + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    /** {@code C = beta C} over the {@code m x n} matrix; {@code beta == 0} overwrites (NaN does not survive). */
    static void scale(int m, int n, double beta, double[] c, int offC, int ldc) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int ci = offC + i * ldc;
            if (beta == 0) {
                Arrays.fill(c, ci, ci + n, 0.0);
            } else {
                for (int j = ci; j < ci + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }
}
