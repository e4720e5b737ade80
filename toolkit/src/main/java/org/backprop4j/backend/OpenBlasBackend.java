package org.backprop4j.backend;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.backprop4j.backend.internal.Workers;

/**
 * GEMM by OpenBLAS's {@code cblas_sgemm}/{@code cblas_dgemm}, called through {@code java.lang.foreign}. The
 * tensors' heap arrays go to BLAS without a copy, as heap segments in critical downcalls (the garbage collector
 * waits while one runs, so keep that in mind for a minutes-long GEMM). Problems of at most
 * {@link #SMALL_WORK} multiply-adds go to the pure-Java kernel instead, which is faster there (measured by
 * {@code benchmarks/run-gemm.sh}).
 */
@SuppressWarnings("restricted") // the whole point: native calls, enabled by --enable-native-access
final class OpenBlasBackend implements Backend {
    /**
     * {@code m * n * k} up to which the Java kernel beats the call into OpenBLAS (benchmarks/run-gemm.sh, small
     * sizes): the downcall costs tens of nanoseconds beyond the C call, and a tiny GEMM takes about that long.
     */
    static final long SMALL_WORK = 64;
    /** Overrides {@link #SMALL_WORK}; 0 sends every product to OpenBLAS (the benchmarks use it to find the value). */
    static final String SMALL_WORK_PROPERTY = "backprop4j.openblas.smallWork";
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private static OpenBlasBackend shared;
    private static BackendException sharedFailure;

    /**
     * {@code m * n * k} from which OpenBLAS 0.3 threads one GEMM itself (SMP_THRESHOLD_MIN 65536 times
     * GEMM_MULTITHREAD_THRESHOLD 4, in interface/gemm.c); a batch of smaller products is split over Java threads,
     * each calling OpenBLAS, which then runs single-threaded in the caller.
     */
    static final long OPENBLAS_THREADED_WORK = 65536L * 4;

    /**
     * {@code m * n * k} below which one GEMM runs with OpenBLAS at a single thread even when the toolkit's thread
     * count ({@link Threads}) is higher. Measured on the 2-core reference machine: a second OpenBLAS thread gave
     * 0.87-1.31x on single GEMMs from 13M to 134M (1.53x at 1024^3), while whole training steps ran up to 2x slower
     * with it (mlp_b64, LeNet-5, the notebook CNN, the transformer in benchmarks/run-e2e.sh): after each GEMM its
     * worker keeps the second core busy waiting for more, the core the collector's threads and the toolkit's own
     * pool need. Property {@value #THREADED_WORK_PROPERTY} overrides (0: every GEMM at the toolkit's count).
     */
    static final long THREADED_WORK = 1L << 28;
    static final String THREADED_WORK_PROPERTY = "backprop4j.openblas.threadedWork";

    /*
     * Address-taking handles shared by every loaded library: as static finals the JIT inlines them, which an
     * instance field holding a bound handle would not allow (measured: about 60 ns more per call).
     */
    private static final MethodHandle SGEMM = Linker.nativeLinker().downcallHandle(FunctionDescriptor.ofVoid(
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS,
            JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT), Linker.Option.critical(true));
    private static final MethodHandle DGEMM = Linker.nativeLinker().downcallHandle(FunctionDescriptor.ofVoid(
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS,
            JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT), Linker.Option.critical(true));

    private final OpenBlasLibrary.Loaded library;
    private final MemorySegment sgemm;
    private final MemorySegment dgemm;
    private final MethodHandle setNumThreads;
    private final MethodHandle getNumThreads;
    private final String config;
    private final String core;
    private final long smallWork;
    private final long threadedWork = Long.getLong(THREADED_WORK_PROPERTY, THREADED_WORK);
    private final JavaBackend small = new JavaBackend(JavaBackend.defaultKernels(), 1);

    OpenBlasBackend(OpenBlasLibrary.Loaded library, long smallWork) {
        this.library = library;
        this.smallWork = smallWork;
        Linker linker = Linker.nativeLinker();
        sgemm = symbol("cblas_sgemm");
        dgemm = symbol("cblas_dgemm");
        MemorySegment setter = symbol("openblas_set_num_threads");
        setNumThreads = linker.downcallHandle(setter, FunctionDescriptor.ofVoid(JAVA_INT));
        appliedThreads = APPLIED.computeIfAbsent(setter.address(), a -> new AtomicInteger());
        getNumThreads = library.symbols().find("openblas_get_num_threads")
                .map(s -> linker.downcallHandle(s, FunctionDescriptor.of(JAVA_INT))).orElse(null);
        config = string(linker, "openblas_get_config");
        core = string(linker, "openblas_get_corename");
        syncThreads();
    }

    /** The OpenBLAS backend of this JVM, loaded on first use from {@link OpenBlasLibrary.Search#fromEnvironment()}. */
    static synchronized OpenBlasBackend shared() {
        if (shared == null && sharedFailure == null) {
            try {
                shared = new OpenBlasBackend(OpenBlasLibrary.load(OpenBlasLibrary.Search.fromEnvironment()),
                        Long.getLong(SMALL_WORK_PROPERTY, SMALL_WORK));
            } catch (BackendException e) {
                sharedFailure = e;
            } catch (RuntimeException | LinkageError e) {
                // e.g. no FFM linker on this platform, or native access denied (--illegal-native-access=deny)
                sharedFailure = new BackendException("OpenBLAS: cannot call native code here (" + e + "); run "
                        + "with --enable-native-access=ALL-UNNAMED on a platform java.lang.foreign supports", e);
            }
        }
        if (shared == null) {
            throw new BackendException(sharedFailure.getMessage(), sharedFailure);
        }
        return shared;
    }

