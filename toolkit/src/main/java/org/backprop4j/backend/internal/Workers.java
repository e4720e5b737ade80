package org.backprop4j.backend.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 *
 * <p>A pool thread that finishes a part keeps polling for the next one for {@link #SPIN_NANOS} before it sleeps, and
 * the caller polls for the parts it waits on the same way. Waking a sleeping thread took 100-125 µs on the 2-vCPU
 * virtual machines this was measured on once it had slept 200 µs or more (its CPU halts; 10-30 µs when it had just
 * gone idle), longer than most of the products and loops a training step splits: with an executor's sleeping
 * threads, two threads made the small reference models slower than one. A part finds a pool thread that is free, or
 * runs on the caller: there is no queue, so parts never wait behind other callers' work.
 */
public final class Workers {
    /** How long a pool thread, or a caller waiting for its parts, polls before it sleeps: 2 ms. */
    static final long SPIN_NANOS = 2_000_000L;
    private static final AtomicInteger POOL_COUNT = new AtomicInteger();
    private static final ScopedValue<Boolean> SINGLE = ScopedValue.newInstance();
    private static volatile int threads = initialThreads();
    private static volatile Worker[] pool;

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
            for (Worker w : pool) {
                w.retire();
            }
            pool = null;
        }
        threads = n;
    }

    private static Worker[] pool() {
        Worker[] workers = pool;
        if (workers != null) {
            return workers;
        }
        synchronized (Workers.class) {
            if (pool == null) {
                int id = POOL_COUNT.incrementAndGet();
                Worker[] made = new Worker[Math.max(1, threads - 1)];
                for (int i = 0; i < made.length; i++) {
                    made[i] = new Worker("backprop4j-worker-" + id + "-" + (i + 1));
                    made[i].start();
                }
                pool = made;
            }
            return pool;
        }
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
     * Runs {@code part.accept(p)} for {@code p = 0..parts-1}, part 0 on this thread and the others on free pool
     * threads (on this thread, after part 0, when none is free), and returns when all are done. It waits for every
     * part even if interrupted (and then keeps the interrupt flag set), so that no thread still writes the caller's
     * arrays after return; the first failure is rethrown. Inside {@link #runSingleThreaded} the parts run one after
     * another on this thread.
     */
    public static void run(int parts, IntConsumer part) {
        if (parts <= 1 || SINGLE.isBound()) {
            for (int p = 0; p < Math.max(1, parts); p++) {
                part.accept(p);
            }
            return;
        }
        Worker[] workers = pool();
        Task[] handed = new Task[parts];
        int next = 0;
        for (int p = 1; p < parts; p++) {
            int w = claim(workers, next);
            if (w < 0) {
                break;
            }
            next = (w + 1) % workers.length;
            handed[p] = new Task(part, p, Thread.currentThread());
            workers[w].hand(handed[p]);
        }
        Throwable failure = null;
        for (int p = 0; p < parts; p++) {
            if (handed[p] == null) {
                try {
                    int index = p;
                    runSingleThreaded(() -> part.accept(index));
                } catch (RuntimeException | Error e) {
                    failure = failure == null ? e : failure;
                }
            }
        }
        boolean interrupted = false;
        for (Task t : handed) {
            if (t != null) {
                interrupted |= t.await();
                failure = failure == null ? t.failure : failure;
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

    /** The index of a free pool thread, searched from {@code from} on, now claimed for one part; -1 when all are busy. */
    private static int claim(Worker[] workers, int from) {
        for (int i = 0; i < workers.length; i++) {
            int at = (from + i) % workers.length;
            if (!workers[at].claimed.get() && workers[at].claimed.compareAndSet(false, true)) {
                return at;
            }
        }
        return -1;
    }

    /**
     * One round of polling: a spin hint, and every {@link #YIELD_EVERY}th round a yield, so that a compiler or
     * collector thread waiting for this CPU gets it (the JIT's threads need it in a fresh JVM's first steps).
     */
    private static void pause(int round) {
        if (round % YIELD_EVERY == 0) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    private static final int YIELD_EVERY = 16;

    /** One part handed to a pool thread, and its outcome. */
    private static final class Task {
        final IntConsumer part;
        final int index;
        final Thread owner;
        volatile boolean done;
        Throwable failure;

        Task(IntConsumer part, int index, Thread owner) {
            this.part = part;
            this.index = index;
            this.owner = owner;
        }

        /** Waits until the part is done (polling, then sleeping); true when the wait was interrupted. */
        boolean await() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            for (int i = 1; !done && System.nanoTime() < deadline; i++) {
                pause(i);
            }
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            return interrupted;
        }
    }

    /** A pool thread: runs the parts handed to it, polling for the next for a while before it sleeps. */
    private static final class Worker extends Thread {
        final AtomicBoolean claimed = new AtomicBoolean();
        private volatile Task task;
        private volatile boolean sleeping;
        private volatile boolean retired;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /** Gives the claimed worker its part. */
        void hand(Task t) {
            task = t;
            if (sleeping) {
                LockSupport.unpark(this);
            }
        }

        void retire() {
            retired = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Task t = next();
                if (t == null) {
                    // retired: leave once nobody can claim this thread any more; a claim already made brings a part
                    if (claimed.compareAndSet(false, true)) {
                        return;
                    }
                    Thread.onSpinWait();
                    continue;
                }
                try {
                    runSingleThreaded(() -> t.part.accept(t.index));
                } catch (Throwable e) {
                    t.failure = e;
                }
                task = null;
                claimed.set(false);
                t.done = true;
                LockSupport.unpark(t.owner);
            }
        }

        /** The next part, or null once retired with none handed. */
        private Task next() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            for (int i = 1; ; i++) {
                Task t = task;
                if (t != null || retired) {
                    return t;
                }
                if (System.nanoTime() < deadline) {
                    pause(i);
                    continue;
                }
                sleeping = true;
                if (task == null && !retired) {
                    LockSupport.park(this);
                }
                sleeping = false;
                deadline = System.nanoTime() + SPIN_NANOS;
            }
        }
    }
}
