package org.backprop4j.backend;

/**
 * The kernels worth accelerating, over row-major matrices in heap arrays. {@code C = alpha op(A) op(B) + beta C}
 * where {@code op(A)} is {@code m x k} ({@code A} itself, or the transpose of a stored {@code k x m} matrix when
 * {@code transA}), {@code op(B)} is {@code k x n}, and {@code lda}, {@code ldb}, {@code ldc} are the row strides
 * of the stored matrices, starting at the given offsets. Implementations modify only {@code c}. As in BLAS, with
 * {@code beta == 0} C is overwritten (NaN in it does not survive), and with {@code alpha == 0} A and B are not read.
 *
 * <p>Two implementations: {@link JavaBackend} (always there) and OpenBLAS through {@code java.lang.foreign}
 * ({@link #openBlas()}). {@link #current()} picks one once per JVM: OpenBLAS when a library is found, else Java,
 * and says which in one log line. The system property {@code backprop4j.backend} ({@code java}, {@code openblas}
 * or {@code auto}) forces the choice; {@code backprop4j.openblas.path} (or the environment variable
 * {@code BACKPROP4J_OPENBLAS}) names the library file to use.
 *
 * {@snippet file="NnSnippets.java" region="backend"}
 */
public interface Backend {
    /** A short name for logs: {@code java} or {@code openblas}. */
    String name();

    /** What runs the kernels: library file, its configuration string, core type, thread count. */
    BackendInfo info();

    /** The number of threads one GEMM may use; {@link Threads#set} sets it for every backend. */
    int threads();

    /**
     * Single-precision GEMM.
     *
     * @throws IllegalArgumentException if a size is negative, a leading dimension is smaller than its matrix's
     *     row, or a matrix does not fit in its array from its offset; the message names the operand and sizes
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
            float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc);

    /**
     * Double-precision GEMM.
     *
     * @throws IllegalArgumentException under the same conditions as {@link #sgemm}
     */
    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA, int lda,
            double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc);

    /**
     * {@code offC.length} single-precision products of one shape, {@code C_t = alpha op(A_t) op(B_t) + beta C_t}
     * with the matrices of product {@code t} at {@code offA[t]}, {@code offB[t]}, {@code offC[t]} (a broadcast
     * operand simply repeats its offset). Backends run small products on several threads at once when their C
     * matrices do not overlap; otherwise one after another, in order.
     *
     * @throws IllegalArgumentException if the offset arrays differ in length, or under {@link #sgemm}'s conditions
     *     for any product (the message names its index)
     */
    default void sgemmBatch(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int[] offA,
            int lda, float[] b, int[] offB, int ldb, float beta, float[] c, int[] offC, int ldc) {
        Batch.check("sgemmBatch", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC,
                ldc);
        for (int t = 0; t < offC.length; t++) {
            sgemm(transA, transB, m, n, k, alpha, a, offA[t], lda, b, offB[t], ldb, beta, c, offC[t], ldc);
        }
    }

    /**
     * Double-precision {@link #sgemmBatch}.
     *
     * @throws IllegalArgumentException under {@link #sgemmBatch}'s conditions
     */
    default void dgemmBatch(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
            int[] offA, int lda, double[] b, int[] offB, int ldb, double beta, double[] c, int[] offC, int ldc) {
        Batch.check("dgemmBatch", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC,
                ldc);
        for (int t = 0; t < offC.length; t++) {
            dgemm(transA, transB, m, n, k, alpha, a, offA[t], lda, b, offB[t], ldb, beta, c, offC[t], ldc);
        }
    }

    /** The backend the toolkit uses: chosen on first use, or the one last given to {@link #setCurrent}. */
    static Backend current() {
        return Backends.current();
    }

    /** Makes {@code backend} the one the toolkit uses from now on, in every thread. */
    static void setCurrent(Backend backend) {
        Backends.setCurrent(backend);
    }

    /** A new pure-Java backend using all cores. */
    static Backend java() {
        return new JavaBackend();
    }

    /**
     * The OpenBLAS backend, found as {@link #current()} would look for it (explicit path, system library, the
     * bundled one); loaded once per JVM.
     *
     * @throws BackendException naming every place looked at, or the explicit path that failed
     */
    static Backend openBlas() {
        return OpenBlasBackend.shared();
    }
}