    private MemorySegment symbol(String name) {
        return library.symbols().find(name).orElseThrow(() -> new BackendException("OpenBLAS: " + library.path()
                + " has no symbol " + name));
    }

    private String string(Linker linker, String function) {
        var found = library.symbols().find(function);
        if (found.isEmpty()) {
            return "unknown";
        }
        try {
            MemorySegment text = (MemorySegment) linker.downcallHandle(found.get(), FunctionDescriptor.of(ADDRESS))
                    .invokeExact();
            return text.equals(MemorySegment.NULL) ? "unknown" : text.reinterpret(4096).getString(0).strip();
        } catch (Throwable e) {
            throw new BackendException("OpenBLAS: calling " + function + " in " + library.path() + " failed", e);
        }
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo("openblas", library.path(), library.source(), config, core, threads());
    }

    @Override
    public int threads() {
        syncThreads();
        if (getNumThreads == null) {
            return -1;
        }
        try {
            return (int) getNumThreads.invokeExact();
        } catch (Throwable e) {
            throw new BackendException("OpenBLAS: openblas_get_num_threads failed", e);
        }
    }

    /**
     * The thread count last passed to each loaded library (keyed by the address of its
     * {@code openblas_set_num_threads}): backends built on the same library share it, so one that set a count is
     * seen by the others; {@link #apply} passes a changed count.
     */
    private static final ConcurrentHashMap<Long, AtomicInteger> APPLIED = new ConcurrentHashMap<>();
    private final AtomicInteger appliedThreads;

    /**
     * Tells OpenBLAS the toolkit's thread count ({@link Threads}) when it changed since the last call: one volatile
     * read per GEMM, so that one {@link Threads#set} reaches every loaded library.
     */
    private void syncThreads() {
        apply(Workers.threads());
    }

    /** As {@link #syncThreads()} for a GEMM of {@code m * n * k = work}: one thread below {@link #THREADED_WORK}. */
    private void syncThreads(long work) {
        apply(work < threadedWork ? 1 : Workers.threads());
    }

    private void apply(int threads) {
        if (threads != appliedThreads.get()) {
            synchronized (appliedThreads) {
                try {
                    setNumThreads.invokeExact(threads);
                } catch (Throwable e) {
                    throw new BackendException("OpenBLAS: openblas_set_num_threads(" + threads + ") failed", e);
                }
                appliedThreads.set(threads);
            }
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int offA, int lda,
            float[] b, int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        Gemm.check("sgemm", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0 || (long) m * n * k <= smallWork) {
            small.sgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            return;
        }
        syncThreads((long) m * n * k);
        try {
            SGEMM.invokeExact(sgemm, ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    MemorySegment.ofArray(a).asSlice(4L * offA), lda, MemorySegment.ofArray(b).asSlice(4L * offB),
                    ldb, beta, MemorySegment.ofArray(c).asSlice(4L * offC), ldc);
        } catch (Throwable e) {
            throw new BackendException("OpenBLAS: cblas_sgemm failed", e);
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int offA,
            int lda, double[] b, int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        Gemm.check("dgemm", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0 || (long) m * n * k <= smallWork) {
            small.dgemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            return;
        }
        syncThreads((long) m * n * k);
        try {
            DGEMM.invokeExact(dgemm, ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                    MemorySegment.ofArray(a).asSlice(8L * offA), lda, MemorySegment.ofArray(b).asSlice(8L * offB),
                    ldb, beta, MemorySegment.ofArray(c).asSlice(8L * offC), ldc);
        } catch (Throwable e) {
            throw new BackendException("OpenBLAS: cblas_dgemm failed", e);
        }
    }

    @Override
    public void sgemmBatch(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int[] offA,
            int lda, float[] b, int[] offB, int ldb, float beta, float[] c, int[] offC, int ldc) {
        Batch.check("sgemmBatch", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC,
                ldc);
        int parts = Batch.parts(Workers.threads(), m, n, k, offC, ldc, OPENBLAS_THREADED_WORK,
                JavaBackend.PARALLEL_WORK_FLOAT);
        Workers.run(parts, part -> {
            for (int t = Batch.from(part, parts, offC.length); t < Batch.from(part + 1, parts, offC.length); t++) {
                sgemm(transA, transB, m, n, k, alpha, a, offA[t], lda, b, offB[t], ldb, beta, c, offC[t], ldc);
            }
        });
    }

    @Override
    public void dgemmBatch(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
            int[] offA, int lda, double[] b, int[] offB, int ldb, double beta, double[] c, int[] offC, int ldc) {
        Batch.check("dgemmBatch", transA, transB, m, n, k, a.length, offA, lda, b.length, offB, ldb, c.length, offC,
                ldc);
        int parts = Batch.parts(Workers.threads(), m, n, k, offC, ldc, OPENBLAS_THREADED_WORK,
                JavaBackend.PARALLEL_WORK_DOUBLE);
        Workers.run(parts, part -> {
            for (int t = Batch.from(part, parts, offC.length); t < Batch.from(part + 1, parts, offC.length); t++) {
                dgemm(transA, transB, m, n, k, alpha, a, offA[t], lda, b, offB[t], ldb, beta, c, offC[t], ldc);
            }
        });
    }
}
