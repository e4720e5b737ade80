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
import java.util.function.IntConsumer;

/**
 * A backend's threads: a pool of {@code threads - 1} daemon threads, created on first use, plus the calling
 * thread, which always runs part 0 itself.
 */
final class Workers {
    private static final AtomicInteger POOL_COUNT = new AtomicInteger();

    private final String name;
    private volatile int threads;
    private ExecutorService pool;

    Workers(String name, int threads) {
        this.name = name;
        setThreads(threads);
    }

    int threads() {
        return threads;
    }

    synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(name + ": setThreads needs at least 1 thread, got " + threads);
        }
        if (pool != null) {
            pool.shutdown(); // running parts finish; a caller that still submits runs its parts inline
            pool = null;
        }
        this.threads = threads;
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            int id = POOL_COUNT.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                Thread t = new Thread(r, "backprop4j-" + name + "-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /**
     * Runs {@code part.accept(p)} for {@code p = 0..parts-1}, part 0 on this thread and the others on the pool,
     * and returns when all are done. It waits for every part even if interrupted (and then keeps the interrupt
     * flag set), so that no thread still writes the caller's arrays after return; the first failure is rethrown.
     */
    void run(int parts, IntConsumer part) {
        if (parts <= 1) {
            part.accept(0);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        ExecutorService executor = pool();
        for (int p = 1; p < parts; p++) {
            int index = p;
            Runnable job = () -> part.accept(index);
            try {
                futures.add(executor.submit(job));
            } catch (RejectedExecutionException e) {
                futures.add(CompletableFuture.runAsync(job, Runnable::run)); // setThreads closed the pool meanwhile
            }
        }
        Throwable failure = null;
        try {
            part.accept(0);
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
            throw new IllegalStateException(name + ": a GEMM thread failed", failure);
        }
    }
}
