package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.backprop4j.data.ArrowDataset;
import org.backprop4j.data.ArrowDatasetWriter;
import org.backprop4j.data.Datasets;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.OptimizerStateDict;
import org.backprop4j.optim.PerParameterOptimizer;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameter averaging in {@code local[2]} against replicas trained one after the other in this JVM. */
class ParameterAveragingTest {
    static final int BATCH = 16;

    @TempDir
    static Path dir;
    static ShardedDataset shards;
    static ArrowDataset rows;

    @BeforeAll
    static void data() {
        Path file = dir.resolve("moons.arrow");
        ArrowDatasetWriter.write(Datasets.twoMoons(256, 0.1, 8), file, 64);
        shards = ShardedDataset.fromArrow(LocalSpark.context(), file).partitions(2).build();
        rows = ArrowDataset.open(file);
    }

    @AfterAll
    static void close() {
        shards.close();
        rows.close();
    }

    @Test
    void averagingAfterEveryPlainSgdStepIsSyncSgd() {
        OptimizerFactory sgd = params -> new SGD(params, 0.2);
        ParameterAveraging avg = ParameterAveraging.builder(shards, () -> new Models.Mlp(2, 16, 2),
                LossFunction.crossEntropy(), sgd).model(Models.seeded(new Models.Mlp(2, 16, 2), 3)).averageEvery(1)
                .batchSizePerPartition(BATCH).seed(1).build();
        SyncSgd sync = SyncSgd.builder(shards, () -> new Models.Mlp(2, 16, 2), LossFunction.crossEntropy(), sgd)
                .model(Models.seeded(new Models.Mlp(2, 16, 2), 3)).batchSizePerPartition(BATCH).seed(1).build();
        for (int s = 0; s < 5; s++) {
            assertThat(avg.step()).isCloseTo(sync.step(), org.assertj.core.data.Offset.offset(1e-6));
        }
        // the mean of w - lr g_p is w - lr mean(g_p), rounded differently: float32, see SyncSgdTest
        assertThat(Models.maxDifference(avg.model(), sync.model())).isLessThanOrEqualTo(SyncSgdTest.FLOAT32_TOLERANCE);
        assertThat(avg.steps()).isEqualTo(5);
    }

    @Test
    void adamRoundsEqualReplicasTrainedOneByOneThenAveraged() {
        OptimizerFactory adam = params -> new Adam(params, Adam.Options.DEFAULT.withLr(0.05));
        int k = 3;
        ParameterAveraging avg = ParameterAveraging.builder(shards, () -> new Models.Mlp(2, 16, 2),
                LossFunction.crossEntropy(), adam).model(Models.seeded(new Models.Mlp(2, 16, 2), 5)).averageEvery(k)
                .batchSizePerPartition(BATCH).seed(2).build();
        Module driver = Models.seeded(new Models.Mlp(2, 16, 2), 5);
        PerParameterOptimizer<?, ?> driverAdam = adam.create(driver.parameters());
        double[] losses = new double[4];
        for (int round = 0; round < losses.length; round++) {
            List<Module> replicas = new ArrayList<>();
            List<OptimizerStateDict> states = new ArrayList<>();
            double lossSum = 0;
            for (int p = 0; p < 2; p++) {
                Module replica = new Models.Mlp(2, 16, 2);
                replica.loadStateDict(driver.stateDict(), true);
                PerParameterOptimizer<?, ?> local = adam.create(replica.parameters());
                local.loadStateDict(driverAdam.stateDict());
                for (int s = 0; s < k; s++) {
                    long[] global = avg.batchRows((long) round * k + s);
                    lossSum += SingleProcess.step(replica, local, rows,
                            Arrays.copyOfRange(global, p * BATCH, (p + 1) * BATCH), LossFunction.crossEntropy());
                }
                replicas.add(replica);
                states.add(local.stateDict());
            }
            driver.loadStateDict(average(replicas.get(0).stateDict(), replicas.get(1).stateDict()), true);
            driverAdam.loadStateDict(average(states.get(0), states.get(1)));

            losses[round] = avg.step();
            assertThat(losses[round]).as("round %d's mean loss", round).isCloseTo(lossSum / (2 * k),
                    org.assertj.core.data.Offset.offset(1e-6));
            assertThat(Models.maxDifference(avg.model(), driver)).as("weights after round %d", round)
                    .isLessThanOrEqualTo(1e-6);
        }
        OptimizerStateDict mine = avg.optimizer().stateDict();
        OptimizerStateDict theirs = driverAdam.stateDict();
        assertThat(mine.state().keySet()).isEqualTo(theirs.state().keySet());
        mine.state().forEach((index, entries) -> {
            assertThat(entries.get("step")).isEqualTo((long) losses.length * k);
            for (String key : List.of("exp_avg", "exp_avg_sq")) {
                double[] a = ((Tensor) entries.get(key)).toDoubleArray();
                double[] b = ((Tensor) theirs.state().get(index).get(key)).toDoubleArray();
                for (int i = 0; i < a.length; i++) {
                    assertThat(a[i]).as("%s of parameter %d, element %d", key, index, i)
                            .isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-7));
                }
            }
        });
        assertThat(losses[losses.length - 1]).as("loss goes down: %s", Arrays.toString(losses))
                .isLessThan(losses[0]);
    }

    @Test
    void averageEveryBelowOneIsRefused() {
        assertThatThrownBy(() -> ParameterAveraging.builder(shards, () -> new Models.Mlp(2, 4, 2),
                LossFunction.crossEntropy(), params -> new SGD(params, 0.1)).averageEvery(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ParameterAveraging: averageEvery must be >= 1, got 0");
    }

    private static Map<String, Tensor> average(Map<String, Tensor> a, Map<String, Tensor> b) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        a.forEach((k, v) -> out.put(k, v.add(b.get(k)).div(2)));
        return out;
    }

    private static OptimizerStateDict average(OptimizerStateDict a, OptimizerStateDict b) {
        Map<Integer, Map<String, Object>> state = new TreeMap<>();
        a.state().forEach((index, entries) -> {
            Map<String, Object> mean = new LinkedHashMap<>();
            entries.forEach((key, value) -> mean.put(key, value instanceof Tensor t
                    ? t.add((Tensor) b.state().get(index).get(key)).div(2) : value));
            state.put(index, mean);
        });
        return new OptimizerStateDict(a.optimizer(), a.paramGroups(), state);
    }
}
