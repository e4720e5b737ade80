package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class RoundTicksTest {
    /**
     * The x tick values of the chart's last tick layout, read through the label formatter XChart calls for each tick
     * of each layout it tries (a layout starts again at the low end; the last one tried is drawn). XChart also formats
     * candidates just outside the data's range and drops them; so do we.
     */
    private static List<Double> xTicks(XYChart chart, Runnable draw) {
        List<List<Double>> layouts = new ArrayList<>();
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            if (layouts.isEmpty() || v <= layouts.getLast().getLast()) {
                layouts.add(new ArrayList<>());
            }
            layouts.getLast().add(v);
            return String.format("%,.0f", v);
        });
        draw.run();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double x : s.getXData()) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        double lo = min;
        double hi = max;
        return layouts.getLast().stream().filter(t -> t >= lo && t <= hi).toList();
    }

    private static double[] decay(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.exp(-i / 500.0);
        }
        return y;
    }

    /** Evenly spaced ticks whose step is 1, 2, 2.5 or 5 times a power of ten, each a multiple of the step. */
    private static boolean round(List<Double> ticks) {
        if (ticks.size() < 2) {
            return false;
        }
        double step = ticks.get(1) - ticks.get(0);
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        if (List.of(1.0, 2.0, 2.5, 5.0).stream().noneMatch(m -> Math.abs(m - mantissa) < 1e-9)) {
            return false;
        }
        for (int i = 0; i < ticks.size(); i++) {
            double t = ticks.get(i);
            if (Math.abs(t / step - Math.rint(t / step)) > 1e-9 || i > 0 && Math.abs(t - ticks.get(i - 1) - step) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aLongLossCurveGetsRoundTicksWhereXChartAloneTakesEveryKthStep() {
        XYChart alone = Plots.line("loss", decay(2151));
        BufferedImage image = new BufferedImage(Plots.WIDTH, Plots.HEIGHT, BufferedImage.TYPE_INT_ARGB);
        List<Double> xchart = xTicks(alone, () -> alone.paint(image.createGraphics(), Plots.WIDTH, Plots.HEIGHT));
        assertThat(round(xchart)).as("XChart's own ticks %s", xchart).isFalse();   // what RoundTicks is for

        XYChart chart = Plots.line("loss", decay(2151));
        List<Double> ticks = xTicks(chart, () -> Display.bundle(chart));
        assertThat(round(ticks)).as("ticks %s", ticks).isTrue();
        assertThat(ticks.getFirst()).isEqualTo(0.0);
        assertThat(ticks.getLast()).isBetween(1500.0, 2200.0);
        List<Double> svg = xTicks(chart, () -> ChartRenderer.svg(chart));
        assertThat(svg).isEqualTo(ticks);
    }

    @Test
    void fewValuesKeepTheirTicksOnTheData() {
        XYChart epochs = Plots.line("accuracy", "epoch", "accuracy", new double[] {1, 2, 3, 4, 5},
                new double[] {0.5, 0.7, 0.8, 0.85, 0.9});
        assertThat(RoundTicks.needsRoundTicks(epochs)).isFalse();
        List<Double> ticks = xTicks(epochs, () -> Display.bundle(epochs));
        assertThat(ticks).allMatch(t -> t == Math.rint(t));   // no 1.5 epochs
    }

    @Test
    void unevenValuesAreLeftToXChart() {
        XYChart uneven = Plots.line("y", "x", "y", new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12.5},
                new double[12]);
        assertThat(RoundTicks.needsRoundTicks(uneven)).isFalse();
        XYChart log = Plots.line("loss", decay(2151));
        log.getStyler().setXAxisLogarithmic(true);
        assertThat(RoundTicks.needsRoundTicks(log)).isFalse();
        // two series on the same steps are one set of x values, as XChart counts them
        XYChart two = Plots.line("loss", "step", "loss", Map.of("train", decay(300), "validation", decay(300)));
        assertThat(RoundTicks.needsRoundTicks(two)).isTrue();
    }

    @Test
    void drawingLeavesTheChartAsItWas() {
        XYChart chart = Plots.line("loss", decay(2151));
        XYChart twin = Plots.line("loss", decay(2151));
        Display.bundle(chart);
        assertThat(chart.getSeriesMap()).containsOnlyKeys("loss");
        assertThat(chart.getStyler().isLegendVisible()).isFalse();
        // a series added after drawing gets the colour it would have had: the hidden series took none
        XYSeries later = chart.addSeries("later", new double[] {0, 1}, new double[] {1, 0});
        XYSeries twinLater = twin.addSeries("later", new double[] {0, 1}, new double[] {1, 0});
        Display.bundle(chart);
        Display.bundle(twin);
        assertThat(later.getLineColor()).isNotNull().isEqualTo(twinLater.getLineColor());
        assertThat(chart.getSeriesMap()).containsOnlyKeys("loss", "later");
    }
}
