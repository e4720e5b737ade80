package org.backprop4j.spark;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which rows of a shard a training step uses: a pure function of the seed, the step, the partition and the shard's
 * size, so that a task Spark runs again (after a lost executor, or speculatively) computes exactly the same
 * gradients. Each shard is shuffled once per pass over it and cut into batches in order, dropping the last partial
 * batch; pass {@code e} of partition {@code p} shuffles with its own generator, seeded from (seed, p, e).
 */
final class ShardSampler {
    private ShardSampler() {
    }

    /**
     * The shard rows of {@code step}'s batch in {@code partition}.
     *
     * @throws IllegalArgumentException if the shard holds fewer than {@code batchSize} rows
     */
    static int[] rows(long seed, long step, int partition, int shardSize, int batchSize) {
        if (shardSize < batchSize) {
            throw new IllegalArgumentException("backprop4j-spark: partition " + partition + " holds " + shardSize
                    + " examples, fewer than the batch size per partition " + batchSize + "; use fewer partitions "
                    + "or a smaller batch");
        }
        long perPass = shardSize / batchSize;
        long pass = step / perPass;
        int first = (int) (step % perPass) * batchSize;
        int[] order = permutation(shardSize, mix(seed, partition, pass));
        return Arrays.copyOfRange(order, first, first + batchSize);
    }

    /** Fisher-Yates over {@code [0, n)}. */
    private static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static long mix(long seed, int partition, long pass) {
        long h = seed * 0x9E3779B97F4A7C15L + partition;
        h = h * 0xBF58476D1CE4E5B9L + pass;
        return h ^ (h >>> 31);
    }
}
