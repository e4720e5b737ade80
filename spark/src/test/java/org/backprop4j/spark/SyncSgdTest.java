package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.LongStream;

import org.apache.spark.SparkException;
import org.backprop4j.data.ArrowDataset;
import org.backprop4j.data.ArrowDatasetWriter;
import org.backprop4j.data.Datasets;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.CheckpointException;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.PerParameterOptimizer;
import org.backprop4j.optim.SGD;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synchronous SGD in {@code local[2]} against plain training on the same global batches. */
class SyncSgdTest {
    /**
     * float32: both sides add the same products in another order (per-partition means, then their average, against
     * one mean over the global batch), so each gradient differs by a few float32 roundings (2^-24 relative each);
     * 10 steps of lr 0.1 with momentum carry those into weights of order 1. 1e-6 is about 16 float32 ulps at 1 (the
     * runs differ by about one); a partition counted twice or missing would move the weights by about 1e-2.
     */
    static final double FLOAT32_TOLERANCE = 1e-6;
    /** float64: the same order argument with 2^-53 roundings. */
    static final double FLOAT64_TOLERANCE = 1e-12;
    static final int STEPS = 10;
    static final int BATCH = 16;

    @TempDir
    static Path dir;
    static Path file;
    static ShardedDataset shards;
    static ArrowDataset rows;

    @BeforeAll
    static void data() {
        file = dir.resolve("spirals.arrow");
        ArrowDatasetWriter.write(Datasets.twoSpirals(512, 0.05, 3), file, 128);
        shards = ShardedDataset.fromArrow(LocalSpark.context(), file).partitions(2).build();
        rows = ArrowDataset.open(file);
    }

    @AfterAll
    static void close() {
        shards.close();
        rows.close();
    }

    static OptimizerFactory sgd() {
        return params -> new SGD(params, SGD.Options.of(0.1).withMomentum(0.9));
    }

    static SyncSgd trainer(Module start, ModelFactory factory, LossFunction loss) {
        return SyncSgd.builder(shards, factory, loss, sgd()).model(start).batchSizePerPartition(BATCH).seed(5)
                .build();
    }

