package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ContourPlotTest {
    private static XYChart bowl() {
        return ContourPlot.of("bowl", (x, y) -> x * x + y * y, -2, 2, -2, 2, new double[] {0.5, 1, 2});
    }

    @Test
    void contourLinesArePaleSeriesKeptOutOfTheLegendOnFixedAxes() {
        XYChart c = bowl();
        assertThat(c.getTitle()).isEqualTo("bowl");
        assertThat(c.getSeriesMap()).hasSize(3);   // three circles
        assertThat(c.getSeriesMap().values()).allSatisfy(s -> assertThat(s.isShowInLegend()).isFalse());
        assertThat(ContourPlot.overlays(c)).isEmpty();
        assertThat(c.getStyler().isLegendVisible()).isFalse();
        assertThat(c.getStyler().getXAxisMin()).isEqualTo(-2);
        assertThat(c.getStyler().getYAxisMax()).isEqualTo(2);
        // The lowest level is darkest, the highest lightest (viridis, paled towards white).
        Color low = c.getSeriesMap().get(ContourPlot.CONTOUR_PREFIX + 0).getLineColor();
        Color high = c.getSeriesMap().get(ContourPlot.CONTOUR_PREFIX + 2).getLineColor();
        assertThat(low.getRed() + low.getGreen()).isLessThan(high.getRed() + high.getGreen());
    }

    @Test
    void pathsAndMarkersAreNamedInTheLegendInPaletteColours() {
        XYChart c = bowl();
        ContourPlot.addPath(c, "SGD", new double[] {1.5, 1, 0.5}, new double[] {1.5, 1, 0.5});
        ContourPlot.addPath(c, "Adam", new double[] {-1.5, 0}, new double[] {1.5, 0});
        ContourPlot.addMarkers(c, "minimum", new double[] {0}, new double[] {0});
        assertThat(ContourPlot.overlays(c)).containsExactly("SGD", "Adam", "minimum");
        assertThat(c.getStyler().isLegendVisible()).isTrue();
        assertThat(c.getSeriesMap().get("SGD").getLineColor()).isEqualTo(Plots.PALETTE[0]);
        assertThat(c.getSeriesMap().get("Adam").getLineColor()).isEqualTo(Plots.PALETTE[1]);
        assertThat(c.getSeriesMap().get("minimum").getXYSeriesRenderStyle())
                .isEqualTo(XYSeries.XYSeriesRenderStyle.Scatter);
    }

    @Test
    void theChartRendersTheLinesAndPathAsPixels() throws IOException {
        XYChart c = ContourPlot.of("bowl", (x, y) -> x * x + y * y, -2, 2, -2, 2);
        assertThat(c.getSeriesMap()).hasSizeGreaterThanOrEqualTo(10);
        ContourPlot.addPath(c, "path", new double[] {-2, 2}, new double[] {-2, 2});
        BufferedImage img = ImagesTest.decode(Display.bundle(c));
        int pathPixels = 0;
        int contourPixels = 0;
        int blue = Plots.PALETTE[0].getRGB() & 0xffffff;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                pathPixels += rgb == blue ? 1 : 0;
                int r = rgb >> 16 & 255;
                int g = rgb >> 8 & 255;
                int b = rgb & 255;
                contourPixels += g > r + 20 && g > 150 && b > 100 && rgb != blue ? 1 : 0;   // pale green-teal lines
            }
        }
        assertThat(pathPixels).as("the diagonal path").isGreaterThan(500);
        assertThat(contourPixels).as("the contour lines").isGreaterThan(500);
    }

    @Test
    void badPathsAreRefused() {
        XYChart c = bowl();
        assertThatThrownBy(() -> ContourPlot.addPath(c, "p", new double[] {1}, new double[] {1, 2})).hasMessage(
                "ContourPlot.addPath: 'p' has 1 x and 2 y values; need the same number, at least one");
        ContourPlot.addPath(c, "p", new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> ContourPlot.addMarkers(c, "p", new double[] {1}, new double[] {1})).hasMessage(
                "ContourPlot.addMarkers: the name 'p' is blank, taken, or starts with 'contour ' (reserved for the "
                        + "contour lines)");
        assertThatThrownBy(() -> ContourPlot.of("t", new double[] {0, 1}, new double[] {0, 1},
                new double[][] {{0, 1}, {1, 2}}, new double[0])).hasMessage("ContourPlot.of: no levels to draw");
    }
}
