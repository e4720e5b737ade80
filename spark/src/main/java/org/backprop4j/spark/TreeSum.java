package org.backprop4j.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Sums the partitions' results as Spark's {@code treeAggregate} does (groups of partitions summed on the executors,
 * level by level, the last few on the driver; {@code depth} levels in all), but always in partition order: results
 * are summed in order of their index whatever order the tasks finish in, so the same inputs give the same bits on
 * every run, also after a task was run again. Float addition is not associative, and Spark's own tree and fold
 * combine results in the order they arrive.
 */
final class TreeSum {
    private TreeSum() {
    }

    /**
     * The sum of {@code results}, one per partition, each indexed by its partition.
     *
     * @param depth the levels of the tree, at least 1 (1: every result goes to the driver)
     */
    static PartitionResult sum(JavaRDD<PartitionResult> results, int depth) {
        int n = results.getNumPartitions();
        int fanIn = fanIn(n, depth);
        JavaRDD<PartitionResult> level = results;
        while (n > fanIn + (n + fanIn - 1) / fanIn) { // Spark's condition: a level must pay for its shuffle
            int groups = (n + fanIn - 1) / fanIn;
            int f = fanIn;
            level = level.mapToPair(r -> new Tuple2<>(r.index() / f, r))
                    .groupByKey(new HashPartitioner(groups))
                    .map(group -> inOrder(group._2(), group._1()));
            n = groups;
        }
        return inOrder(level.collect(), 0);
    }

    /** Spark's rule for {@code treeAggregate}: about the {@code depth}-th root of the partition count, at least 2. */
    static int fanIn(int partitions, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("backprop4j-spark: tree depth must be >= 1, got " + depth);
        }
        return Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
    }

    private static PartitionResult inOrder(Iterable<PartitionResult> results, int index) {
        List<PartitionResult> sorted = new ArrayList<>();
        results.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(PartitionResult::index));
        PartitionResult sum = sorted.getFirst();
        for (int i = 1; i < sorted.size(); i++) {
            sum = sum.plus(sorted.get(i), index);
        }
        return new PartitionResult(index, sum.state(), sum.hasGradient(), sum.lossSum(), sum.batches(),
                sum.optimizer());
    }
}
