package org.backprop4j.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.diagnostics.GradientWarning.Kind;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Sigmoid;
import org.backprop4j.nn.Tanh;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Vanishing, exploding and non-finite gradients, each flagged at the layers that the gradients themselves (read
 * straight from {@code grad()}, not from the monitor) say are the right ones.
 */
class GradientFlagsTest {
    /** {@code depth} x (Linear(width, width), activation) with weights N(0, std^2) and zero biases. */
    private static Sequential deep(int depth, int width, double std, java.util.function.Supplier<Module> activation) {
        Sequential m = new Sequential();
        Rng rng = Rng.seeded(3);
        for (int i = 0; i < depth; i++) {
            Linear l = new Linear(width, width);
            try (Scope _ = GradMode.noGrad()) {
                Init.normal(l.weight(), 0, std, rng);
                Init.zeros(l.bias());
            }
            m.add(l).add(activation.get());
        }
        return m;
    }

    /** Each Linear's gradient norm over weight and bias together, by path, in forward order. */
    private static Map<String, Double> layerNorms(Module m) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : m.namedModules().entrySet()) {
            if (e.getValue() instanceof Linear l) {
                double w = l.weight().grad().norm().item();
                double b = l.bias().grad().norm().item();
                out.put(e.getKey(), Math.sqrt(w * w + b * b));
            }
        }
        return out;
    }

    private static Set<String> flagged(GradientSnapshot s, Kind kind) {
        return new TreeSet<>(s.warnings(kind).stream().map(GradientWarning::layer).toList());
    }

    @Test
    void tenSigmoidLayersWithASmallInitAreFlaggedVanishingWhereTheNormFallsFourOrdersBelowTheLast() {
        Sequential m = deep(10, 16, 0.05, Sigmoid::new);
        try (GradientMonitor monitor = GradientMonitor.attach(m)) {
            m.call(Tensor.randn(Rng.seeded(4), 8, 16)).sum().backward();
            GradientSnapshot s = monitor.record(0);

            Map<String, Double> norms = layerNorms(m);
            List<String> paths = new ArrayList<>(norms.keySet());
            double last = norms.get(paths.getLast());
            String crossing = null;
            for (int i = paths.size() - 2; i >= 0 && crossing == null; i--) {
                crossing = norms.get(paths.get(i)) < last * 1e-4 ? paths.get(i) : null;
            }
            assertThat(crossing).as("the net vanishes somewhere in the middle: %s", norms)
                    .isNotNull().isNotIn(paths.getFirst(), paths.getLast());
            Set<String> expected = new TreeSet<>();
            expected.add(crossing);
            norms.forEach((path, norm) -> {
                if (norm < 1e-7) {
                    expected.add(path);
                }
            });
            assertThat(flagged(s, Kind.VANISHING)).isEqualTo(expected);
            String c = crossing;
            assertThat(s.warnings(Kind.VANISHING)).filteredOn(w -> w.layer().equals(c)).singleElement()
                    .satisfies(w -> assertThat(w.message()).startsWith("layer '" + c + "' (Linear): gradient norm ")
                            .contains("orders of magnitude below the last layer '" + paths.getLast()
                                    + "' (Linear), whose norm is "));
            assertThat(s.warnings()).extracting(GradientWarning::kind).containsOnly(Kind.VANISHING);
            for (String path : paths) {
                assertThat(s.layer(path).gradNorm()).isCloseTo(norms.get(path),
                        org.assertj.core.api.Assertions.withinPercentage(1e-3));
            }
        }
    }

    @Test
    void theAbsoluteThresholdAloneFlagsEveryLayerBelowIt() {
        Sequential m = deep(6, 8, 0.05, Tanh::new);
        m.call(Tensor.randn(Rng.seeded(5), 4, 8)).sum().backward();
        Map<String, Double> norms = layerNorms(m);
        double threshold = norms.get("4") * 1.001;   // the third of six layers and, if they shrink, those before
        MonitorOptions o = MonitorOptions.DEFAULT.withVanishingThreshold(threshold).withVanishingOrders(300);
        try (GradientMonitor monitor = GradientMonitor.attach(m, o)) {
            GradientSnapshot s = monitor.record(0);
            Set<String> expected = new TreeSet<>();
            norms.forEach((path, norm) -> {
                if (norm < threshold) {
                    expected.add(path);
                }
            });
            assertThat(expected).as("norms %s", norms).contains("0", "4").doesNotContain("10");
            assertThat(flagged(s, Kind.VANISHING)).isEqualTo(expected);
        }
    }

    @Test
    void aLargeInitIsFlaggedExplodingAtTheLayersOverTheThreshold() {
        Sequential m = deep(5, 16, 3.0, ReLU::new);
        try (GradientMonitor monitor = GradientMonitor.attach(m)) {
            m.call(Tensor.randn(Rng.seeded(6), 8, 16)).sum().backward();
            GradientSnapshot s = monitor.record(3);
            Set<String> expected = new TreeSet<>();
            layerNorms(m).forEach((path, norm) -> {
                if (norm > 1e3) {
                    expected.add(path);
                }
            });
            assertThat(expected).as("norms %s", layerNorms(m)).contains("0");
            assertThat(flagged(s, Kind.EXPLODING)).isEqualTo(expected);
            assertThat(s.warnings(Kind.EXPLODING)).filteredOn(w -> w.layer().equals("0")).singleElement()
                    .satisfies(w -> assertThat(w.message()).startsWith("layer '0' (Linear): gradient norm ")
                            .contains("is above the exploding threshold 1.00e+03"));
        }
    }

    @Test
    void aNanGradientIsFlaggedWithTheLayerAndParameterThatHoldIt() {
        Sequential m = deep(3, 4, 0.5, ReLU::new);
        m.namedParameters().get("2.weight").registerHook(g -> g.mul(Double.NaN));
        try (GradientMonitor monitor = GradientMonitor.attach(m)) {
            m.call(Tensor.randn(Rng.seeded(7), 2, 4)).sum().backward();
            GradientSnapshot s = monitor.record(0);
            assertThat(s.warnings()).singleElement().satisfies(w -> {
                assertThat(w.kind()).isEqualTo(Kind.NON_FINITE);
                assertThat(w.layer()).isEqualTo("2");
                assertThat(w.message()).isEqualTo("layer '2' (Linear): 16 gradient elements are NaN or infinite "
                        + "(in 2.weight); lower the learning rate, clip gradients, or look for log(0) and "
                        + "0/0 in the loss");
            });
            assertThat(s.layer("2").gradNorm()).isNaN();
            assertThat(s.parameters()).filteredOn(p -> p.name().equals("2.weight")).singleElement()
                    .satisfies(p -> assertThat(p.nonFiniteGrads()).isEqualTo(16));
        }
    }

    @Test
    void anInfiniteLossFlagsEveryLayer() {
        Sequential m = deep(3, 4, 0.5, ReLU::new);
        try (GradientMonitor monitor = GradientMonitor.attach(m)) {
            m.call(Tensor.randn(Rng.seeded(8), 2, 4)).mul(Double.POSITIVE_INFINITY).sum().backward();
            GradientSnapshot s = monitor.record(0);
            assertThat(flagged(s, Kind.NON_FINITE)).containsExactly("0", "2", "4");
            assertThat(s.activation("5").nonFinite()).as("the last ReLU's output is finite").isZero();
        }
    }
}
