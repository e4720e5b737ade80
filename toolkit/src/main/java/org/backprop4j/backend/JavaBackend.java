package org.backprop4j.backend;

import org.backprop4j.backend.internal.Workers;

/**
 * GEMM in plain Java, the always-available fallback. Large products run the cache-blocked, packed algorithm of
 * {@link SgemmDriver}/{@link DgemmDriver} with Vector API kernels when the {@code jdk.incubator.vector} module is
 * present ({@code --add-modules jdk.incubator.vector}), scalar kernels otherwise; C is split into column (or row)
 * stripes over up to {@link #threads()} threads (see {@link Threads}). Small products skip packing and threads.
 *
 * <p>System property {@code backprop4j.java.vector=false} forces the scalar kernels.
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
    private final long directWork;
    private final FloatKernel floatKernel;
    private final DoubleKernel doubleKernel;
    /** The most threads one product may use; {@link Threads#get()} limits it further. */
    private final int maxThreads;

    /** Vector kernels if the module is present, on up to {@link Threads#get()} threads. */
    public JavaBackend() {
        this(defaultKernels(), Integer.MAX_VALUE);
    }

    JavaBackend(Kernels kernels, int maxThreads) {
        this.kernels = kernels;
        this.directWork = kernels == Kernels.VECTOR ? DIRECT_WORK_VECTOR : DIRECT_WORK_SCALAR;
        if (kernels == Kernels.VECTOR) {
            floatKernel = VectorKernels.floats();
            doubleKernel = VectorKernels.doubles();
        } else {
            floatKernel = new ScalarKernels.Floats();
            doubleKernel = new ScalarKernels.Doubles();
        }
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
        return new BackendInfo("java", "none", kernels.name().toLowerCase(), floatKernel.describe() + ", "
                + doubleKernel.describe() + why, System.getProperty("os.arch"), threads());
    }

    @Override
    public int threads() {
        return Math.min(maxThreads, Workers.threads());
    }

    /** A stripe of C for one thread: rows {@code i0..i1}, columns {@code j0..j1}. */
    private interface Stripe {
        void run(int i0, int i1, int j0, int j1);
    }

    /** Runs {@code stripe} over C split into up to {@link #threads()} column (or row) stripes of whole tiles. */
    private void split(int m, int n, int k, int mr, int nr, long parallelWork, Stripe stripe) {
        int parts = (long) m * n * k < parallelWork ? 1 : threads();
        boolean byColumns = n >= m;
        int tiles = byColumns ? (n + nr - 1) / nr : (m + mr - 1) / mr;
        int count = Math.min(parts, tiles);
        int unit = byColumns ? nr : mr;
        int extent = byColumns ? n : m;
        Workers.run(count, part -> {
            int from = Math.min(extent, (int) ((long) tiles * part / count) * unit);
            int to = Math.min(extent, (int) ((long) tiles * (part + 1) / count) * unit);
            if (byColumns) {
                stripe.run(0, m, from, to);
            } else {
                stripe.run(from, to, 0, n);
            }
        });
    }

    @Override
    public void sgemmBatch(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int[] offA,
            int lda, float[] b, int[] offB, int ldb, float beta, float[] c, int[] offC, int ldc) {
        Batch.check("sgemmBatch", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC,
                ldc);
        int parts = Batch.parts(threads(), m, n, k, offC, ldc, PARALLEL_WORK_FLOAT,
                PARALLEL_WORK_FLOAT);
        Workers.run(parts, part -> {
            for (int t = Batch.from(part, parts, offC.length); t < Batch.from(part + 1, parts, offC.length); t++) {
                sgemm(parts == 1, transA, transB, m, n, k, alpha, a, offA[t], lda, b, offB[t], ldb, beta, c,
                        offC[t], ldc);
            }
        });
    }

    @Override
    public void dgemmBatch(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
            int[] offA, int lda, double[] b, int[] offB, int ldb, double beta, double[] c, int[] offC, int ldc) {
        Batch.check("dgemmBatch", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC,
                ldc);
        int parts = Batch.parts(threads(), m, n, k, offC, ldc, PARALLEL_WORK_DOUBLE,
                PARALLEL_WORK_DOUBLE);
        Workers.run(parts, part -> {
            for (int t = Batch.from(part, parts, offC.length); t < Batch.from(part + 1, parts, offC.length); t++) {
                dgemm(parts == 1, transA, transB, m, n, k, alpha, a, offA[t], lda, b, offB[t], ldb, beta, c,
                        offC[t], ldc);
            }
        });
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
            float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        Gemm.check("sgemm", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
        sgemm(true, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    /** The checked product, on several threads if {@code parallel} and it is large enough. */
    private void sgemm(boolean parallel, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
            int offA, int lda, float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        if (m == 0 || n == 0) {
            return; // C is empty, and its array may be too
        }
        if (k == 0 || alpha == 0) {
            Gemm.scale(m, n, beta, c, offC, ldc); // as BLAS: A and B do not contribute, even where NaN or Inf
            return;
        }
        if ((long) m * n * k <= directWork) {
            if (kernels == Kernels.VECTOR && !transB && n >= 4) { // narrower rows waste most of a vector
                VectorKernels.sgemmSmall(transA, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            } else {
                DirectGemm.sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            }
            return;
        }
        FloatKernel kernel = floatKernel;
        Stripe stripe = (i0, i1, j0, j1) -> SgemmDriver.gemm(kernel, transA, transB, i0, i1, j0, j1, k, alpha, a,
                offA, lda, b, offB, ldb, beta, c, offC, ldc);
        if (parallel) {
            split(m, n, k, kernel.mr(), kernel.nr(), PARALLEL_WORK_FLOAT, stripe);
        } else {
            stripe.run(0, m, 0, n);
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA,
            int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        Gemm.check("dgemm", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
        dgemm(true, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
    }

    /** The checked product, on several threads if {@code parallel} and it is large enough. */
    private void dgemm(boolean parallel, boolean transA, boolean transB, int m, int n, int k, double alpha,
            double[] a, int offA, int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0) {
            Gemm.scale(m, n, beta, c, offC, ldc);
            return;
        }
        if ((long) m * n * k <= directWork) {
            if (kernels == Kernels.VECTOR && !transB && n >= 4) { // narrower rows waste most of a vector
                VectorKernels.dgemmSmall(transA, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            } else {
                DirectGemm.dgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            }
            return;
        }
        DoubleKernel kernel = doubleKernel;
        Stripe stripe = (i0, i1, j0, j1) -> DgemmDriver.gemm(kernel, transA, transB, i0, i1, j0, j1, k, alpha, a,
                offA, lda, b, offB, ldb, beta, c, offC, ldc);
        if (parallel) {
            split(m, n, k, kernel.mr(), kernel.nr(), PARALLEL_WORK_DOUBLE, stripe);
        } else {
            stripe.run(0, m, 0, n);
        }
    }
}
