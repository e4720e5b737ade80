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
 * <pre>{@code
 * Backend.current().setThreads(1);
 * System.out.println(Backend.current().info());
 * }</pre>
 */
public interface Backend {
    /** A short name for logs: {@code java} or {@code openblas}. */
    String name();

    /** What runs the kernels: library file, its configuration string, core type, thread count. */
    BackendInfo info();

    /** The number of threads one GEMM may use. */
    int threads();

    /**
     * Sets how many threads one GEMM may use, from 1 up.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    void setThreads(int threads);

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
