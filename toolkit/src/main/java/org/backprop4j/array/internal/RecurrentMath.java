package org.backprop4j.array.internal;

import org.backprop4j.array.DType;
import org.backprop4j.array.Storage;
import org.backprop4j.array.StridedArray;
import org.backprop4j.backend.Backend;

/**
 * The pieces {@link RecurrentKernels} is made of: GEMMs on blocks of contiguous arrays, moving blocks of rows between
 * arrays and double scratch buffers, and the activations in double.
 */
final class RecurrentMath {
    private RecurrentMath() {
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * tanh; for float32 results through one {@code exp} ({@code 1 - 2 / (e^2x + 1)}, absolute error about 1e-16, far
     * below float32's resolution), which costs about half of {@link Math#tanh}, the accurate one float64 keeps.
     */
    static double tanh(boolean fast, double x) {
        return fast ? 1 - 2 / (Math.exp(2 * x) + 1) : Math.tanh(x);
    }

    /**
     * {@code C = op(A) op(B) + beta C} on row-major blocks of contiguous arrays, offsets in elements from each array's
     * start and leading dimensions in elements; nothing to do when {@code m} is 0.
     */
    static void gemm(Backend backend, boolean transA, boolean transB, int m, int n, int k, StridedArray a, int offA,
            int lda, StridedArray b, int offB, int ldb, double beta, StridedArray c, int offC, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (c.dtype() == DType.FLOAT32) {
            backend.sgemm(transA, transB, m, n, k, 1f, a.storage().floats(), a.offset() + offA, lda,
                    b.storage().floats(), b.offset() + offB, ldb, (float) beta, c.storage().floats(), c.offset() + offC,
                    ldc);
        } else {
            backend.dgemm(transA, transB, m, n, k, 1.0, a.storage().doubles(), a.offset() + offA, lda,
                    b.storage().doubles(), b.offset() + offB, ldb, beta, c.storage().doubles(), c.offset() + offC, ldc);
        }
    }

    /**
     * {@code rows} rows of {@code cols} elements of a contiguous array, row {@code r} starting at element
     * {@code at + r * ld}, into {@code dst} packed ({@code r * cols + j}), as doubles.
     */
    static void pull(StridedArray t, int at, int ld, int rows, int cols, double[] dst) {
        Storage s = t.storage();
        int base = t.offset() + at;
        for (int r = 0; r < rows; r++) {
            int o = base + r * ld;
            int d = r * cols;
            if (s.dtype() == DType.FLOAT32) {
                float[] v = s.floats();
                for (int j = 0; j < cols; j++) {
                    dst[d + j] = v[o + j];
                }
            } else {
                System.arraycopy(s.doubles(), o, dst, d, cols);
            }
        }
    }

    /**
     * The inverse of {@link #pull}: packed rows of {@code src} into the array, rounded to its dtype; the rounded
     * values are written back to {@code src}, so that a state carried on in double equals the stored one.
     */
    static void push(double[] src, StridedArray t, int at, int ld, int rows, int cols) {
        Storage s = t.storage();
        int base = t.offset() + at;
        for (int r = 0; r < rows; r++) {
            int o = base + r * ld;
            int d = r * cols;
            if (s.dtype() == DType.FLOAT32) {
                float[] v = s.floats();
                for (int j = 0; j < cols; j++) {
                    float f = (float) src[d + j];
                    v[o + j] = f;
                    src[d + j] = f;
                }
            } else {
                System.arraycopy(src, d, s.doubles(), o, cols);
            }
        }
    }
}
