package org.backprop4j.display;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Contour plots of functions of two variables as XChart charts, with paths drawn over them: where an optimizer
 * went on a test function, say. The contour lines ({@link Contours}) are thin, pale and kept out of the legend,
 * coloured by level from dark blue (low) to yellow (high); paths and markers are drawn over them in the series
 * palette and named in a legend beside the plot. The axes are fixed to the sampled rectangle, so a path that leaves
 * it is cut at its border.
 *
 * {@snippet file="AnalysisSnippets.java" region="contourPlot"}
 */
public final class ContourPlot {
    /** Grid points along each axis when a function is sampled. */
    public static final int SAMPLES = 161;
    static final String CONTOUR_PREFIX = "contour ";
    private static final int WIDTH = 720;
    private static final int HEIGHT = 520;

    private ContourPlot() {
    }

    /**
     * Contours of {@code f} over {@code [xMin, xMax] x [yMin, yMax]} at 14 levels crowding towards its minimum
     * ({@link Contours#logLevels} over 3 decades), from {@value #SAMPLES} x {@value #SAMPLES} samples.
     *
     * @throws IllegalArgumentException if a range is empty or {@code f} has fewer than two distinct finite values
     *     there
     */
    public static XYChart of(String title, DoubleBinaryOperator f, double xMin, double xMax, double yMin,
            double yMax) {
        double[][] z = Contours.sample(f, xMin, xMax, yMin, yMax, SAMPLES, SAMPLES);
        return of(title, Contours.grid("x", xMin, xMax, SAMPLES), Contours.grid("y", yMin, yMax, SAMPLES), z,
                Contours.logLevels(z, 14, 3));
    }

    /**
     * Contours of {@code f} over {@code [xMin, xMax] x [yMin, yMax]} at the given levels.
     *
     * @throws IllegalArgumentException if a range is empty or there is no level
     */
    public static XYChart of(String title, DoubleBinaryOperator f, double xMin, double xMax, double yMin,
            double yMax, double[] levels) {
        double[][] z = Contours.sample(f, xMin, xMax, yMin, yMax, SAMPLES, SAMPLES);
        return of(title, Contours.grid("x", xMin, xMax, SAMPLES), Contours.grid("y", yMin, yMax, SAMPLES), z, levels);
    }

    /**
     * Contours of the grid {@code z[j][i]} (the value at {@code (xs[i], ys[j])}) at the given levels.
     *
     * @throws IllegalArgumentException if the grid does not fit the axes (see {@link Contours#lines}), or there is
     *     no level or a level is not finite
     */
    public static XYChart of(String title, double[] xs, double[] ys, double[][] z, double[] levels) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("ContourPlot.of: no levels to draw");
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("x")
                .yAxisTitle("y").build();
        Plots.styled(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setXAxisMin(xs[0]);
        chart.getStyler().setXAxisMax(xs[xs.length - 1]);
        chart.getStyler().setYAxisMin(ys[0]);
        chart.getStyler().setYAxisMax(ys[ys.length - 1]);
        double[] sorted = levels.clone();
        Arrays.sort(sorted);
        int count = 0;
        for (int k = 0; k < sorted.length; k++) {
            double t = sorted.length == 1 ? 0.5 : (double) k / (sorted.length - 1);
            Color colour = pale(Colormap.VIRIDIS.rgb(t));
            for (Contours.Line line : Contours.lines(xs, ys, z, sorted[k])) {
                if (line.x().length < 2) {
                    continue;
                }
                XYSeries s = chart.addSeries(CONTOUR_PREFIX + count++, line.x(), line.y());
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(colour);
                s.setLineStyle(new BasicStroke(1f));
                s.setShowInLegend(false);
            }
        }
        return chart;
    }

    /**
     * Draws the path {@code (x[k], y[k])} over {@code chart}, a line with a small dot at every point, in the next
     * palette colour, named in the legend.
     *
     * @return {@code chart}
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length or are empty, or the chart already
     *     has a series named {@code name}
     */
    public static XYChart addPath(XYChart chart, String name, double[] x, double[] y) {
        checkPoints("addPath", chart, name, x, y);
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(nextColour(chart));
        s.setMarkerColor(s.getLineColor());
        s.setLineStyle(new BasicStroke(2f));
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendVisible(true);
        return chart;
    }

    /**
     * Marks the points {@code (x[k], y[k])} (a minimum, say) with black diamonds, named in the legend.
     *
     * @return {@code chart}
     * @throws IllegalArgumentException as {@link #addPath}
     */
    public static XYChart addMarkers(XYChart chart, String name, double[] x, double[] y) {
        checkPoints("addMarkers", chart, name, x, y);
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(Color.BLACK);
        chart.getStyler().setLegendVisible(true);
        return chart;
    }

    /** The names of the paths and markers on {@code chart}, in the order drawn (the contour lines left out). */
    public static List<String> overlays(XYChart chart) {
        return chart.getSeriesMap().keySet().stream().filter(k -> !k.startsWith(CONTOUR_PREFIX)).toList();
    }

    private static Color nextColour(XYChart chart) {
        int paths = (int) chart.getSeriesMap().values().stream()
                .filter(s -> s.isShowInLegend() && s.getXYSeriesRenderStyle() != XYSeries.XYSeriesRenderStyle.Scatter)
                .count();
        return Plots.PALETTE[(paths - 1) % Plots.PALETTE.length];
    }

    private static Color pale(int rgb) {
        Color c = new Color(rgb);
        return new Color((c.getRed() + 255) / 2, (c.getGreen() + 255) / 2, (c.getBlue() + 255) / 2);
    }

    private static void checkPoints(String op, XYChart chart, String name, double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("ContourPlot." + op + ": '" + name + "' has " + x.length + " x and "
                    + y.length + " y values; need the same number, at least one");
        }
        if (name == null || name.isBlank() || name.startsWith(CONTOUR_PREFIX)
                || chart.getSeriesMap().containsKey(name)) {
            throw new IllegalArgumentException("ContourPlot." + op + ": the name '" + name + "' is blank, taken, or "
                    + "starts with '" + CONTOUR_PREFIX + "' (reserved for the contour lines)");
        }
    }
}
