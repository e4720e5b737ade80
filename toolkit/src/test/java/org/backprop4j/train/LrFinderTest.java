package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.backprop4j.array.Rng;
import org.backprop4j.data.DataLoader;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Sequential;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.OptimizerStateDict;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class LrFinderTest {
    @Test
    void ratesRiseGeometricallyOverOneEpochAndEverythingIsRestoredAfterwards() {
        Sequential model = Fixtures.model(3);
        model.eval();
        Adam adam = new Adam(model.parameters(), Adam.Options.DEFAULT.withLr(0.01));
        DataLoader loader = Fixtures.loader(20);   // 10 batches
        adam.zeroGrad();
        new CrossEntropyLoss().forward(model.call(Fixtures.MOONS.features()), Fixtures.MOONS.labels()).backward();
        adam.step();   // some optimizer state to restore
        Map<String, Tensor> before = copies(model.stateDict());
        OptimizerStateDict optimizerBefore = adam.stateDict();
        Rng.global().reseed(99);
        Rng.State rngBefore = Rng.global().state();

        LrFinder.Result r = LrFinder.of(model, new CrossEntropyLoss(), adam).withRange(1e-4, 1e-2)
                .withSmoothing(0).run(loader);

        assertThat(r.lrs()).hasSize(10);
        assertThat(r.lrs()[0]).isEqualTo(1e-4);
        assertThat(r.lrs()[9]).isCloseTo(1e-2, within(1e-15));
        for (int i = 1; i < 10; i++) {
            assertThat(r.lrs()[i] / r.lrs()[i - 1]).isCloseTo(Math.pow(100, 1.0 / 9), within(1e-12));
        }
        assertThat(r.smoothed()).as("no smoothing").containsExactly(r.losses());
        assertThat(r.stopReason()).isNull();
        model.stateDict().forEach((k, v) -> assertThat(v.toDoubleArray()).as(k)
                .containsExactly(before.get(k).toDoubleArray()));
        assertThat(adam.stateDict().paramGroups()).isEqualTo(optimizerBefore.paramGroups());
        assertThat(adam.lr(0)).isEqualTo(0.01);
        assertThat(values(adam.stateDict())).containsExactly(values(optimizerBefore));
        assertThat(Rng.global().state()).isEqualTo(rngBefore);
        assertThat(model.isTraining()).as("the mode it had").isFalse();
        assertThat(model.parameters()).allSatisfy(p -> assertThat(p.grad()).isNull());
    }

    @Test
    void aRateTooLargeEndsTheTestWhenTheLossDivergesAndTheSteepestRateLiesBeforeTheMinimum() {
        Sequential model = Fixtures.model(1);
        SGD sgd = new SGD(model.parameters(), SGD.Options.DEFAULT.withMomentum(0.9));
        LrFinder finder = LrFinder.of(model, new CrossEntropyLoss(), sgd).withRange(1e-4, 1e4).withSteps(200)
                .withSmoothing(0.9);
        LrFinder.Result r = finder.run(Fixtures.loader(20));
        assertThat(r.stopReason()).containsAnyOf("exceeded 4.0 x its best", "the loss was");
        assertThat(r.lrs().length).isLessThan(200);
        assertThat(r.lrs()[r.lrs().length - 1]).as("stopped well before 1e4").isLessThan(1e3);
        assertThat(r.steepest()).isBetween(1e-3, 10.0).isLessThanOrEqualTo(r.minimum());
        assertThat(r.toString()).startsWith("LrFinder.Result(" + r.lrs().length + " steps, lr 1.000e-04 to ");
        assertThat(finder.toString()).isEqualTo("LrFinder(SGD, lr 1.0E-4 to 10000.0, 200 steps)");
    }

    @Test
    void steepestAndMinimumOnAKnownCurve() {
        double[] lrs = {1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10};
        double[] smoothed = {2.3, 2.2, 1.6, 0.8, 0.6, 0.9, 5};
        LrFinder.Result r = new LrFinder.Result(lrs, smoothed, smoothed, null);
        // Central slopes per decade: at 1e-4 -0.35, at 1e-3 -0.7, at 1e-2 -0.5; the minimum is at 0.1.
        assertThat(r.steepest()).isEqualTo(1e-3);
        assertThat(r.minimum()).isEqualTo(0.1);
        XYChart chart = r.plot();
        assertThat(chart.getStyler().isXAxisLogarithmic()).isTrue();
        assertThat(chart.getSeriesMap()).containsOnlyKeys("loss", "smoothed", "steepest: 0.0010");
        assertThat(new LrFinder.Result(new double[] {1}, new double[] {3}, new double[] {3}, null).steepest())
                .isEqualTo(1);
        assertThatThrownBy(() -> new LrFinder.Result(new double[0], new double[0], new double[0], "stopped").minimum())
                .hasMessage("LrFinder.Result: no step was recorded (stopped)");
    }

    @Test
    void anInterruptRestoresEverythingAndSaysSo() {
        Sequential model = Fixtures.model(2);
        Map<String, Tensor> before = copies(model.stateDict());
        SGD sgd = new SGD(model.parameters(), 0.1);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> LrFinder.of(model, new CrossEntropyLoss(), sgd).run(Fixtures.loader(20)))
                    .isInstanceOf(CancellationException.class)
                    .hasMessage("LrFinder: interrupted after 0 of 10 steps; model, optimizer and Rng.global() are "
                            + "restored");
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        model.stateDict().forEach((k, v) -> assertThat(v.toDoubleArray()).containsExactly(before.get(k)
                .toDoubleArray()));
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        Sequential model = Fixtures.model(0);
        LrFinder f = LrFinder.of(model, new CrossEntropyLoss(), new SGD(model.parameters(), 0.1));
        assertThatThrownBy(() -> f.withRange(1, 1)).hasMessage(
                "LrFinder.withRange: need finite 0 < start < end, got [1.0, 1.0]");
        assertThatThrownBy(() -> f.withSteps(1)).hasMessage(
                "LrFinder.withSteps: need 0 (one epoch) or at least 2 steps, got 1");
        assertThatThrownBy(() -> f.withSmoothing(1)).hasMessage(
                "LrFinder.withSmoothing: need 0 <= beta < 1, got 1.0");
        assertThatThrownBy(() -> f.withDivergence(1)).hasMessage(
                "LrFinder.withDivergence: need a factor > 1, got 1.0");
        DataLoader one = DataLoader.builder(Fixtures.MOONS).batchSize(200).build();
        assertThatThrownBy(() -> f.run(one)).hasMessage(
                "LrFinder.run: the loader has 1 batches; the test needs at least 2 steps (set withSteps)");
        assertThat(f.withSteps(3).run(one).lrs()).as("further epochs of a short loader").hasSize(3);
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> state) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** Every number of the optimizer's per-parameter state, in order. */
    private static double[] values(OptimizerStateDict dict) {
        List<Double> out = new java.util.ArrayList<>();
        for (Map<String, Object> s : dict.state().values()) {
            for (Object v : s.values()) {
                if (v instanceof Tensor t) {
                    for (double x : t.toDoubleArray()) {
                        out.add(x);
                    }
                } else if (v instanceof Number n) {
                    out.add(n.doubleValue());
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
