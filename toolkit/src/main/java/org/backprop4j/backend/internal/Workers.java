package org.backprop4j.backend.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The toolkit's one pool: {@code threads - 1} daemon threads, created on first use, plus the calling thread, which
 * always runs part 0 itself. {@code org.backprop4j.backend.Threads} sets its size; the Java GEMM, the batched
 * GEMMs, the loop kernels and the optimizers' update loops split their work over it.
 *
 * <p>Work inside {@link #runSingleThreaded}, and inside every part of {@link #run}, sees one thread:
 * {@link #threads()} is 1 there (so OpenBLAS is told 1 and the Java kernels do not split), and {@link #run} runs
 * its parts in turn on the calling thread. A split nested in a part (a convolution's column run calling the Java
 * GEMM, which splits large products itself) therefore never waits for a pool thread that is busy with its parent.
 * Data-parallel replicas run on the pool's threads this way, one thread each; were their nested work submitted to
 * the same fixed pool, every pool thread could end up waiting for a part queued behind it.
 */
public final class Workers {
    private static final AtomicInteger POOL_COUNT = new AtomicInteger();
    private static final ScopedValue<Boolean> SINGLE = ScopedValue.newInstance();
    private static volatile int threads = initialThreads();
    private static ExecutorService pool;

    private Workers() {
    }

    private static int initialThreads() {
        int n = Integer.getInteger("backprop4j.threads", Runtime.getRuntime().availableProcessors());
        return Math.max(1, n);
    }

    /** The number of threads work may be split over, at least 1; 1 inside {@link #runSingleThreaded}. */
    public static int threads() {
        return SINGLE.isBound() ? 1 : threads;
    }

    /** Runs {@code body} on this thread with every split of work inside it confined to this thread. */
    public static void runSingleThreaded(Runnable body) {
        ScopedValue.where(SINGLE, Boolean.TRUE).run(body);
    }

    /** Resizes the pool; parts still running finish, and a caller that still submits runs its parts inline. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Workers.setThreads: the thread count must be >= 1, got " + n);
        }
        if (pool != null && n != threads) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            int id = POOL_COUNT.incrementAndGet();
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                Thread t = new Thread(r, "backprop4j-worker-" + id + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** The loop body over elements {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)}: in one piece when {@code n < 2 * minChunk} or there is one thread,
     * else in up to {@link #threads()} chunks of at least {@code minChunk} elements, each a multiple of 64 so that
     * chunks of float and double arrays share no cache line. The chunks are disjoint, so the result does not
     * depend on the split.
     */
    public static void forRange(int n, int minChunk, Range body) {
        int chunks = Math.min(threads(), n / Math.max(1, minChunk));
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        int size = ((n + chunks - 1) / chunks + 63) & ~63;
        int parts = (n + size - 1) / size;
        run(parts, part -> body.run(part * size, Math.min(n, (part + 1) * size)));
    }

    /**
     * Runs {@code part.accept(p)} for {@code p = 0..parts-1}, part 0 on this thread and the others on the pool,
     * and returns when all are done. It waits for every part even if interrupted (and then keeps the interrupt
     * flag set), so that no thread still writes the caller's arrays after return; the first failure is rethrown.
     * Inside {@link #runSingleThreaded} the parts run one after another on this thread.
     */
    public static void run(int parts, IntConsumer part) {
        if (parts <= 1 || SINGLE.isBound()) {
            for (int p = 0; p < Math.max(1, parts); p++) {
                part.accept(p);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        ExecutorService executor = pool();
        for (int p = 1; p < parts; p++) {
            int index = p;
            Runnable job = () -> runSingleThreaded(() -> part.accept(index));
            try {
                futures.add(executor.submit(job));
            } catch (RejectedExecutionException e) {
                futures.add(CompletableFuture.runAsync(job, Runnable::run)); // setThreads closed the pool meanwhile
            }
        }
        Throwable failure = null;
        try {
            runSingleThreaded(() -> part.accept(0));
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
            throw new IllegalStateException("a worker thread failed", failure);
        }
    }
}
