package org.backprop4j.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MSELoss;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The monitor's numbers against a 3-layer MLP backpropagated by hand (in plain double arithmetic, not through
 * autograd), and its bookkeeping: update ratios, dead ReLU units, layer order, history, errors.
 */
class GradientMonitorTest {
    static final double[][] X = {{1, 2}, {-1, 0.5}};
    static final double[][] Y = {{1}, {0}};
    static final double[][] W0 = {{0.5, -0.2}, {-1, -1}, {0.3, 0.8}};
    static final double[] B0 = {0.1, -0.5, 0};
    static final double[][] W1 = {{1, 0.5, -0.5}, {0.2, 0.1, 0.4}};
    static final double[] B1 = {0, 0.1};
    static final double[][] W2 = {{1.5, -2}};
    static final double[] B2 = {0.3};

    /** Linear(2, 3), ReLU, Linear(3, 2), ReLU, Linear(2, 1) in float64 with the weights above. */
    static Sequential mlp() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            Sequential m = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 2), new ReLU(), new Linear(2, 1));
            try (Scope _ = GradMode.noGrad()) {
                set(m, "0", W0, B0);
                set(m, "2", W1, B1);
                set(m, "4", W2, B2);
            }
            return m;
        }
    }

    private static void set(Module m, String layer, double[][] w, double[] b) {
        m.namedParameters().get(layer + ".weight").copyFrom(Tensor.of(w));
        m.namedParameters().get(layer + ".bias").copyFrom(Tensor.of(b));
    }

    private static Tensor loss(Module m) {
        return new MSELoss().forward(m.call(Tensor.of(X)), Tensor.of(Y));
    }

    // ---------------------------------------------------------------- the backward pass by hand

    static double[][] affine(double[][] x, double[][] w, double[] b) {
        double[][] out = new double[x.length][w.length];
        for (int n = 0; n < x.length; n++) {
            for (int o = 0; o < w.length; o++) {
                out[n][o] = b[o];
                for (int i = 0; i < w[o].length; i++) {
                    out[n][o] += x[n][i] * w[o][i];
                }
            }
        }
        return out;
    }

    static double[][] relu(double[][] h) {
        double[][] out = new double[h.length][];
        for (int n = 0; n < h.length; n++) {
            out[n] = java.util.Arrays.stream(h[n]).map(v -> Math.max(v, 0)).toArray();
        }
        return out;
    }

    /** {@code {dW, db, dx}} of {@code y = x W^T + b} given {@code dy}. */
    static double[][][] affineBackward(double[][] x, double[][] w, double[][] dy) {
        double[][] dw = new double[w.length][w[0].length];
        double[][] db = {new double[w.length]};
        double[][] dx = new double[x.length][x[0].length];
        for (int n = 0; n < x.length; n++) {
            for (int o = 0; o < w.length; o++) {
                db[0][o] += dy[n][o];
                for (int i = 0; i < w[0].length; i++) {
                    dw[o][i] += dy[n][o] * x[n][i];
                    dx[n][i] += dy[n][o] * w[o][i];
                }
            }
        }
        return new double[][][] {dw, db, dx};
    }

    static double[][] reluBackward(double[][] h, double[][] dy) {
        double[][] out = new double[h.length][h[0].length];
        for (int n = 0; n < h.length; n++) {
            for (int j = 0; j < h[0].length; j++) {
                out[n][j] = h[n][j] > 0 ? dy[n][j] : 0;
            }
        }
        return out;
    }

    /** Layer gradients {@code {dW0, db0, dW1, db1, dW2, db2}}, and the first pre-activation in {@code h0[0]}. */
    static double[][][] handGradients(double[][][] h0) {
        double[][] h = affine(X, W0, B0);
        double[][] a = relu(h);
        double[][] h1 = affine(a, W1, B1);
        double[][] a1 = relu(h1);
        double[][] out = affine(a1, W2, B2);
        double[][] dOut = new double[2][1];
        for (int n = 0; n < 2; n++) {
            dOut[n][0] = 2 * (out[n][0] - Y[n][0]) / 2;      // d mean((out - y)^2) over 2 elements
        }
        double[][][] l2 = affineBackward(a1, W2, dOut);
        double[][][] l1 = affineBackward(a, W1, reluBackward(h1, l2[2]));
        double[][][] l0 = affineBackward(X, W0, reluBackward(h, l1[2]));
        h0[0] = h;
        return new double[][][] {l0[0], l0[1], l1[0], l1[1], l2[0], l2[1]};
    }

    static double squares(double[][]... ms) {
        double s = 0;
        for (double[][] m : ms) {
            for (double[] r : m) {
                for (double v : r) {
                    s += v * v;
                }
            }
        }
        return s;
    }

    static double[] flat(double[][]... ms) {
        return java.util.Arrays.stream(ms).flatMap(java.util.Arrays::stream).flatMapToDouble(java.util.Arrays::stream)
                .toArray();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void gradientAndWeightNumbersMatchTheHandComputation() {
        Sequential m = mlp();
        double[][][] h0 = new double[1][][];
        double[][][] g = handGradients(h0);
        try (GradientMonitor monitor = GradientMonitor.attach(m)) {
            loss(m).backward();
            GradientSnapshot s = monitor.record(7);

            assertThat(s.step()).isEqualTo(7);
            assertThat(s.layers()).extracting(LayerStats::path).containsExactly("0", "2", "4");
            assertThat(s.layers()).extracting(LayerStats::type).containsOnly("Linear");
            double[][][][] weights = {{W0, {B0}}, {W1, {B1}}, {W2, {B2}}};
            for (int k = 0; k < 3; k++) {
                LayerStats l = s.layers().get(k);
                double[] all = flat(g[2 * k], g[2 * k + 1]);
                assertThat(l.gradNorm()).as("layer %s gradient norm", l.path())
                        .isCloseTo(Math.sqrt(squares(g[2 * k], g[2 * k + 1])), within(1e-12));
                assertThat(l.gradMeanAbs()).isCloseTo(java.util.Arrays.stream(all).map(Math::abs).average()
                        .orElseThrow(), within(1e-12));
                assertThat(l.gradMaxAbs()).isCloseTo(java.util.Arrays.stream(all).map(Math::abs).max()
                        .orElseThrow(), within(1e-12));
                assertThat(l.weightNorm()).isCloseTo(Math.sqrt(squares(weights[k])), within(1e-12));
                assertThat(l.updateRatio()).as("no previous record").isNaN();
                assertThat(l.nonFiniteGrads()).isZero();
                assertThat(l.parameters()).containsExactly(l.path() + ".weight", l.path() + ".bias");
            }
            ParameterStats w0 = s.parameters().getFirst();
            assertThat(w0.name()).isEqualTo("0.weight");
            assertThat(w0.gradNorm()).isCloseTo(Math.sqrt(squares(g[0])), within(1e-12));
            assertThat(w0.weightNorm()).isCloseTo(Math.sqrt(squares(W0)), within(1e-12));
            assertThat(s.healthy()).as(s.toString()).isTrue();

            // activations: the first Linear's output h0 and the ReLU after it, whose second unit is 0 for both rows
            ActivationStats first = s.activation("0");
            double[] h = flat(h0[0]);
            double mean = java.util.Arrays.stream(h).average().orElseThrow();
            assertThat(first.mean()).isCloseTo(mean, within(1e-12));
            assertThat(first.std()).isCloseTo(Math.sqrt(java.util.Arrays.stream(h).map(v -> (v - mean) * (v - mean))
                    .sum() / h.length), within(1e-12));
            assertThat(first.min()).isCloseTo(-3.5, within(1e-12));
            assertThat(first.max()).isCloseTo(1.9, within(1e-12));
            assertThat(first.zeroFraction()).as("h0[1][1] = 1 - 0.5 - 0.5").isEqualTo(1.0 / 6);
            assertThat(first.deadFraction()).as("not a ReLU").isNaN();
            assertThat(first.histogram().total()).isEqualTo(6);
            ActivationStats relu = s.activation("1");
            assertThat(relu.deadFraction()).isEqualTo(1.0 / 3);
            assertThat(relu.zeroFraction()).isEqualTo(0.5);
            assertThat(s.activations()).extracting(ActivationStats::path).containsExactly("0", "1", "2", "3", "4");
        }
    }

    @Test
    void updateToWeightRatioComparesTwoRecords() {
        Sequential m = mlp();
        try (GradientMonitor monitor = GradientMonitor.attach(m)) {
            loss(m).backward();
            monitor.record(0);
            try (Scope _ = GradMode.noGrad()) {
                for (Parameter p : m.parameters()) {
                    p.mulInPlace(1.1);
                }
                m.namedParameters().get("4.bias").addInPlace(Tensor.of(0.3));   // 0.3 -> 0.33 + 0.3
            }
            GradientSnapshot s = monitor.record(1);
            assertThat(s.layer("0").updateRatio()).isCloseTo(0.1, within(1e-12));
            assertThat(s.layer("2").updateRatio()).isCloseTo(0.1, within(1e-12));
            assertThat(s.parameters().get(4).updateRatio()).as("4.weight").isCloseTo(0.1, within(1e-12));
            assertThat(s.parameters().get(5).updateRatio()).as("4.bias: |0.63 - 0.3| / 0.3")
                    .isCloseTo(1.1, within(1e-12));
            double expected = Math.sqrt(squares(W2) * 0.01 + 0.33 * 0.33) / Math.sqrt(squares(W2) + 0.09);
            assertThat(s.layer("4").updateRatio()).isCloseTo(expected, within(1e-12));
        }
    }

    /** Declared out first, called hidden first. */
    static final class Backwards extends Module {
        final Linear out = new Linear(4, 1);
        final Linear hidden = new Linear(3, 4);

        @Override
        public Tensor forward(Tensor x) {
            return out.call(hidden.call(x).relu());
        }
    }

    @Test
    void layersAreInTheOrderTheForwardPassCalledThem() {
        Backwards m = new Backwards();
        try (GradientMonitor monitor = GradientMonitor.attach(m)) {
            m.call(Tensor.randn(5, 3)).sum().backward();
            assertThat(monitor.record(0).layers()).extracting(LayerStats::path).containsExactly("hidden", "out");
        }
        GradientSnapshot inspected = GradientMonitor.inspect(m);
        assertThat(inspected.layers()).as("no hooks: declaration order").extracting(LayerStats::path)
                .containsExactly("out", "hidden");
        assertThat(inspected.activations()).isEmpty();
        assertThat(inspected.layer("hidden").gradNorm()).isPositive();
    }

    @Test
    void historyIsBoundedAndCloseEndsRecording() {
        Sequential m = mlp();
        GradientMonitor monitor = GradientMonitor.attach(m, MonitorOptions.DEFAULT.withHistorySize(3));
        assertThatThrownBy(monitor::latest).hasMessageContaining("nothing recorded yet");
        loss(m).backward();
        for (int step = 0; step < 5; step++) {
            monitor.record(step);
        }
        assertThat(monitor.history()).extracting(GradientSnapshot::step).containsExactly(2L, 3L, 4L);
        assertThat(monitor.latest().step()).isEqualTo(4);
        monitor.close();
        assertThat(monitor.history()).hasSize(3);
        assertThatThrownBy(() -> monitor.record(5)).isInstanceOf(IllegalStateException.class)
                .hasMessage("GradientMonitor.record(5): the monitor of Sequential was closed");
    }

    @Test
    void missingGradientsAreNamed() {
        Sequential m = mlp();
        GradientSnapshot before = GradientMonitor.inspect(m);
        assertThat(before.warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(GradientWarning.Kind.NO_GRADIENT);
            assertThat(w.message()).isEqualTo("no parameter of Sequential has a gradient: record after "
                    + "loss.backward() and before zeroGrad()");
        });
        Backwards unused = new Backwards();
        unused.out.call(Tensor.randn(2, 4)).sum().backward();
        assertThat(GradientMonitor.inspect(unused).warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(GradientWarning.Kind.NO_GRADIENT);
            assertThat(w.layer()).isEqualTo("hidden");
            assertThat(w.message()).startsWith("layer 'hidden' (Linear) received no gradient");
        });
    }

    @Test
    void lookupsAndOptionsNameWhatIsWrong() {
        Sequential m = mlp();
        loss(m).backward();
        GradientSnapshot s = GradientMonitor.inspect(m);
        assertThatThrownBy(() -> s.layer("1")).hasMessage("GradientSnapshot.layer: no layer '1'; the layers are "
                + "[0, 2, 4]");
        assertThatThrownBy(() -> s.activation("0")).hasMessageContaining("no activation of '0'")
                .hasMessageContaining("attach before the forward pass");
        assertThatThrownBy(() -> MonitorOptions.DEFAULT.withExplodingThreshold(-1))
                .hasMessage("MonitorOptions: explodingThreshold must be a finite number > 0, got -1.0");
        assertThatThrownBy(() -> MonitorOptions.DEFAULT.withVanishingThreshold(1e4))
                .hasMessage("MonitorOptions: vanishingThreshold 10000.0 must be below explodingThreshold 1000.0");
        assertThatThrownBy(() -> MonitorOptions.DEFAULT.withHistogramBins(0))
                .hasMessage("MonitorOptions: histogramBins must be >= 1, got 0");
        assertThat(s.toString()).startsWith("GradientSnapshot step 0: 3 layers, healthy")
                .contains("grad norm", "update/weight", "Linear");
        assertThat(List.of(s.toString().split("\n"))).hasSize(5);
    }
}
