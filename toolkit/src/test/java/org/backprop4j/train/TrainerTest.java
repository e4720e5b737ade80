package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.backprop4j.data.Batch;
import org.backprop4j.data.DataLoader;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MSELoss;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.Sequential;
import org.backprop4j.optim.GradClipping;
import org.backprop4j.optim.SGD;
import org.backprop4j.optim.schedule.ReduceLROnPlateau;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.testing.TensorAssert;
import org.junit.jupiter.api.Test;

class TrainerTest {
    @Test
    void fitLearnsAndRecordsEveryEpochAndStep() {
        Trainer t = Fixtures.builder(Fixtures.model(1)).epochs(6).build();
        History h = t.fit();
        assertThat(h.epochs()).hasSize(6);
        assertThat(h.steps()).hasSize(6 * 7);   // 200 examples in batches of 32
        assertThat(h.keys()).containsExactly("loss", "accuracy", "val_loss", "val_accuracy", "lr");
        assertThat(h.get("val_accuracy")[5]).isGreaterThan(0.8);
        assertThat(h.get("loss")[5]).isLessThan(h.get("loss")[0]);
        assertThat(h.get("lr")).containsExactly(0.02, 0.02, 0.02, 0.01, 0.01, 0.01);
        assertThat(h.steps().get(0).gradNorm()).isPositive();
        assertThat(h.stopReason()).isNull();
        assertThat(h.toTable().rowCount()).isEqualTo(6);
        assertThat(h.toTable().columnNames()).contains("epoch", "step", "val_accuracy", "seconds");
        assertThat(h.stepsTable().rowCount()).isEqualTo(42);
        assertThat(h.plot("loss", "accuracy").getSeriesMap()).containsOnlyKeys("loss", "val_loss", "accuracy",
                "val_accuracy");
        assertThat(t.fit()).isSameAs(h);
        assertThat(h.epochs()).as("the budget is reached: nothing more to do").hasSize(6);
    }

    @Test
    void theGradientNormIsRecordedAtEveryStepAlsoWithoutNormClippingAndBeforeValueClipping() {
        Batch batch = Fixtures.loader(32).iterator().next();
        double[] recorded = new double[2];
        List<Parameter> afterStep = null;
        for (int run = 0; run < 2; run++) {
            Sequential model = Fixtures.model(3);
            TrainerBuilder b = Trainer.builder(model, new CrossEntropyLoss(), new SGD(model.parameters(), 0.1))
                    .train(Fixtures.loader(32)).seed(5).progress(null);
            Trainer t = (run == 0 ? b : b.clipGradValue(1e-3)).build();
            recorded[run] = t.trainStep(batch).gradNorm();
            if (run == 0) {
                assertThat(recorded[0]).as("nothing clipped: the norm of the gradients the step used")
                        .isEqualTo(GradClipping.totalNorm(model.parameters(), 2));
            } else {
                afterStep = model.parameters();
            }
        }
        assertThat(recorded[0]).isPositive();
        assertThat(recorded[1]).as("value clipping: the norm before it").isEqualTo(recorded[0]);
        assertThat(GradClipping.totalNorm(afterStep, Double.POSITIVE_INFINITY)).as("float32 clamp")
                .isLessThanOrEqualTo((float) 1e-3);
    }

