package org.backprop4j.backend;

/**
 * The kernels worth accelerating, over row-major matrices in heap arrays. {@code C = alpha op(A) op(B) + beta C}
 * where {@code op(A)} is {@code m x k} ({@code A} itself, or the transpose of a stored {@code k x m} matrix when
 * {@code transA}), {@code op(B)} is {@code k x n}, and {@code lda}, {@code ldb}, {@code ldc} are the row strides
 * of the stored matrices, starting at the given offsets. Implementations modify only {@code c}.
 */
public interface Backend {
    /** A short name for logs, e.g. {@code java}. */
    String name();

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
            float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc);

    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA, int lda,
            double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc);

    /** The backend the toolkit uses. */
    static Backend current() {
        return Backends.current();
    }
}
