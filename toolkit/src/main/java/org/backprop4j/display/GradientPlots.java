package org.backprop4j.display;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.diagnostics.GradientMonitor;
import org.backprop4j.diagnostics.GradientSnapshot;
import org.backprop4j.diagnostics.LayerStats;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Pictures of what a {@link GradientMonitor} recorded: the gradient flow through the layers at one step, the
 * per-layer gradient norm over steps as a heatmap, update-to-weight ratios over steps, and activation histograms.
 * Each is shown inline in a notebook and saved with {@link Display#save}.
 *
 * {@snippet file="TrainSnippets.java" region="gradient-plots"}
 */
public final class GradientPlots {
    private GradientPlots() {
    }

    /**
     * Mean and largest absolute gradient of each layer, input side on the left, on a logarithmic axis (bars of the
     * largest behind those of the mean). A zero, NaN or infinite value cannot be drawn on a log axis: it is drawn
     * at the bottom of the axis and its layer's label says {@code zero} or {@code NaN/inf}.
     *
     * @throws IllegalArgumentException if the snapshot has no layers
     */
    public static CategoryChart flow(GradientSnapshot snapshot) {
        List<LayerStats> layers = snapshot.layers();
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("GradientPlots.flow: the snapshot of step " + snapshot.step()
                    + " has no layers (the model has no parameters)");
        }
        double smallest = Double.POSITIVE_INFINITY;
        for (LayerStats l : layers) {
            for (double v : new double[] {l.gradMeanAbs(), l.gradMaxAbs()}) {
                if (v > 0 && Double.isFinite(v)) {
                    smallest = Math.min(smallest, v);
                }
            }
        }
        double floor = Double.isFinite(smallest) ? smallest / 10 : 1e-12;
        List<String> names = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> maxes = new ArrayList<>();
        for (LayerStats l : layers) {
            String label = (l.path().isEmpty() ? "(model)" : l.path()) + " " + l.type();
            boolean drawable = l.gradMaxAbs() > 0 && Double.isFinite(l.gradMaxAbs());
            if (!l.hasGradient()) {
                label += " (no grad)";
            } else if (!Double.isFinite(l.gradMaxAbs())) {
                label += " (NaN/inf)";
            } else if (!drawable) {
                label += " (zero)";
            }
            names.add(label);
            means.add(drawable && l.gradMeanAbs() > 0 ? l.gradMeanAbs() : floor);
            maxes.add(drawable ? l.gradMaxAbs() : floor);
        }
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title("Gradient flow, step " + snapshot.step()).xAxisTitle("layer (input to output)")
                .yAxisTitle("|gradient|").build();
        Plots.styled(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(floor);   // bars would start at 0, which a log axis cannot show
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(layers.size() > 6 ? 60 : 0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setSeriesColors(new Color[] {new Color(0x56B4E9), new Color(0x0072B2)});
        chart.addSeries("max |g|", names, maxes);
        chart.addSeries("mean |g|", names, means);
        return chart;
    }

    /**
     * Each layer's gradient norm (log10, colour) at each recorded step: rows are layers, input side at the top;
     * columns are snapshots, averaged in groups when there are more than fit.
     *
     * @throws IllegalArgumentException if {@code history} is empty
     */
    public static GradientHeatmap normHeatmap(List<GradientSnapshot> history) {
        return GradientHeatmap.of(history);
    }

    /**
     * Each layer's update-to-weight ratio {@code ||w_t - w_(t-1)|| / ||w_(t-1)||} over steps, on a log axis;
     * around 1e-3 is the usual healthy range (much smaller: learning too slowly, much larger: unstable).
     *
     * @throws IllegalArgumentException unless some snapshot has a positive finite ratio (a second record with
     *                                  {@code trackUpdates} on, after weights changed)
     */
    public static XYChart updateRatios(List<GradientSnapshot> history) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (GradientSnapshot s : history) {
            for (LayerStats l : s.layers()) {
                if (l.updateRatio() > 0 && Double.isFinite(l.updateRatio())) {
                    series.computeIfAbsent(l.path().isEmpty() ? "(model)" : l.path(), k -> new ArrayList<>())
                            .add(new double[] {s.step(), l.updateRatio()});
                }
            }
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("GradientPlots.updateRatios: none of the " + history.size()
                    + " snapshots has an update ratio; record at least twice, with weights changed in between and "
                    + "MonitorOptions.trackUpdates on");
        }
        XYChart chart = Plots.line("Update / weight", "step", "||update|| / ||weight||");
        chart.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
        }
        chart.getStyler().setLegendVisible(series.size() > 1);
        return chart;
    }

    /**
     * Histograms of the latest output of every module the monitor hooked, in call order, with each one's range,
     * fraction of zeros and, for ReLU modules, fraction of dead units.
     *
     * @throws IllegalArgumentException if the snapshot holds no activations (monitor attached after the forward
     *                                  pass, or activations turned off)
     */
    public static ActivationHistograms activations(GradientSnapshot snapshot) {
        return ActivationHistograms.of(snapshot);
    }
}
