package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.CheckpointException;
import org.backprop4j.io.SafeTensors;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Sequential;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train 2 epochs, checkpoint, train 2 more == load the checkpoint (here, and in a fresh JVM) and train 2 more,
 * bit for bit: weights, optimizer state, every step's loss and the history.
 */
class CheckpointResumeTest {
    @TempDir
    Path dir;

    /** The tensors a run ends with, and its step losses after epoch 2, by name. */
    static Map<String, Tensor> results(Trainer t) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Tensor> all = Fixtures.everything(t);
        for (int i = 0; i < all.size(); i++) {
            out.put("t" + i, all.get(i).contiguous());
        }
        double[] losses = Fixtures.stepLosses(t);
        out.put("losses", Tensor.of(java.util.Arrays.copyOfRange(losses, 14, losses.length)));
        out.put("val_loss", Tensor.of(t.history().get("val_loss")));
        out.put("lr", Tensor.of(t.optimizer().lrs()));
        return out;
    }

    @Test
    void resumingFromACheckpointIsBitIdenticalHereAndInAFreshJvm() throws Exception {
        Trainer a = Fixtures.builder(Fixtures.model(21)).build();
        a.fit(2);
        Path checkpoint = dir.resolve("epoch-2");
        a.saveCheckpoint(checkpoint);
        a.fit(4);
        Map<String, Tensor> expected = results(a);

        Trainer b = Fixtures.builder(Fixtures.model(99)).build();   // other initial weights: all come from the file
        b.loadCheckpoint(checkpoint);
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(b.history().epochs()).hasSize(2);
        b.fit(4);
        compare(results(b), expected);

        Path out = dir.resolve("child.safetensors");
        Process p = new ProcessBuilder(childJvm(ResumeProbe.class, checkpoint.toString(), out.toString()))
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        compare(SafeTensors.read(out).tensors(), expected);
    }

    /**
     * A java command running {@code main} with this JVM's flags (the toolkit's, from the parent pom) and class path,
     * on the same GEMM backend (surefire sets it as a property, which a child does not inherit).
     */
    static List<String> childJvm(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        for (String property : List.of("backprop4j.backend", "backprop4j.threads")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static void compare(Map<String, Tensor> actual, Map<String, Tensor> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> TensorAssert.assertThat(actual.get(k)).as(k).isBitwiseEqualTo(v));
    }

    /** The child JVM: a fresh trainer restored from the checkpoint, trained to epoch 4, its results written. */
    public static final class ResumeProbe {
        public static void main(String[] args) {
            Trainer t = Fixtures.builder(Fixtures.model(1234)).build();
            t.loadCheckpoint(Path.of(args[0]));
            t.fit(4);
            SafeTensors.write(Path.of(args[1]), results(t));
        }
    }

    @Test
    void aCheckpointThatDoesNotFitTheTrainerChangesNothingAndNamesWhy() {
        Trainer a = Fixtures.builder(Fixtures.model(3)).build();
        a.fit(1);
        Path checkpoint = dir.resolve("c");
        a.saveCheckpoint(checkpoint);

        Sequential wider = new Sequential(new Linear(2, 17), new org.backprop4j.nn.Tanh(), new Linear(17, 2));
        Trainer b = Fixtures.builder(wider).build();
        Tensor before = wider.stateDict().get("0.weight").clone();
        assertThatThrownBy(() -> b.loadCheckpoint(checkpoint)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(checkpoint.resolve("model.safetensors") + ": does not fit Sequential")
                .hasMessageContaining("tensor '0.weight' has shape [16, 2], the model's [17, 2]");
        TensorAssert.assertThat(wider.stateDict().get("0.weight")).isBitwiseEqualTo(before);
        assertThat(b.epoch()).isZero();

        Trainer otherSeed = Fixtures.builder(Fixtures.model(3)).train(org.backprop4j.data.DataLoader
                .builder(Fixtures.MOONS).batchSize(32).shuffle(true).seed(12).build()).build();
        assertThatThrownBy(() -> otherSeed.loadCheckpoint(checkpoint)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(checkpoint.resolve("trainer.json") + ": the training loader's seed is 12, "
                        + "the checkpoint's 11");
        assertThatThrownBy(() -> a.saveCheckpoint(checkpoint)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("exists already");
    }

    @Test
    void theSaverKeepsTheLastAndTheBestAndTheirNamesSortByStep() throws Exception {
        Path runs = dir.resolve("runs");
        CheckpointSaver saver = CheckpointSaver.every(runs, 1).keepLast(2).keepBest("val_accuracy",
                EarlyStopping.Mode.MAX);
        Trainer t = Fixtures.builder(Fixtures.model(5)).epochs(5).callbacks(saver).build();
        t.fit();
        List<Path> kept = Checkpoint.list(runs);
        assertThat(kept.size()).isBetween(2, 3);
        assertThat(kept.getLast().getFileName().toString()).isEqualTo("epoch-0005-step-00000035");
        assertThat(kept).contains(saver.best().orElseThrow());
        assertThat(Files.readString(runs.resolve("best")).strip()).isEqualTo(saver.best().orElseThrow()
                .getFileName().toString());
        Checkpoint c = Checkpoint.load(Checkpoint.latest(runs).orElseThrow());
        assertThat(c.training().epoch()).isEqualTo(5);
        assertThat(c.manifest()).containsEntry("optimizer", "Adam").containsEntry("schedule", "StepLR");
    }
}
