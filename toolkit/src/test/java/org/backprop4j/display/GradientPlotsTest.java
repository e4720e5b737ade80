package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.diagnostics.GradientMonitor;
import org.backprop4j.diagnostics.GradientSnapshot;
import org.backprop4j.diagnostics.LayerStats;
import org.backprop4j.diagnostics.MonitorOptions;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

class GradientPlotsTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    private static Sequential model() {
        Rng.global().reseed(11);
        return new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3), new ReLU(), new Linear(3, 1));
    }

    /** {@code steps} records of a few plain gradient-descent steps. */
    private static GradientMonitor trained(Module m, int steps, MonitorOptions options) {
        GradientMonitor monitor = GradientMonitor.attach(m, options);
        Tensor x = Tensor.randn(Rng.seeded(12), 16, 4);
        for (int step = 0; step < steps; step++) {
            m.zeroGrad();
            m.call(x).square().mean().backward();
            monitor.record(step);
            try (Scope _ = GradMode.noGrad()) {
                for (Parameter p : m.parameters()) {
                    p.addInPlace(p.grad(), -0.1);
                }
            }
        }
        return monitor;
    }

    private static List<Double> ys(CategoryChart chart, String series) {
        return chart.getSeriesMap().get(series).getYData().stream().map(Number::doubleValue).toList();
    }

    private static List<String> xs(CategoryChart chart) {
        return chart.getSeriesMap().get("max |g|").getXData().stream().map(String::valueOf).toList();
    }

    @Test
    void gradientFlowShowsEachLayersMeanAndMaxOnALogAxis(@TempDir Path dir) throws IOException {
        try (GradientMonitor monitor = trained(model(), 2, MonitorOptions.DEFAULT)) {
            GradientSnapshot s = monitor.latest();
            CategoryChart chart = GradientPlots.flow(s);
            assertThat(chart.getTitle()).isEqualTo("Gradient flow, step 1");
            assertThat(chart.getStyler().isYAxisLogarithmic()).isTrue();
            assertThat(chart.getSeriesMap()).containsOnlyKeys("max |g|", "mean |g|");
            assertThat(xs(chart)).containsExactly("0 Linear", "2 Linear",
                    "4 Linear");
            assertThat(ys(chart, "mean |g|")).isEqualTo(s.layers().stream().map(LayerStats::gradMeanAbs).toList());
            assertThat(ys(chart, "max |g|")).isEqualTo(s.layers().stream().map(LayerStats::gradMaxAbs).toList());

            Display.save(chart, dir.resolve("flow.png"));
            Display.save(chart, dir.resolve("flow.svg"));
            assertThat(Files.readAllBytes(dir.resolve("flow.png"))).startsWith(PNG_SIGNATURE);
            assertThat(Files.readString(dir.resolve("flow.svg"))).contains("<svg", "<path");   // XChart draws text as paths
        }
    }

    @Test
    void zeroAndNanGradientsAreDrawnAtTheFloorAndLabelled() {
        Sequential m = model();
        m.namedParameters().get("2.weight").registerHook(g -> g.mul(Double.NaN));
        m.namedParameters().get("4.weight").registerHook(g -> g.mul(0));
        m.namedParameters().get("4.bias").registerHook(g -> g.mul(0));
        m.call(Tensor.randn(Rng.seeded(13), 5, 4)).sum().backward();
        GradientSnapshot s = GradientMonitor.inspect(m);
        CategoryChart chart = GradientPlots.flow(s);
        assertThat(xs(chart)).containsExactly("0 Linear",
                "2 Linear (NaN/inf)", "4 Linear (zero)");
        double floor = chart.getStyler().getYAxisMin();
        assertThat(floor).isPositive().isCloseTo(s.layer("0").gradMeanAbs() / 10, org.assertj.core.api.Assertions
                .withinPercentage(1e-9));
        assertThat(ys(chart, "max |g|")).containsExactly(s.layer("0").gradMaxAbs(), floor, floor);
        assertThat(ChartRenderer.png(chart, 1)).as("a log axis with a positive floor draws").startsWith(
                PNG_SIGNATURE);
    }

    @Test
    void normHeatmapHasARowPerLayerAndGroupsLongHistories(@TempDir Path dir) throws IOException {
        try (GradientMonitor monitor = trained(model(), 3, MonitorOptions.DEFAULT)) {
            GradientHeatmap h = GradientPlots.normHeatmap(monitor.history());
            assertThat(h.rows()).containsExactly("0", "2", "4");
            assertThat(h.columns()).isEqualTo(3);
            assertThat(h.toString()).startsWith("Gradient norm heatmap: 3 layers x 3 snapshots (steps 0 to 2)");
            Display.save(h, dir.resolve("norms.png"));
            assertThat(Files.readAllBytes(dir.resolve("norms.png"))).startsWith(PNG_SIGNATURE);
        }
        Sequential m = model();
        try (GradientMonitor monitor = GradientMonitor.attach(m, MonitorOptions.DEFAULT.withHistorySize(1000)
                .withTrackUpdates(false).withActivations(false))) {
            m.call(Tensor.randn(Rng.seeded(14), 2, 4)).sum().backward();
            for (int step = 0; step < 900; step++) {
                monitor.record(step);
            }
            GradientHeatmap h = GradientPlots.normHeatmap(monitor.history());
            assertThat(h.columns()).as("900 snapshots, 3 to a column").isEqualTo(300);
            assertThat(h.toMimeBundle().metadata(MimeBundle.PNG).get("width")).isInstanceOf(Integer.class);
        }
        assertThatThrownBy(() -> GradientPlots.normHeatmap(List.of()))
                .hasMessage("GradientPlots.normHeatmap: no snapshots; record(step) after each backward pass first");
    }

    @Test
    void updateRatiosNeedTwoRecordsWithAChangeBetween() {
        try (GradientMonitor once = trained(model(), 1, MonitorOptions.DEFAULT)) {
            assertThatThrownBy(() -> GradientPlots.updateRatios(once.history()))
                    .hasMessageStartingWith("GradientPlots.updateRatios: none of the 1 snapshots has an update ratio");
        }
        try (GradientMonitor monitor = trained(model(), 4, MonitorOptions.DEFAULT)) {
            XYChart chart = GradientPlots.updateRatios(monitor.history());
            assertThat(chart.getSeriesMap()).containsOnlyKeys("0", "2", "4");
            assertThat(chart.getSeriesMap().get("0").getXData()).containsExactly(1.0, 2.0, 3.0);
            double[] y = chart.getSeriesMap().get("2").getYData();
            assertThat(y[y.length - 1]).isEqualTo(monitor.latest().layer("2").updateRatio());
        }
    }

    @Test
    void activationHistogramsHaveAPanelPerHookedModuleInCallOrder(@TempDir Path dir) throws IOException {
        try (GradientMonitor monitor = trained(model(), 1, MonitorOptions.DEFAULT)) {
            ActivationHistograms a = GradientPlots.activations(monitor.latest());
            assertThat(a.panels()).extracting(x -> x.path()).containsExactly("0", "1", "2", "3", "4");
            assertThat(a.toString()).contains("'1' (ReLU) [16, 8]: range [0, ").contains("dead units");
            Display.save(a, dir.resolve("acts.png"));
            assertThat(Files.readAllBytes(dir.resolve("acts.png"))).startsWith(PNG_SIGNATURE);
        }
        Sequential m = model();
        m.call(Tensor.randn(2, 4)).sum().backward();
        assertThatThrownBy(() -> GradientPlots.activations(GradientMonitor.inspect(m)))
                .hasMessageContaining("holds no activations; attach the GradientMonitor before the forward pass");
    }

    @Test
    void snapshotsAndMonitorsShowThemselves(@TempDir Path dir) throws IOException {
        Sequential m = model();
        try (GradientMonitor monitor = GradientMonitor.attach(m)) {
            assertThat(Display.bundle(monitor).plainText()).isEqualTo("GradientMonitor of Sequential: nothing "
                    + "recorded yet");
            m.namedParameters().get("0.bias").registerHook(g -> g.mul(Double.POSITIVE_INFINITY));
            m.call(Tensor.randn(Rng.seeded(15), 3, 4)).sum().backward();
            GradientSnapshot s = monitor.record(5);
            MimeBundle b = Display.bundle(s);
            assertThat(b.mimeTypes()).containsExactly(MimeBundle.PLAIN, MimeBundle.HTML, MimeBundle.PNG);
            assertThat(b.plainText()).isEqualTo(s.toString());
            assertThat(b.text(MimeBundle.HTML)).contains("Gradients, step 5", "NON_FINITE: layer &#39;0&#39; (Linear)",
                    "data:image/png;base64,", "background:#fde8e8");
            assertThat(Display.bundle(s, MimeBundle.SVG).text(MimeBundle.SVG)).contains("<svg");
            Display.save(s, dir.resolve("step5.png"));
            assertThat(Files.readAllBytes(dir.resolve("step5.png"))).startsWith(PNG_SIGNATURE);

            MimeBundle mb = Display.bundle(monitor);
            assertThat(mb.plainText()).startsWith("GradientMonitor of Sequential: 1 snapshots, steps 5 to 5\n"
                    + "GradientSnapshot step 5");
            assertThat(mb.text(MimeBundle.HTML)).contains("Gradients, step 5");
            assertThat(mb.binary(MimeBundle.PNG)).startsWith(PNG_SIGNATURE);
        }
    }
}
