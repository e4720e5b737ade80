package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Font;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class PlotsTest {
    @Test
    void lineChartsHaveTitlesLabelsAndALegendOnlyForSeveralSeries() {
        XYChart one = Plots.line("Loss", new double[] {3, 2, 1});
        assertThat(one.getTitle()).isEqualTo("Loss");
        assertThat(one.getXAxisTitle()).isEqualTo("step");
        assertThat(one.getSeriesMap()).containsOnlyKeys("Loss");
        assertThat(one.getSeriesMap().get("Loss").getXData()).containsExactly(0.0, 1.0, 2.0);
        assertThat(one.getStyler().isLegendVisible()).isFalse();
        assertThat(one.getWidth()).isEqualTo(Plots.WIDTH);

        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train", new double[] {1, 0.5});
        series.put("validation", new double[] {1.2, 0.8});
        XYChart two = Plots.line("Loss", "epoch", "loss", series);
        assertThat(two.getSeriesMap()).containsOnlyKeys("train", "validation");
        assertThat(two.getStyler().isLegendVisible()).isTrue();
        assertThat(two.getYAxisTitle()).isEqualTo("loss");
    }

    @Test
    void linesFromTensorsAndAgainstX() {
        XYChart labelled = Plots.line("Loss", "epoch", "loss", new double[] {2, 1});
        assertThat(labelled.getYAxisTitle()).isEqualTo("loss");
        assertThat(labelled.getSeriesMap().get("Loss").getYData()).containsExactly(2.0, 1.0);
        XYChart c = Plots.line("y", Tensor.of(1f, 4f, 9f));
        assertThat(c.getSeriesMap().get("y").getYData()).containsExactly(1.0, 4.0, 9.0);
        XYChart xy = Plots.line("sq", "x", "y", new double[] {1, 2}, new double[] {1, 4});
        assertThat(xy.getSeriesMap().get("sq").getXData()).containsExactly(1.0, 2.0);
        assertThatThrownBy(() -> Plots.line("y", Tensor.ones(2, 2))).hasMessage(
                "Plots.line: expected a 1-D tensor, got shape [2, 2]");
        assertThatThrownBy(() -> Plots.line("y", "x", "y", new double[] {1}, new double[] {1, 2})).hasMessage(
                "Plots.line: x has 1 values and y 2; need the same number, at least one");
        assertThatThrownBy(() -> Plots.line("y", "x", "y", Map.of())).hasMessage("Plots.line: no series to plot");
    }

    @Test
    void scatterColoursPointsByClass() {
        Tensor points = Tensor.of(new float[][] {{0, 0}, {1, 1}, {2, 2}});
        XYChart c = Plots.scatter("pts", points, Tensor.of(1L, 0L, 1L));
        assertThat(c.getSeriesMap()).containsOnlyKeys("class 0", "class 1");
        assertThat(c.getSeriesMap().get("class 1").getXData()).containsExactly(0.0, 2.0);
        assertThat(c.getSeriesMap().get("class 1").getXYSeriesRenderStyle()).isIn(XYSeries.XYSeriesRenderStyle.Scatter, null);
        assertThat(c.getStyler().getDefaultSeriesRenderStyle()).isEqualTo(XYSeries.XYSeriesRenderStyle.Scatter);
        assertThatThrownBy(() -> Plots.scatter("pts", Tensor.ones(3, 3), Tensor.ones(3))).hasMessage(
                "Plots.scatter: points must be [N, 2], got [3, 3]");
        assertThatThrownBy(() -> Plots.scatter("pts", points, Tensor.ones(2))).hasMessage(
                "Plots.scatter: labels must be [N] = [3] for points [3, 2], got [2]");
    }

    @Test
    void barsAndTheirErrors() {
        CategoryChart c = Plots.bar("acc", List.of("a", "b"), new double[] {0.5, 0.7});
        assertThat(List.<Object>copyOf(c.getSeriesMap().get("acc").getYData())).containsExactly(0.5, 0.7);
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("x", 3);
        counts.put("y", 1);
        assertThat(List.<Object>copyOf(Plots.bar("n", counts).getSeriesMap().get("n").getXData()))
                .containsExactly("x", "y");
        assertThatThrownBy(() -> Plots.bar("acc", List.of("a"), new double[] {1, 2})).hasMessage(
                "Plots.bar: 1 categories for 2 values; need the same, at least one");
    }

    @Test
    void heatmapsPutRowZeroOnTopAndWriteValuesWhenSmall() {
        HeatMapChart small = Plots.heatmap("cm", Tensor.of(new long[][] {{5, 1}, {2, 7}}));
        assertThat(small.getStyler().isShowValue()).isTrue();
        assertThat(small.getStyler().getMin()).isEqualTo(1.0);
        assertThat(small.getStyler().getMax()).isEqualTo(7.0);
        List<? extends Number[]> cells = small.getHeatMapSeries().getHeatData();
        assertThat(cells).anySatisfy(cell -> assertThat(cell).containsExactly(0, 1, 5.0));   // row 0 at y index 1
        assertThat(Plots.heatmap("big", Tensor.zeros(20, 20)).getStyler().isShowValue()).isFalse();
        assertThatThrownBy(() -> Plots.heatmap("v", Tensor.ones(3))).hasMessage(
                "Plots.heatmap: expected a non-empty 2-D tensor, got [3]");
    }

    @Test
    void styleUsesReadableFontsAndThePalette() {
        XYChart c = Plots.line("t", new double[] {1});
        assertThat(c.getStyler().getChartTitleFont().getSize()).isEqualTo(15);
        assertThat(c.getStyler().getAxisTickLabelsFont().getSize()).isGreaterThanOrEqualTo(12);
        assertThat(c.getStyler().getAxisTitleFont().getStyle()).isEqualTo(Font.PLAIN);
        assertThat(c.getStyler().getSeriesColors()).isEqualTo(Plots.PALETTE);
    }

    @Test
    void chartsRenderAsPngAtTwiceTheirSize() throws Exception {
        MimeBundle b = Display.bundle(Plots.line("t", new double[] {1, 2}));
        var img = ImagesTest.decode(b);
        assertThat(img.getWidth()).isEqualTo(2 * Plots.WIDTH);
        assertThat(img.getHeight()).isEqualTo(2 * Plots.HEIGHT);
        assertThat(b.metadata(MimeBundle.PNG)).containsEntry("width", Plots.WIDTH);
        assertThat(b.plainText()).isEqualTo("XYChart 't' (640x400)");
    }
}
