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
 * drops the batches queued ahead; an epoch dropped without closing is cleaned up once it is garbage.
 */
public final class Epoch implements Iterator<Batch>, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final java.util.concurrent.atomic.AtomicLong THREADS = new java.util.concurrent.atomic.AtomicLong();

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
        private final int firstBatch;
        private final int numBatches;
        private final BlockingQueue<Item> queue;
        private final Thread thread;
        private volatile boolean stop;

        Prefetcher(DataLoader loader, int epoch, int[] order, int firstBatch, int numBatches, int depth) {
            this.loader = loader;
            this.epoch = epoch;
            this.order = order;
            this.firstBatch = firstBatch;
            this.numBatches = numBatches;
            this.queue = new ArrayBlockingQueue<>(depth);
            this.thread = Thread.ofPlatform().daemon().name("backprop4j-prefetch-" + THREADS.incrementAndGet()
                    + "-epoch-" + epoch).unstarted(this);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            for (int b = firstBatch; b < numBatches && !stop; b++) {
                Item item;
                try {
                    item = new Item(loader.load(indices(loader, order, b), epoch), null);
                } catch (Throwable t) {
                    item = new Item(null, t);
                }
                if (!put(item) || item.error != null) {
                    return;
                }
            }
        }

        /** Queues {@code item}, giving up when stopped; never interrupted, so a file channel it reads stays open. */
        private boolean put(Item item) {
            try {
                while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                    if (stop) {
                        return false;
                    }
                }
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }

        Batch take() throws InterruptedException {
            Item item = queue.take();
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
            stop = true;
            queue.clear();
            if (Thread.currentThread() == thread) {
                return;
            }
            boolean interrupted = false;
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
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
