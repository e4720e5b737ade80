package org.backprop4j.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GEMM in plain Java, the always-available fallback. Large products run the cache-blocked, packed algorithm of
 * {@link SgemmDriver}/{@link DgemmDriver} with Vector API kernels when the {@code jdk.incubator.vector} module is
 * present ({@code --add-modules jdk.incubator.vector}), scalar kernels otherwise; C is split into column (or row)
 * stripes over up to {@link #threads()} threads. Small products skip packing and threads.
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
    /** {@code m * n * k} from which a second thread pays for its hand-off. */
    static final long PARALLEL_WORK = 96 * 96 * 96;

    /** Which inner kernels run. */
    enum Kernels {
        VECTOR, SCALAR
    }

    private static final AtomicInteger POOL_COUNT = new AtomicInteger();

    private final Kernels kernels;
    private final long directWork;
    private final FloatKernel floatKernel;
    private final DoubleKernel doubleKernel;
    private volatile int threads;
    private ExecutorService pool;

    /** Vector kernels if the module is present, on all cores. */
    public JavaBackend() {
        this(defaultKernels(), Runtime.getRuntime().availableProcessors());
    }

    JavaBackend(Kernels kernels, int threads) {
        this.kernels = kernels;
        this.directWork = kernels == Kernels.VECTOR ? DIRECT_WORK_VECTOR : DIRECT_WORK_SCALAR;
        if (kernels == Kernels.VECTOR) {
            floatKernel = VectorKernels.floats();
            doubleKernel = VectorKernels.doubles();
        } else {
            floatKernel = new ScalarKernels.Floats();
            doubleKernel = new ScalarKernels.Doubles();
        }
        setThreads(threads);
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
                + doubleKernel.describe() + why, System.getProperty("os.arch"), threads);
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("java: setThreads needs at least 1 thread, got " + threads);
        }
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
        this.threads = threads;
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            int id = POOL_COUNT.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "backprop4j-gemm-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** A stripe of C for one thread: rows {@code i0..i1}, columns {@code j0..j1}. */
    private interface Stripe {
        void run(int i0, int i1, int j0, int j1);
    }

    /**
     * Runs {@code stripe} over C split into up to {@link #threads()} stripes (whole tiles), on the pool and this
     * thread. Waits for every stripe even if interrupted, so that no thread still writes C after return.
     */
    private void split(int m, int n, int k, int mr, int nr, Stripe stripe) {
        int parts = (long) m * n * k < PARALLEL_WORK ? 1 : threads;
        boolean byColumns = n >= m;
        int tiles = byColumns ? (n + nr - 1) / nr : (m + mr - 1) / mr;
        parts = Math.min(parts, tiles);
        if (parts <= 1) {
            stripe.run(0, m, 0, n);
            return;
        }
        int unit = byColumns ? nr : mr;
        int extent = byColumns ? n : m;
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        ExecutorService executor = pool();
        for (int part = 1; part < parts; part++) {
            int from = Math.min(extent, (int) ((long) tiles * part / parts) * unit);
            int to = Math.min(extent, (int) ((long) tiles * (part + 1) / parts) * unit);
            Runnable job = () -> {
                if (byColumns) {
                    stripe.run(0, m, from, to);
                } else {
                    stripe.run(from, to, 0, n);
                }
            };
            try {
                futures.add(executor.submit(job));
            } catch (RejectedExecutionException e) {
                futures.add(CompletableFuture.runAsync(job, Runnable::run)); // setThreads closed the pool meanwhile
            }
        }
        int first = Math.min(extent, tiles / parts * unit);
        Throwable failure = null;
        try {
            if (byColumns) {
                stripe.run(0, m, 0, first);
            } else {
                stripe.run(0, first, 0, n);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        } else if (failure != null) {
            throw new IllegalStateException("java: a GEMM thread failed", failure);
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
            float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        Gemm.check("sgemm", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
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
        split(m, n, k, kernel.mr(), kernel.nr(), (i0, i1, j0, j1) -> SgemmDriver.gemm(kernel, transA, transB, i0,
                i1, j0, j1, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc));
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA,
            int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        Gemm.check("dgemm", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
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
        split(m, n, k, kernel.mr(), kernel.nr(), (i0, i1, j0, j1) -> DgemmDriver.gemm(kernel, transA, transB, i0,
                i1, j0, j1, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc));
    }
}
