package org.backprop4j.data;

import java.util.concurrent.atomic.AtomicInteger;

import org.backprop4j.array.Rng;

/**
 * Batches of a {@link Dataset}, as PyTorch's {@code DataLoader}: a batch size, seeded shuffling that gives the same
 * order for the same seed and epoch on every run, dropping the last incomplete batch on request, per-example
 * {@link Transform}s for features and labels, and an optional background thread that prepares the next batches
 * into a bounded queue while the current one trains.
 *
 * <p>Each {@link #iterator()} is one epoch (the next one each time; {@link #epoch(int)} picks one). Iteration checks
 * for thread interruption between batches: an interrupted thread gets a
 * {@link java.util.concurrent.CancellationException} with its interrupt flag set again, and the epoch's resources
 * (prefetch thread, queued batches) are released. An epoch abandoned early releases them when closed
 * (try-with-resources), and in any case once it is garbage.
 *
 * {@snippet file="DataDisplaySnippets.java" region="loader"}
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int prefetch;
    private final Transform transform;
    private final Transform targetTransform;
    private final AtomicInteger nextEpoch = new AtomicInteger();

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed != null ? b.seed : Rng.global().nextLong();
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
        this.transform = b.transform;
        this.targetTransform = b.targetTransform;
    }

    /** A builder over {@code dataset} with batch size 1, no shuffling, no transforms and no prefetching. */
    public static Builder builder(Dataset dataset) {
        if (dataset == null) {
            throw new IllegalArgumentException("DataLoader: dataset must not be null");
        }
        return new Builder(dataset);
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The seed behind shuffling and transforms (drawn from {@code Rng.global()} when none was given). */
    public long seed() {
        return seed;
    }

    /** Batches per epoch: {@code ceil(size / batchSize)}, or {@code floor} with drop-last. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The next epoch (0, 1, 2, ... in order of calls). */
    @Override
    public Epoch iterator() {
        return epoch(nextEpoch.getAndIncrement());
    }

    /**
     * Epoch {@code epoch}: the same examples in the same order with the same augmentations on every call and run.
     *
     * @throws IllegalArgumentException if {@code epoch < 0}
     */
    public Epoch epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * Epoch {@code epoch} from its batch {@code firstBatch} on, without loading the batches before it: where a
     * training run resumed from a checkpoint or an interrupt goes on.
     *
     * @throws IllegalArgumentException if {@code epoch < 0} or {@code firstBatch} is outside {@code [0, numBatches()]}
     */
    public Epoch epoch(int epoch, int firstBatch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("DataLoader.epoch: epoch must be non-negative, got " + epoch);
        }
        if (firstBatch < 0 || firstBatch > numBatches()) {
            throw new IllegalArgumentException("DataLoader.epoch: firstBatch must be in [0, " + numBatches()
                    + "], got " + firstBatch);
        }
        return new Epoch(this, epoch, firstBatch);
    }

    /** The order in which epoch {@code epoch} visits the dataset's indices (before batching and drop-last). */
    public int[] order(int epoch) {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Rng rng = Rng.seeded(mix(seed, epoch, -1));
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = (int) rng.nextLong(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    int prefetch() {
        return prefetch;
    }

    /** Fetches and transforms the examples at {@code indices}, visited in epoch {@code epoch}. */
    Batch load(int[] indices, int epoch) {
        Batch b = dataset.batch(indices);
        if (transform == null && targetTransform == null) {
            return b;
        }
        Rng[] rngs = new Rng[indices.length];
        for (int i = 0; i < indices.length; i++) {
            rngs[i] = Rng.seeded(mix(seed, epoch, indices[i]));
        }
        var features = transform == null ? b.features() : transform.applyBatch(b.features(), rngs);
        var labels = b.labels();
        if (targetTransform != null && labels != null) {
            Rng[] labelRngs = new Rng[indices.length];
            for (int i = 0; i < indices.length; i++) {
                labelRngs[i] = Rng.seeded(mix(~seed, epoch, indices[i]));
            }
            labels = targetTransform.applyBatch(labels, labelRngs);
        }
        return new Batch(features, labels);
    }

    /** A 64-bit hash of three numbers (SplitMix64 finalizers), so nearby seeds give unrelated streams. */
    static long mix(long seed, long epoch, long index) {
        long h = seed;
        h = splitMix(h ^ splitMix(epoch + 0x632BE59BD9B4E019L));
        h = splitMix(h ^ splitMix(index + 0x9E3779B97F4A7C15L));
        return h;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "DataLoader(" + dataset + ", batchSize=" + batchSize + ", shuffle=" + shuffle + ", seed=" + seed
                + ", dropLast=" + dropLast + ", prefetch=" + prefetch
                + (transform == null ? "" : ", transform=" + transform)
                + (targetTransform == null ? "" : ", targetTransform=" + targetTransform) + ")";
    }

    /** Settings of a {@link DataLoader}; every setter validates its argument. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private Long seed;
        private boolean dropLast;
        private int prefetch;
        private Transform transform;
        private Transform targetTransform;

        private Builder(Dataset dataset) {
            this.dataset = dataset;
        }

        /** @throws IllegalArgumentException if {@code size < 1} */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("DataLoader: batchSize must be at least 1, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** Visit the examples in a new random order every epoch (seeded: see {@link #seed}). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The seed of shuffling and of the transforms' randomness; without one, a seed is drawn from Rng.global(). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Skip the last batch of an epoch when it would be smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /**
         * Prepare up to {@code depth} batches ahead on a background thread; 0 (the default) loads on the caller's.
         *
         * @throws IllegalArgumentException if {@code depth} is negative or above 1024
         */
        public Builder prefetch(int depth) {
            if (depth < 0 || depth > 1024) {
                throw new IllegalArgumentException("DataLoader: prefetch depth must be in [0, 1024], got " + depth);
            }
            this.prefetch = depth;
            return this;
        }

        /** Applied to each example's features. */
        public Builder transform(Transform transform) {
            this.transform = transform;
            return this;
        }

        /** Applied to each example's label (e.g. {@link Transforms#oneHot}). */
        public Builder targetTransform(Transform transform) {
            this.targetTransform = transform;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