    @Test
    void theEpochLossIsTheMeanOverExamplesWeightedByBatchSize() {
        Trainer t = Fixtures.builder(Fixtures.model(1)).epochs(1).build();
        History h = t.fit();
        double weighted = 0;
        int n = 0;
        for (History.StepRecord s : h.steps()) {
            weighted += s.loss() * s.examples();
            n += s.examples();
        }
        assertThat(n).isEqualTo(200);
        assertThat(h.get("loss")[0]).isCloseTo(weighted / n, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void evaluateMatchesTheValidationOfTheLastEpochAndPredictConcatenates() {
        Trainer t = Fixtures.builder(Fixtures.model(2)).epochs(2).build();
        History h = t.fit();
        DataLoader val = DataLoader.builder(Fixtures.MOONS).batchSize(64).build();
        Evaluation e = t.evaluate(val);
        assertThat(e.examples()).isEqualTo(200);
        assertThat(e.get("accuracy")).isEqualTo(h.get("val_accuracy")[1]);
        assertThatThrownBy(() -> e.get("f1")).hasMessageContaining("no value 'f1'").hasMessageContaining("accuracy");
        Tensor out = t.predict(val);
        TensorAssert.assertThat(out).hasShape(200, 2);
        assertThat(t.model().isTraining()).as("the mode is restored").isTrue();
    }

    @Test
    void accumulatedMicroBatchesMakeTheSameStepAsOneBatch() {
        DataLoader whole = DataLoader.builder(Fixtures.MOONS).batchSize(40).build();
        DataLoader halves = DataLoader.builder(Fixtures.MOONS).batchSize(20).build();
        Trainer a = Fixtures.builder(Fixtures.model(3)).train(whole).epochs(2).build();
        Trainer b = Fixtures.builder(Fixtures.model(3)).train(halves).accumulate(2).epochs(2).build();
        a.fit();
        b.fit();
        assertThat(b.step()).isEqualTo(a.step()).isEqualTo(10);
        List<Tensor> x = Fixtures.everything(a);
        List<Tensor> y = Fixtures.everything(b);
        for (int i = 0; i < x.size(); i++) {
            TensorAssert.assertThat(y.get(i)).isCloseTo(x.get(i), 1e-5, 1e-6);
        }
    }

    @Test
    void aNonFiniteLossStopsBeforeTheStepAndNamesIt() {
        Linear model = new Linear(2, 2);
        Trainer t = Trainer.builder(model, (out, y) -> out.sum().div(t0(out)), new SGD(model.parameters(), 0.1))
                .train(Fixtures.loader(50)).epochs(1).progress(null).build();
        Tensor before = model.weight().clone();
        assertThatThrownBy(t::fit).isInstanceOf(NonFiniteLossException.class)
                .hasMessageContaining("at step 1 (epoch 0, batch 0); the step was not taken");
        TensorAssert.assertThat(model.weight()).isBitwiseEqualTo(before);
        assertThat(t.step()).isZero();
        assertThat(t.history().stopReason()).contains("loss is");
    }

    private static Tensor t0(Tensor like) {
        return Tensor.zeros(1).to(like.dtype()).sum();
    }

    @Test
    void earlyStoppingEndsFitAndRestoresTheBestWeights() {
        EarlyStopping stop = EarlyStopping.monitor("val_loss").withPatience(1).withMinDelta(10)
                .withRestoreBestWeights(true);
        Trainer t = Fixtures.builder(Fixtures.model(4)).epochs(20).callbacks(stop).build();
        History h = t.fit();
        assertThat(h.epochs()).hasSize(3);
        assertThat(h.stopReason()).startsWith("early stopping: val_loss has not improved")
                .endsWith("the weights of epoch 0 were restored");
        assertThat(stop.bestEpoch()).isZero();
    }

    @Test
    void aTimeBudgetStopsAfterAStep() {
        Trainer t = Fixtures.builder(Fixtures.model(4)).epochs(5).callbacks(new TimeBudget(Duration.ZERO)).build();
        History h = t.fit();
        assertThat(h.steps()).hasSize(1);
        assertThat(h.stopReason()).isEqualTo("time budget of PT0S used up at step 1");
    }

    @Test
    void plateauCutsTheRateFromTheMonitoredValue() {
        var model = Fixtures.model(5);
        SGD sgd = new SGD(model.parameters(), 0.1);
        var plateau = new ReduceLROnPlateau(sgd, ReduceLROnPlateau.Options.DEFAULT.withPatience(0)
                .withMode(ReduceLROnPlateau.Mode.MAX));
        Trainer t = Trainer.builder(model, new org.backprop4j.nn.CrossEntropyLoss(), sgd).train(Fixtures.loader(50))
                .epochs(3).reduceLrOnPlateau(plateau, "loss").progress(null).build();
        t.fit();
        assertThat(sgd.lr(0)).as("the loss falls, which in mode MAX is no improvement").isLessThan(0.1);
        assertThatThrownBy(() -> Trainer.builder(model, new MSELoss(), sgd).train(Fixtures.loader(50))
                .reduceLrOnPlateau(new ReduceLROnPlateau(new SGD(model.parameters(), 1)), "loss"))
                .hasMessageContaining("drives another optimizer");
    }

    @Test
    void anInterruptStopsBetweenStepsAndFitContinuesAsIfUninterrupted() {
        Trainer whole = Fixtures.builder(Fixtures.model(6)).epochs(3).build();
        whole.fit();
        List<Long> interruptedAt = new ArrayList<>();
        Callback interrupter = new Callback() {
            @Override
            public void onStepEnd(Trainer trainer, History.StepRecord step) {
                if (step.step() == 4 || step.step() == 7 || step.step() == 15) {
                    interruptedAt.add(step.step());
                    Thread.currentThread().interrupt();
                }
            }
        };
        Trainer parts = Fixtures.builder(Fixtures.model(6)).epochs(3).callbacks(interrupter).build();
        int interrupts = 0;
        while (true) {
            try {
                parts.fit();
                break;
            } catch (CancellationException e) {
                assertThat(Thread.interrupted()).as("the interrupt flag is set again").isTrue();
                assertThat(e).hasMessageContaining("interrupted after step " + parts.step())
                        .hasMessageContaining("fit() continues from there");
                interrupts++;
            }
        }
        assertThat(interrupts).isEqualTo(3);
        assertThat(interruptedAt).containsExactly(4L, 7L, 15L);
        assertThat(Fixtures.stepLosses(parts)).containsExactly(Fixtures.stepLosses(whole));
        assertThat(parts.history().get("val_loss")).containsExactly(whole.history().get("val_loss"));
        List<Tensor> x = Fixtures.everything(whole);
        List<Tensor> y = Fixtures.everything(parts);
        for (int i = 0; i < x.size(); i++) {
            TensorAssert.assertThat(y.get(i)).isBitwiseEqualTo(x.get(i));
        }
    }

    @Test
    void trainStepServesAnOwnLoop() {
        Trainer t = Fixtures.builder(Fixtures.model(7)).build();
        double first = 0;
        double last = 0;
        for (int epoch = 0; epoch < 5; epoch++) {
            for (Batch b : Fixtures.loader(50)) {
                History.StepRecord r = t.trainStep(b);
                first = first == 0 ? r.loss() : first;
                last = r.loss();
            }
        }
        assertThat(t.step()).isEqualTo(20);
        assertThat(last).isLessThan(first);
        assertThatThrownBy(() -> t.trainStep(new Batch(Tensor.zeros(3, 2), null)))
                .hasMessageContaining("step 21").hasMessageContaining("has no labels");
    }

    @Test
    void aStepBudgetEndsInsideAnEpochAndFitContinuesWithALargerOne() {
        Trainer t = Fixtures.builder(Fixtures.model(8)).epochs(2).maxSteps(5).build();
        t.fit();
        assertThat(t.step()).isEqualTo(5);
        assertThat(t.batch()).isEqualTo(5);
        assertThat(t.history().epochs()).isEmpty();
        assertThat(t.runningValues()).containsKeys("loss", "accuracy");
    }
}
