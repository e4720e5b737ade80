package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.data.Batch;
import org.backprop4j.data.DataLoader;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Dropout;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Tanh;
import org.backprop4j.optim.LBFGS;
import org.backprop4j.parallel.DataParallel;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Trainer} with {@code dataParallel}: the plain trainer's results to float rounding, resumable bit for bit. */
class DataParallelTrainerTest {
    @TempDir
    Path dir;

    static Module freshModel() {
        return Fixtures.model(0);
    }

    static Trainer parallel(int replicas, TrainerBuilder b) {
        return b.dataParallel(DataParallel.of(b.model, DataParallelTrainerTest::freshModel, replicas)).build();
    }

    static void assertSameWeights(Trainer actual, Trainer expected, double tolerance) {
        List<Tensor> a = Fixtures.everything(actual);
        List<Tensor> e = Fixtures.everything(expected);
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < a.size(); i++) {
            TensorAssert.assertThat(a.get(i)).as("tensor %d of the model and optimizer", i)
                    .isCloseTo(e.get(i), 0, tolerance);
        }
    }

    @Test
    void fitWithTwoAndFourReplicasEqualsThePlainFitToFloatRounding() {
        Trainer plain = Fixtures.builder(Fixtures.model(1)).epochs(2).build();
        plain.fit();
        for (int n : new int[] {2, 4}) {
            Trainer t = parallel(n, Fixtures.builder(Fixtures.model(1)).epochs(2));
            t.fit();
            // 14 Adam steps with clipping in float32: the gradients differ in their last bits (the sum over the
            // batch is added up in shards); Adam divides by sqrt(v), so such a difference in a small gradient
            // element moves its update relatively more. Observed 6e-8 with 2 replicas, 1.2e-7 with 4, at weights
            // near 1. Every update is about 0.02 (lr), so a wrong gradient shows far above the tolerance.
            assertSameWeights(t, plain, 2e-6);
            assertThat(t.history().get("loss")).containsExactly(plain.history().get("loss"), within(1e-5));
            assertThat(t.history().get("val_accuracy")).containsExactly(plain.history().get("val_accuracy"),
                    within(1e-9));
            assertThat(t.history().steps()).hasSameSizeAs(plain.history().steps());
            assertThat(t.history().steps().get(0).examples()).isEqualTo(32);
        }
    }

    @Test
    void accumulationAndLbfgsWorkOnReplicasToo() {
        Trainer plain = Fixtures.builder(Fixtures.model(3)).accumulate(2).build();
        plain.fit();
        Trainer t = parallel(2, Fixtures.builder(Fixtures.model(3)).accumulate(2));
        t.fit();
        assertSameWeights(t, plain, 2e-6);   // observed 3e-8

        // L-BFGS amplifies rounding: its curvature pairs divide by differences of successive gradients, so over
        // many iterations the two runs drift apart (observed 5.5e-6 after 3 iterations, 4.5e-5 after 5, 0.04
        // after 10 in float32). Three iterations show that the closure re-evaluates on the replicas.
        LBFGS.Options three = LBFGS.Options.DEFAULT.withMaxIter(3);
        Module a = Fixtures.model(4);
        Module b = Fixtures.model(4);
        DataLoader whole = DataLoader.builder(Fixtures.MOONS).batchSize(200).build();
        Trainer lbfgs = Trainer.builder(a, new CrossEntropyLoss(), new LBFGS(a.parameters(), three))
                .train(whole).epochs(1).progress(null).build();
        lbfgs.fit();
        Trainer lbfgsParallel = parallel(2, Trainer.builder(b, new CrossEntropyLoss(),
                new LBFGS(b.parameters(), three)).train(whole).epochs(1).progress(null));
        lbfgsParallel.fit();
        for (int i = 0; i < a.parameters().size(); i++) {
            TensorAssert.assertThat(b.parameters().get(i)).isCloseTo(a.parameters().get(i), 0, 5e-5);
        }
        TensorAssert.assertThat(b.parameters().get(0)).as("the weights moved").isNotCloseTo(Fixtures.model(4)
                .parameters().get(0), 0, 1e-2);
    }

    static Module withDropout() {
        Module m = new Sequential(new Linear(2, 16), new Tanh(), new Dropout(0.2), new Linear(16, 2));
        m.resetParameters(Rng.seeded(5));
        return m;
    }

    static Trainer dropoutRun() {
        TrainerBuilder b = Fixtures.builder(withDropout());
        return b.dataParallel(DataParallel.of(b.model, DataParallelTrainerTest::withDropout, 2)).build();
    }

    @Test
    void aCheckpointedDataParallelRunWithDropoutResumesBitForBit() {
        Trainer a = dropoutRun();
        a.fit(2);
        a.saveCheckpoint(dir.resolve("epoch-2"));
        a.fit(4);
        Trainer b = dropoutRun();
        b.loadCheckpoint(dir.resolve("epoch-2"));
        b.fit(4);
        List<Tensor> expected = Fixtures.everything(a);
        List<Tensor> actual = Fixtures.everything(b);
        for (int i = 0; i < expected.size(); i++) {
            TensorAssert.assertThat(actual.get(i)).as("tensor %d", i).isBitwiseEqualTo(expected.get(i));
        }
        assertThat(Fixtures.stepLosses(b)).containsExactly(Fixtures.stepLosses(a));
    }

    @Test
    void aNonFiniteShardLossNamesTheShardAndTakesNoStep() {
        Trainer t = parallel(2, Fixtures.builder(Fixtures.model(6)));
        Tensor x = Tensor.randn(Rng.seeded(1), 32, 2);
        x.storage().setDouble(2 * 20, Double.NaN);   // example 20: the second shard
        List<Tensor> before = Fixtures.everything(t).stream().map(Tensor::clone).toList();
        assertThatThrownBy(() -> t.trainStep(new Batch(x, Tensor.zeros(org.backprop4j.array.DType.INT64, 32))))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageStartingWith("Trainer: the loss is NaN at step 1 (epoch 0, batch 0, shard 1: examples 16 "
                        + "to 31); the step was not taken");
        List<Tensor> after = Fixtures.everything(t);
        for (int i = 0; i < before.size(); i++) {
            TensorAssert.assertThat(after.get(i)).isBitwiseEqualTo(before.get(i));
        }
        assertThat(t.model().parameters()).allMatch(p -> p.grad() == null);
    }

    @Test
    void buildNamesBatchesTooSmallForTheShardsAndAnotherModel() {
        TrainerBuilder b = Fixtures.builder(Fixtures.model(1))
                .train(DataLoader.builder(Fixtures.MOONS).batchSize(66).build());   // 66, 66, 66, 2
        assertThatThrownBy(() -> parallel(4, b)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Trainer.dataParallel: the training loader's last batch has 2 examples, fewer than the 4 "
                        + "shards (4 replicas); every shard needs one at least: use batches of 4 or more, "
                        + "dropLast(true) on the loader, or fewer replicas");
        TrainerBuilder small = Fixtures.builder(Fixtures.model(1))
                .train(DataLoader.builder(Fixtures.MOONS).batchSize(3).build());
        assertThatThrownBy(() -> parallel(4, small)).hasMessageStartingWith(
                "Trainer.dataParallel: the training loader's batches have 3 examples, fewer than the 4 shards");
        TrainerBuilder dropped = Fixtures.builder(Fixtures.model(1))
                .train(DataLoader.builder(Fixtures.MOONS).batchSize(66).dropLast(true).build());
        assertThat(parallel(4, dropped).numBatches()).isEqualTo(3);

        DataParallel other = DataParallel.of(Fixtures.model(2), DataParallelTrainerTest::freshModel, 2);
        assertThatThrownBy(() -> Fixtures.builder(Fixtures.model(1)).dataParallel(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Trainer.dataParallel: it replicates another model (Sequential), not the trainer's; "
                        + "build it with DataParallel.of(model, factory)");
    }
}
