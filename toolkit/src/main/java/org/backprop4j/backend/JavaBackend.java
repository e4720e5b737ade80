package org.backprop4j.backend;

import org.backprop4j.backend.internal.Workers;

/**
 * GEMM in plain Java, the always-available fallback. Large products run the cache-blocked, packed algorithm of
 * {@link SgemmDriver}/{@link DgemmDriver} with Vector API kernels when the {@code jdk.incubator.vector} module is
 * present ({@code --add-modules jdk.incubator.vector}), scalar kernels otherwise; C is split into column (or row)
 * stripes over up to {@link #threads()} threads (see {@link Threads}). Small products skip packing and threads.
 *
 * <p>System property {@code backprop4j.java.vector=false} forces the scalar kernels.
 *
 * <p>Each precision's code ({@code JavaSgemm}, {@code SgemmDriver}, the kernels, and their double twins) is
 * generated at build time from one template per class under {@code src/main/templates}, so the float and double
 * paths cannot drift apart while each stays plain primitive code for the JIT.
 */
public final class JavaBackend implements Backend {
    /**
     * {@code m * n * k} up to which packing costs more than it saves and a direct loop runs instead: with vector
     * kernels the crossover was near n = 32..48 for square products, with scalar ones near 16.
     */
    static final long DIRECT_WORK_VECTOR = 32 * 32 * 32;
    static final long DIRECT_WORK_SCALAR = 16 * 16 * 16;
    /**
     * {@code m * n * k} from which splitting one product over threads pays: waking a pool thread costs tens of
     * microseconds on the VMs measured, so two threads lost below about n = 190 (float) and n = 150 (double).
     */
    static final long PARALLEL_WORK_FLOAT = 200 * 200 * 200;
    static final long PARALLEL_WORK_DOUBLE = 150 * 150 * 150;

    /** Which inner kernels run. */
    enum Kernels {
        VECTOR, SCALAR
    }

    private final Kernels kernels;
    private final JavaSgemm sgemm;
    private final JavaDgemm dgemm;
    /** The most threads one product may use; {@link Threads#get()} limits it further. */
    private final int maxThreads;

    /** Vector kernels if the module is present, on up to {@link Threads#get()} threads. */
    public JavaBackend() {
        this(defaultKernels(), Integer.MAX_VALUE);
    }

    JavaBackend(Kernels kernels, int maxThreads) {
        this.kernels = kernels;
        this.sgemm = new JavaSgemm(kernels);
        this.dgemm = new JavaDgemm(kernels);
        this.maxThreads = maxThreads;
    }

    /** VECTOR when {@code jdk.incubator.vector} is in the boot layer and not disabled, else SCALAR. */
    static Kernels defaultKernels() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean allowed = !"false".equalsIgnoreCase(System.getProperty("backprop4j.java.vector"));
        return present && allowed ? Kernels.VECTOR : Kernels.SCALAR;
    }

    Kernels kernels() {
        return kernels;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public BackendInfo info() {
        String why = kernels == Kernels.VECTOR ? "" : ModuleLayer.boot().findModule("jdk.incubator.vector")
                .isPresent() ? " (vector kernels disabled by -Dbackprop4j.java.vector=false)"
                        : " (add --add-modules jdk.incubator.vector for vector kernels)";
        return new BackendInfo("java", "none", kernels.name().toLowerCase(), sgemm.kernel().describe() + ", "
                + dgemm.kernel().describe() + why, System.getProperty("os.arch"), threads());
    }

    @Override
    public int threads() {
        return Math.min(maxThreads, Workers.threads());
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
            float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        Gemm.check("sgemm", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
        sgemm.gemm(threads(), transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA,
            int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        Gemm.check("dgemm", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
        dgemm.gemm(threads(), transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    @Override
    public void sgemmBatch(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int[] offA,
            int lda, float[] b, int[] offB, int ldb, float beta, float[] c, int[] offC, int ldc) {
        Batch.check("sgemmBatch", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC,
                ldc);
        sgemm.batch(threads(), transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    @Override
    public void dgemmBatch(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
            int[] offA, int lda, double[] b, int[] offB, int ldb, double beta, double[] c, int[] offC, int ldc) {
        Batch.check("dgemmBatch", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC,
                ldc);
        dgemm.batch(threads(), transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }
}
