package org.backprop4j.data;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * One pass of a {@link DataLoader} over its dataset. Closing it (or reaching its end) stops its prefetch thread and
 * drops the batches queued ahead; an epoch dropped without closing is cleaned up once it is garbage. Its prefetch
 * thread does not wait for that: when nobody has taken a batch for {@value #IDLE_MILLIS} ms with the queue full
 * (a loop left with {@code break}), the thread ends, keeping what it loaded, and the next {@link #next()} starts
 * another where it stopped.
 */
public final class Epoch implements Iterator<Batch>, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final java.util.concurrent.atomic.AtomicLong THREADS = new java.util.concurrent.atomic.AtomicLong();
    /** How long a prefetch thread waits, its queue full, for the consumer before it ends. */
    static final long IDLE_MILLIS = 2000;
    /** {@link #IDLE_MILLIS}, shorter in tests of the release. */
    static volatile long idleMillis = IDLE_MILLIS;

    private final DataLoader loader;
    private final int epoch;
    private final int[] order;
    private final int numBatches;
    private final Prefetcher prefetcher;
    private final Cleaner.Cleanable cleanable;
    private int next;
    private boolean closed;

    Epoch(DataLoader loader, int epoch, int firstBatch) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = loader.order(epoch);
        this.numBatches = loader.numBatches();
        this.next = firstBatch;
        if (loader.prefetch() > 0 && numBatches > firstBatch) {
            prefetcher = new Prefetcher(loader, epoch, order, firstBatch, numBatches, loader.prefetch());
            cleanable = CLEANER.register(this, prefetcher::shutdown);
            prefetcher.start();
        } else {
            prefetcher = null;
            cleanable = null;
        }
    }

    /** This epoch's number. */
    public int number() {
        return epoch;
    }

    /** How many batches this epoch has in all (counting those skipped by a later first batch). */
    public int numBatches() {
        return numBatches;
    }

    /** The index of the batch {@link #next()} returns next. */
    public int nextBatch() {
        return next;
    }

    @Override
    public boolean hasNext() {
        return !closed && next < numBatches;
    }

    /**
     * The next batch.
     *
     * @throws NoSuchElementException when the epoch is over or closed
     * @throws CancellationException when the thread was interrupted (its interrupt flag is set again); the epoch is
     *     closed
     */
    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader epoch " + epoch + ": " + (closed && next < numBatches
                    ? "closed after " + next + " of " + numBatches + " batches" : "all " + numBatches
                    + " batches were returned"));
        }
        if (Thread.interrupted()) {
            throw interrupted();
        }
        Batch b;
        if (prefetcher == null) {
            b = loader.load(indices(loader, order, next), epoch);
        } else {
            try {
                b = prefetcher.take();
            } catch (InterruptedException e) {
                throw interrupted();
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
        }
        next++;
        if (next == numBatches) {
            close();
        }
        return b;
    }

    private CancellationException interrupted() {
        int done = next;
        close();
        Thread.currentThread().interrupt();
        return new CancellationException("DataLoader epoch " + epoch + ": interrupted after " + done + " of "
                + numBatches + " batches; the epoch is closed");
    }

    /** Stops the prefetch thread (waiting for the batch it is loading) and drops queued batches. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    static int[] indices(DataLoader loader, int[] order, int batch) {
        int from = batch * loader.batchSize();
        return Arrays.copyOfRange(order, from, Math.min(order.length, from + loader.batchSize()));
    }

    /** The background producer; it holds no reference to its Epoch, so an abandoned Epoch can be collected. */
    private static final class Prefetcher implements Runnable {
        private record Item(Batch batch, Throwable error) {
        }

        private final DataLoader loader;
        private final int epoch;
        private final int[] order;
        private final int numBatches;
        private final BlockingQueue<Item> queue;
        private volatile Thread thread;
        private volatile boolean stop;
        /** The next batch to load, and one loaded that found the queue full when the thread went idle. */
        private volatile int nextToLoad;
        private volatile Item pending;
        private volatile boolean done;

        Prefetcher(DataLoader loader, int epoch, int[] order, int firstBatch, int numBatches, int depth) {
            this.loader = loader;
            this.epoch = epoch;
            this.order = order;
            this.numBatches = numBatches;
            this.nextToLoad = firstBatch;
            this.queue = new ArrayBlockingQueue<>(depth);
            this.thread = newThread();
        }

        private Thread newThread() {
            return Thread.ofPlatform().daemon().name("backprop4j-prefetch-" + THREADS.incrementAndGet()
                    + "-epoch-" + epoch).unstarted(this);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            if (pending != null) {
                if (!put(pending)) {
                    return;
                }
                pending = null;
            }
            for (int b = nextToLoad; b < numBatches && !stop; b = nextToLoad) {
                Item item;
                try {
                    item = new Item(loader.load(indices(loader, order, b), epoch), null);
                } catch (Throwable t) {
                    item = new Item(null, t);
                }
                nextToLoad = b + 1;
                if (!put(item)) {
                    pending = stop ? null : item;
                    return;
                }
                if (item.error != null) {
                    done = true;
                    return;
                }
            }
            done = true;
        }

        /**
         * Queues {@code item}; false when stopped, or when the queue stayed full for {@link #idleMillis} (the
         * consumer has gone away, or is slow: {@link #take} then starts a new thread). Never interrupted, so a file
         * channel it reads stays open.
         */
        private boolean put(Item item) {
            long waited = 0;
            try {
                while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    waited += 50;
                    if (stop || waited >= idleMillis) {
                        return false;
                    }
                }
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }

        Batch take() throws InterruptedException {
            Item item;
            while ((item = queue.poll(50, TimeUnit.MILLISECONDS)) == null) {
                synchronized (this) {
                    if (!stop && !done && !thread.isAlive() && queue.isEmpty()) {   // it went idle: go on loading
                        thread = newThread();
                        thread.start();
                    }
                }
            }
            if (item.error instanceof RuntimeException e) {
                throw e;
            }
            if (item.error instanceof Error e) {
                throw e;
            }
            if (item.error != null) {
                throw new IllegalStateException("DataLoader prefetch thread failed", item.error);
            }
            return item.batch;
        }

        void shutdown() {
            Thread t;
            synchronized (this) {
                stop = true;
                t = thread;
            }
            queue.clear();
            pending = null;
            if (Thread.currentThread() == t) {
                return;
            }
            boolean interrupted = false;
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            queue.clear();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        boolean alive() {
            return thread.isAlive();
        }
    }

    /** The name of this epoch's prefetch thread, or null (for tests of resource release). */
    String prefetchThreadName() {
        return prefetcher == null ? null : prefetcher.thread.getName();
    }

    /** Whether this epoch's prefetch thread is still running (for tests of resource release). */
    boolean prefetchThreadAlive() {
        return prefetcher != null && prefetcher.alive();
    }
}
