package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/** The partition-ordered tree sum, on results whose float sum depends on the order of the additions. */
class TreeSumTest {
    /** Partition p's result: 16 floats of magnitudes 1e-3 to 1e4, whose float sum depends on the grouping. */
    static PartitionResult result(int p) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(100 + p);
        float[] values = new float[16];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-3, 5)));
        }
        return new PartitionResult(p, new Packed(values, new double[] {p * 0.1}, new long[] {100 + p}),
                new boolean[] {p == 3}, p, 1, null);
    }

    static JavaRDD<PartitionResult> results(int partitions) {
        List<Integer> indices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        // the later partitions finish first, so arrival order is not partition order
        return LocalSpark.context().parallelize(indices, partitions).map(p -> {
            Thread.sleep(20L * (partitions - p));
            return result(p);
        });
    }

    /** Folds left in the given groups of consecutive partitions, then the groups' sums left to right. */
    static PartitionResult grouped(int partitions, int groupSize) {
        PartitionResult total = null;
        for (int g = 0; g * groupSize < partitions; g++) {
            PartitionResult sum = result(g * groupSize);
            for (int p = g * groupSize + 1; p < Math.min(partitions, (g + 1) * groupSize); p++) {
                sum = sum.plus(result(p), g);
            }
            total = total == null ? sum : total.plus(sum, 0);
        }
        return total;
    }

    @Test
    void depthOneSumsEveryPartitionInOrderOnTheDriver() {
        PartitionResult sum = TreeSum.sum(results(8), 1);
        PartitionResult expected = grouped(8, 8);
        assertThat(sum.state().floats()).containsExactly(expected.state().floats());
        assertThat(sum.state().doubles()).containsExactly(expected.state().doubles());
        assertThat(sum.state().longs()).as("int64 elements keep partition 0's").containsExactly(100);
        assertThat(sum.hasGradient()).containsExactly(true);
        assertThat(sum.lossSum()).isEqualTo(28);
        assertThat(sum.batches()).isEqualTo(8);
    }

    @Test
    void deeperTreesGroupConsecutivePartitionsAndGiveTheSameBitsEveryRun() {
        // 9 partitions, depth 2: fan-in 3, and 9 > 3 + 3, so three groups of three are summed on the executors
        assertThat(TreeSum.fanIn(9, 2)).isEqualTo(3);
        PartitionResult first = TreeSum.sum(results(9), 2);
        PartitionResult expected = grouped(9, 3);
        assertThat(first.state().floats()).containsExactly(expected.state().floats());
        assertThat(first.state().floats()).as("the grouping matters in float32")
                .isNotEqualTo(grouped(9, 9).state().floats());
        PartitionResult again = TreeSum.sum(results(9), 2);
        assertThat(again.state().floats()).containsExactly(first.state().floats());
        assertThat(again.state().doubles()).containsExactly(first.state().doubles());
        assertThat(first.state().longs()).containsExactly(100);
    }

    @Test
    void aDepthBelowOneIsRefused() {
        assertThatThrownBy(() -> TreeSum.fanIn(4, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backprop4j-spark: tree depth must be >= 1, got 0");
    }
}
