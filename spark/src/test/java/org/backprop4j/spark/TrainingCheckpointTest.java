package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.backprop4j.array.Rng;
import org.backprop4j.io.CheckpointException;
import org.backprop4j.io.SafeTensors;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.StateDictException;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.OptimizerStateDictException;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file on its own: no Spark in these tests. */
class TrainingCheckpointTest {
    @TempDir
    Path dir;

    static void train(Module model, Adam adam, long seed) {
        Tensor x = Tensor.randn(Rng.seeded(seed), 8, 2);
        Tensor y = Tensor.randint(Rng.seeded(seed + 1), 0, 2, 8);
        adam.zeroGrad();
        new CrossEntropyLoss().forward(model.call(x), y).backward();
        adam.step();
    }

    @Test
    void aRestoredModelAndAdamContinueBitForBit() {
        Module a = Models.seeded(new Models.Mlp(2, 8, 2), 1);
        Adam adamA = new Adam(a.parameters(), Adam.Options.DEFAULT.withLr(0.01).withAmsgrad(true));
        for (int s = 0; s < 3; s++) {
            train(a, adamA, s);
        }
        Path file = dir.resolve("c.safetensors");
        TrainingCheckpoint.save(file, a, adamA, 3);
        Module b = new Models.Mlp(2, 8, 2);
        Adam adamB = new Adam(b.parameters(), Adam.Options.DEFAULT);
        assertThat(TrainingCheckpoint.load(file, b, adamB)).isEqualTo(3);
        assertThat(adamB.options(0)).isEqualTo(adamA.options(0));
        train(a, adamA, 9);
        train(b, adamB, 9);
        assertThat(Models.maxDifference(a, b)).isZero();
        assertThat(SafeTensors.describe(file)).containsKeys("model.hidden.weight", "optimizer.0.exp_avg",
                "optimizer.3.max_exp_avg_sq");
    }

    @Test
    void aMismatchLeavesModelAndOptimizerUnchanged() {
        Module a = Models.seeded(new Models.Mlp(2, 8, 2), 1);
        Adam adam = new Adam(a.parameters(), Adam.Options.DEFAULT);
        train(a, adam, 0);
        Path file = dir.resolve("adam.safetensors");
        TrainingCheckpoint.save(file, a, adam, 1);

        Module b = Models.seeded(new Models.Mlp(2, 8, 2), 2);
        Module bBefore = Models.seeded(new Models.Mlp(2, 8, 2), 2);
        SGD sgd = new SGD(b.parameters(), 0.1);
        assertThatThrownBy(() -> TrainingCheckpoint.load(file, b, sgd))
                .isInstanceOf(OptimizerStateDictException.class).hasMessageContaining("Adam");
        assertThat(Models.maxDifference(b, bBefore)).as("the model was put back").isZero();

        Module wide = new Models.Mlp(2, 16, 2);
        assertThatThrownBy(() -> TrainingCheckpoint.load(file, wide, new Adam(wide.parameters(),
                Adam.Options.DEFAULT))).isInstanceOf(StateDictException.class).hasMessageContaining("hidden.weight");
    }

    @Test
    void aSafetensorsFileThatIsNoCheckpointIsNamed() {
        Path file = dir.resolve("weights.safetensors");
        Module m = new Models.Mlp(2, 4, 2);
        SafeTensors.write(file, m.stateDict());
        assertThatThrownBy(() -> TrainingCheckpoint.load(file, m, new SGD(m.parameters(), 0.1)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("weights.safetensors")
                .hasMessageContaining("is not a training checkpoint: its metadata lacks 'step' or 'optimizer'");
        SafeTensors.write(file, m.stateDict(), Map.of("step", "1", "optimizer", "{\"optimizer\": 3}"));
        assertThatThrownBy(() -> TrainingCheckpoint.load(file, m, new SGD(m.parameters(), 0.1)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("metadata 'optimizer' is not an optimizer state dict");
    }
}