    @Test
    void syncSgdEqualsOneProcessOnTheGlobalBatchToFloatRounding() {
        SyncSgd spark = trainer(Models.seeded(new Models.Mlp(2, 32, 2), 1), () -> new Models.Mlp(2, 32, 2),
                LossFunction.crossEntropy());
        Module alone = Models.seeded(new Models.Mlp(2, 32, 2), 1);
        PerParameterOptimizer<?, ?> optimizer = sgd().create(alone.parameters());
        double[] sparkLoss = new double[STEPS];
        double[] aloneLoss = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            aloneLoss[s] = SingleProcess.step(alone, optimizer, rows, spark.batchRows(s), LossFunction.crossEntropy());
            sparkLoss[s] = spark.step();
        }
        double diff = Models.maxDifference(spark.model(), alone);
        System.out.printf("local[2] sync SGD vs one process, float32 MLP, %d steps of %d examples: max weight "
                + "difference %.3g, losses %s vs %s%n", STEPS, 2 * BATCH, diff, Arrays.toString(sparkLoss),
                Arrays.toString(aloneLoss));
        assertThat(diff).as("per tensor: %s", Models.difference(spark.model(), alone))
                .isLessThanOrEqualTo(FLOAT32_TOLERANCE);
        for (int s = 0; s < STEPS; s++) {
            assertThat(sparkLoss[s]).as("loss of step %d", s).isCloseTo(aloneLoss[s],
                    org.assertj.core.data.Offset.offset(FLOAT32_TOLERANCE));
        }
        assertThat(spark.steps()).isEqualTo(STEPS);
    }

    @Test
    void inFloat64TheDifferenceIsRoundingOnly() {
        LossFunction loss = LossFunction.crossEntropy();
        SyncSgd spark = trainer(new Models.DoubleMlp(2, 16, 2), () -> new Models.DoubleMlp(2, 16, 2), loss);
        Module alone = new Models.DoubleMlp(2, 16, 2);
        PerParameterOptimizer<?, ?> optimizer = sgd().create(alone.parameters());
        for (int s = 0; s < STEPS; s++) {
            SingleProcess.step(alone, optimizer, rows, spark.batchRows(s), loss);
            spark.step();
        }
        double diff = Models.maxDifference(spark.model(), alone);
        System.out.printf("local[2] sync SGD vs one process, float64 MLP: max weight difference %.3g%n", diff);
        assertThat(diff).as("per tensor: %s", Models.difference(spark.model(), alone))
                .isLessThanOrEqualTo(FLOAT64_TOLERANCE);
    }

    @Test
    void twoRunsWithOneSeedGiveTheSameBits() {
        SyncSgd a = trainer(Models.seeded(new Models.Mlp(2, 8, 2), 2), () -> new Models.Mlp(2, 8, 2),
                LossFunction.crossEntropy());
        SyncSgd b = trainer(Models.seeded(new Models.Mlp(2, 8, 2), 2), () -> new Models.Mlp(2, 8, 2),
                LossFunction.crossEntropy());
        for (int s = 0; s < 4; s++) {
            assertThat(a.step()).isEqualTo(b.step());
        }
        assertThat(Models.maxDifference(a.model(), b.model())).isZero();
    }

    @Test
    void eachPassOverTheShardsUsesEveryExampleOnce() {
        SyncSgd spark = trainer(new Models.Mlp(2, 4, 2), () -> new Models.Mlp(2, 4, 2), LossFunction.crossEntropy());
        int perPass = 256 / BATCH;
        long[] pass0 = LongStream.range(0, perPass).flatMap(s -> Arrays.stream(spark.batchRows(s))).sorted().toArray();
        long[] pass1 = LongStream.range(perPass, 2L * perPass).flatMap(s -> Arrays.stream(spark.batchRows(s)))
                .sorted().toArray();
        assertThat(pass0).containsExactly(LongStream.range(0, 512).toArray());
        assertThat(pass1).containsExactly(LongStream.range(0, 512).toArray());
        assertThat(spark.batchRows(perPass)).as("the second pass is shuffled anew").isNotEqualTo(spark.batchRows(0));
        long[] first = spark.batchRows(0);
        assertThat(Arrays.stream(first, 0, BATCH)).allMatch(r -> r < 256);
        assertThat(Arrays.stream(first, BATCH, 2 * BATCH)).allMatch(r -> r >= 256);
    }

    @Test
    void aCheckpointResumesOnOneMachine() {
        SyncSgd spark = trainer(Models.seeded(new Models.Mlp(2, 16, 2), 4), () -> new Models.Mlp(2, 16, 2),
                LossFunction.crossEntropy());
        for (int s = 0; s < 3; s++) {
            spark.step();
        }
        Path checkpoint = dir.resolve("step-3");
        spark.saveCheckpoint(checkpoint);
        Module alone = new Models.Mlp(2, 16, 2);
        PerParameterOptimizer<?, ?> optimizer = sgd().create(alone.parameters());
        Checkpoint saved = Checkpoint.load(checkpoint);             // no Spark needed from here on
        saved.restore(alone, optimizer, null);
        long step = saved.training().step();
        assertThat(step).isEqualTo(3);
        assertThat(saved.training().values()).containsEntry("algorithm", "SyncSgd")
                .containsEntry("batch_size_per_partition", (long) BATCH).containsEntry("partitions", 2L);
        assertThat(Models.maxDifference(spark.model(), alone)).isZero();

        SingleProcess.step(alone, optimizer, rows, spark.batchRows(step), LossFunction.crossEntropy());
        spark.step();
        assertThat(Models.maxDifference(spark.model(), alone)).as("the momentum buffers came back too")
                .isLessThanOrEqualTo(1e-6);
    }

    @Test
    void aCheckpointThatDoesNotFitIsRefusedAndChangesNothing() {
        SyncSgd narrow = trainer(Models.seeded(new Models.Mlp(2, 4, 2), 4), () -> new Models.Mlp(2, 4, 2),
                LossFunction.crossEntropy());
        narrow.step();
        Path checkpoint = dir.resolve("narrow");
        narrow.saveCheckpoint(checkpoint);
        assertThatThrownBy(() -> narrow.saveCheckpoint(checkpoint)).as("an existing checkpoint is never overwritten")
                .isInstanceOf(CheckpointException.class).hasMessageContaining("narrow");

        SyncSgd wide = trainer(Models.seeded(new Models.Mlp(2, 16, 2), 4), () -> new Models.Mlp(2, 16, 2),
                LossFunction.crossEntropy());
        Module before = Models.seeded(new Models.Mlp(2, 16, 2), 4);
        assertThatThrownBy(() -> wide.loadCheckpoint(checkpoint)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors").hasMessageContaining("hidden.weight");
        assertThat(Models.maxDifference(wide.model(), before)).isZero();
        assertThat(wide.steps()).isZero();
    }

    @Test
    void aFactoryThatBuildsAnotherModelIsRefused() {
        assertThatThrownBy(() -> trainer(new Models.Mlp(2, 32, 2), () -> new Models.Mlp(2, 16, 2),
                LossFunction.crossEntropy()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the driver has 'param hidden.weight float32 [32, 2]' where the replica has "
                        + "'param hidden.weight float32 [16, 2]'");
    }

    @Test
    void aLossThatIsNotAScalarFailsTheStepAndLeavesTheModel() {
        Module start = Models.seeded(new Models.Mlp(2, 4, 2), 9);
        SyncSgd spark = trainer(start, () -> new Models.Mlp(2, 4, 2), (model, batch) -> model.call(batch.features()));
        Module before = Models.seeded(new Models.Mlp(2, 4, 2), 9);
        assertThatThrownBy(spark::step).isInstanceOf(SparkException.class)
                .hasMessageContaining("the loss function returned a float32 tensor of shape [16, 2] for a batch of 16; "
                        + "it must return the batch's mean loss, a float scalar");
        assertThat(Models.maxDifference(spark.model(), before)).isZero();
        assertThat(spark.steps()).isZero();
    }

    @Test
    void anInterruptedStepChangesNothingAndKeepsTheInterrupt() {
        Module start = Models.seeded(new Models.Mlp(2, 4, 2), 6);
        SyncSgd spark = trainer(start, () -> new Models.Mlp(2, 4, 2), LossFunction.crossEntropy());
        spark.step();
        Module after = new Models.Mlp(2, 4, 2);
        after.loadStateDict(spark.model().stateDict(), true);
        Thread.currentThread().interrupt();
        assertThatThrownBy(spark::step).isInstanceOf(java.util.concurrent.CancellationException.class)
                .hasMessage("SyncSgd: interrupted at step 1; the model and optimizer are as after the last whole step");
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        assertThat(spark.steps()).isEqualTo(1);
        assertThat(Models.maxDifference(spark.model(), after)).isZero();
        spark.step();
        assertThat(spark.steps()).isEqualTo(2);
    }

    @Test
    void aBatchLargerThanAPartitionIsRefused() {
        assertThatThrownBy(() -> SyncSgd.builder(shards, () -> new Models.Mlp(2, 4, 2), LossFunction.crossEntropy(),
                sgd()).batchSizePerPartition(300).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 256 examples, fewer than the batch size per partition 300");
    }
}
