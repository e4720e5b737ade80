package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.backprop4j.data.DataLoader;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Learning curves measured every few steps: what they record, that they leave the run alone, and resuming. */
class PeriodicEvaluationTest {
    @TempDir
    Path dir;

    private static DataLoader held() {
        return DataLoader.builder(Fixtures.MOONS).batchSize(64).build();
    }

    private static TrainerBuilder builder(Module model) {
        Adam adam = new Adam(model.parameters(), Adam.Options.DEFAULT.withLr(0.02));
        return Trainer.builder(model, new CrossEntropyLoss(), adam).train(Fixtures.loader(32))
                .metrics(Metrics.accuracy()).seed(5).progress(null).epochs(Integer.MAX_VALUE).maxSteps(35);
    }

    @Test
    void recordsTheTrainersEvaluationAtStepZeroAndEveryFewStepsWithoutChangingTheRun() {
        Module untrained = Fixtures.model(3);
        Evaluation before = Fixtures.builder(untrained).build().evaluate(held());

        PeriodicEvaluation curve = new PeriodicEvaluation(held(), 10);
        Trainer watched = builder(Fixtures.model(3)).callbacks(curve).build();
        watched.fit();
        Trainer plain = builder(Fixtures.model(3)).build();
        plain.fit();

        assertThat(curve.steps()).containsExactly(0, 10, 20, 30);
        assertThat(curve.names()).containsExactly("loss", "accuracy");
        assertThat(curve.values("accuracy")[0]).isEqualTo(before.get("accuracy"));
        assertThat(curve.values("loss")[0]).isEqualTo(before.get("loss"));
        assertThat(Fixtures.stepLosses(watched)).containsExactly(Fixtures.stepLosses(plain));
        assertThat(Fixtures.everything(watched)).hasSameSizeAs(Fixtures.everything(plain));
        for (int i = 0; i < Fixtures.everything(plain).size(); i++) {
            assertThat(Fixtures.everything(watched).get(i).toDoubleArray())
                    .containsExactly(Fixtures.everything(plain).get(i).toDoubleArray());
        }
        assertThat(curve.values("loss")[3]).isLessThan(curve.values("loss")[0]);
    }

    @Test
    void stepsToReachAndToFallAreTheFirstEvaluatedStepsPastTheThreshold() {
        PeriodicEvaluation curve = new PeriodicEvaluation(held(), 5);
        builder(Fixtures.model(4)).callbacks(curve).build().fit();
        long[] steps = curve.steps();
        double[] acc = curve.values("accuracy");
        double[] loss = curve.values("loss");
        double goal = (acc[0] + acc[acc.length - 1]) / 2;
        assertThat(acc[acc.length - 1]).isGreaterThan(acc[0]);
        long reached = curve.stepsToReach("accuracy", goal);
        int i = java.util.Arrays.binarySearch(steps, reached);
        assertThat(i).isPositive();
        assertThat(acc[i]).isGreaterThanOrEqualTo(goal);
        for (int j = 0; j < i; j++) {
            assertThat(acc[j]).isLessThan(goal);
        }
        double lossGoal = (loss[0] + loss[loss.length - 1]) / 2;
        long fell = curve.stepsToFall("loss", lossGoal);
        int k = java.util.Arrays.binarySearch(steps, fell);
        assertThat(loss[k]).isLessThanOrEqualTo(lossGoal);
        for (int j = 0; j < k; j++) {
            assertThat(loss[j]).isGreaterThan(lossGoal);
        }
        assertThat(curve.stepsToReach("accuracy", 1.5)).isEqualTo(-1);
        assertThat(curve.stepsToFall("loss", -1)).isEqualTo(-1);
    }

    @Test
    void aResumedRunKeepsItsCurveThroughACheckpoint() {
        PeriodicEvaluation whole = new PeriodicEvaluation(held(), 7);
        Trainer a = builder(Fixtures.model(6)).callbacks(whole).build();
        a.fit();

        PeriodicEvaluation first = new PeriodicEvaluation(held(), 7);
        Trainer b = builder(Fixtures.model(6)).maxSteps(21).callbacks(first).build();
        b.fit();
        Path checkpoint = dir.resolve("step-21");
        b.saveCheckpoint(checkpoint);

        PeriodicEvaluation resumed = new PeriodicEvaluation(held(), 7);
        Trainer c = builder(Fixtures.model(60)).callbacks(resumed).build();
        c.loadCheckpoint(checkpoint);
        assertThat(resumed.steps()).containsExactly(0, 7, 14, 21);
        c.fit();
        assertThat(resumed.steps()).containsExactly(whole.steps());
        assertThat(resumed.values("accuracy")).containsExactly(whole.values("accuracy"));
        assertThat(resumed.values("loss")).containsExactly(whole.values("loss"));
    }

    @Test
    void badArgumentsAndUnknownNamesSayWhatIsWrong() {
        assertThatThrownBy(() -> new PeriodicEvaluation(held(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every must be at least 1");
        PeriodicEvaluation curve = new PeriodicEvaluation(held(), 10);
        assertThatThrownBy(() -> curve.values("accuracy")).hasMessageContaining("nothing evaluated yet");
        builder(Fixtures.model(3)).maxSteps(10).callbacks(curve).build().fit();
        assertThatThrownBy(() -> curve.stepsToReach("f1", 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no value 'f1'").hasMessageContaining("accuracy");
    }
}
