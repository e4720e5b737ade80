package org.backprop4j.display;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One-line XChart plots with readable defaults: a title, axis labels, a legend when there is more than one series,
 * 13-14 pt fonts, light grid lines, 640 x 400. Each method returns the XChart chart, so anything else can be set
 * on it; a notebook shows it as PNG, {@link Display#save} writes PNG or SVG.
 *
 * {@snippet file="DataDisplaySnippets.java" region="plots"}
 */
public final class Plots {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 400;

    /** Colour-blind-safe series colours (Okabe and Ito, 2008). */
    static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000)};

    private Plots() {
    }

    /** An empty line chart to add series to with {@code addSeries}. */
    public static XYChart line(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(0);
        return styled(chart);
    }

    /** {@code y} against its index 0, 1, ..., n-1. */
    public static XYChart line(String title, double[] y) {
        return line(title, "step", "value", y);
    }

    /** {@code y} against its index, with axis labels (a loss curve: {@code line("Loss", "step", "loss", losses)}). */
    public static XYChart line(String title, String xLabel, String yLabel, double[] y) {
        return line(title, xLabel, yLabel, Map.of(title == null || title.isEmpty() ? "y" : title, y));
    }

    /** A 1-D tensor against its index. @throws IllegalArgumentException unless {@code y} is 1-D */
    public static XYChart line(String title, Tensor y) {
        return line(title, values("Plots.line", y, 1));
    }

    /** {@code y} against {@code x}. @throws IllegalArgumentException if their lengths differ */
    public static XYChart line(String title, String xLabel, String yLabel, double[] x, double[] y) {
        sameLength("Plots.line", x, y);
        XYChart chart = line(title, xLabel, yLabel);
        chart.addSeries(seriesName(title), x, y).setMarker(SeriesMarkers.NONE);
        return legendIfMany(chart);
    }

    /**
     * One line per entry, each against its index (e.g. training and validation loss); the legend names them.
     *
     * @throws IllegalArgumentException if {@code series} is empty or a series is empty
     */
    public static XYChart line(String title, String xLabel, String yLabel, Map<String, double[]> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("Plots.line: no series to plot");
        }
        XYChart chart = line(title, xLabel, yLabel);
        for (Map.Entry<String, double[]> e : ordered(series).entrySet()) {
            double[] y = e.getValue();
            if (y.length == 0) {
                throw new IllegalArgumentException("Plots.line: series '" + e.getKey() + "' is empty");
            }
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
        }
        return legendIfMany(chart);
    }

    /** Points {@code (x[i], y[i])}. @throws IllegalArgumentException if their lengths differ */
    public static XYChart scatter(String title, double[] x, double[] y) {
        sameLength("Plots.scatter", x, y);
        XYChart chart = scatterChart(title, "x", "y");
        chart.addSeries(seriesName(title), x, y);
        return legendIfMany(chart);
    }

    /**
     * Points {@code [N, 2]} coloured by integer class labels {@code [N]}, one legend entry per class
     * ("class 0", "class 1", ...).
     *
     * @throws IllegalArgumentException if {@code points} is not {@code [N, 2]} or {@code labels} not {@code [N]}
     */
    public static XYChart scatter(String title, Tensor points, Tensor labels) {
        if (points.dim() != 2 || points.size(1) != 2) {
            throw new IllegalArgumentException("Plots.scatter: points must be [N, 2], got " + points.shape());
        }
        if (labels.dim() != 1 || labels.size(0) != points.size(0)) {
            throw new IllegalArgumentException("Plots.scatter: labels must be [N] = [" + points.size(0)
                    + "] for points " + points.shape() + ", got " + labels.shape());
        }
        double[] p = points.toDoubleArray();
        double[] l = labels.toDoubleArray();
        Map<Long, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < l.length; i++) {
            byClass.computeIfAbsent(Math.round(l[i]), k -> new ArrayList<>()).add(i);
        }
        XYChart chart = scatterChart(title, "x[0]", "x[1]");
        for (Map.Entry<Long, List<Integer>> e : byClass.entrySet()) {
            List<Integer> idx = e.getValue();
            double[] xs = new double[idx.size()];
            double[] ys = new double[idx.size()];
            for (int k = 0; k < xs.length; k++) {
                xs[k] = p[2 * idx.get(k)];
                ys[k] = p[2 * idx.get(k) + 1];
            }
            chart.addSeries("class " + e.getKey(), xs, ys);
        }
        return legendIfMany(chart);
    }

    private static XYChart scatterChart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setSeriesMarkers(new org.knowm.xchart.style.markers.Marker[] {SeriesMarkers.CIRCLE});
        return styled(chart);
    }

    /**
     * One bar per category.
     *
     * @throws IllegalArgumentException if the counts differ or there is no category
     */
    public static CategoryChart bar(String title, List<String> categories, double[] values) {
        if (categories.size() != values.length || values.length == 0) {
            throw new IllegalArgumentException("Plots.bar: " + categories.size() + " categories for "
                    + values.length + " values; need the same, at least one");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        List<Double> v = new ArrayList<>();
        for (double x : values) {
            v.add(x);
        }
        chart.addSeries(seriesName(title), categories, v);
        chart.getStyler().setLegendVisible(false);
        return styled(chart);
    }

    /** One bar per entry, in the map's order. */
    public static CategoryChart bar(String title, Map<String, ? extends Number> values) {
        List<String> names = new ArrayList<>(values.keySet());
        double[] v = values.values().stream().mapToDouble(Number::doubleValue).toArray();
        return bar(title, names, v);
    }

    /**
     * A matrix as coloured cells, row 0 at the top, with the values written in when it is at most 12 x 12 (a
     * confusion matrix, say). For large matrices {@link Heatmap} draws pixels, which is faster and clearer.
     *
     * @throws IllegalArgumentException unless {@code matrix} is 2-D and non-empty
     */
    public static HeatMapChart heatmap(String title, Tensor matrix) {
        if (matrix.dim() != 2 || matrix.numel() == 0) {
            throw new IllegalArgumentException("Plots.heatmap: expected a non-empty 2-D tensor, got " + matrix.shape());
        }
        int rows = matrix.size(0);
        int cols = matrix.size(1);
        double[] v = matrix.toDoubleArray();
        List<Integer> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int j = 0; j < cols; j++) {
            xs.add(j);
        }
        for (int i = 0; i < rows; i++) {
            ys.add(rows - 1 - i);   // the y axis runs upwards: label index k holds row rows-1-k, so row 0 is on top
        }
        List<Number[]> cells = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double x = v[i * cols + j];
                cells.add(new Number[] {j, rows - 1 - i, x});
                if (Double.isFinite(x)) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("column")
                .yAxisTitle("row").build();
        chart.addSeries(seriesName(title), xs, ys, cells);
        chart.getStyler().setShowValue(rows <= 12 && cols <= 12);
        chart.getStyler().setHeatMapValueDecimalPattern(matrix.dtype() == DType.INT64 ? "0" : "0.##");
        chart.getStyler().setRangeColors(new Color[] {new Color(Colormap.VIRIDIS.rgb(0)),
                new Color(Colormap.VIRIDIS.rgb(0.5)), new Color(Colormap.VIRIDIS.rgb(1))});
        chart.getStyler().setValueFontColor(Color.WHITE);
        if (lo <= hi) {
            chart.getStyler().setMin(lo);
            chart.getStyler().setMax(hi > lo ? hi : lo + 1);
        }
        return styled(chart);
    }

    /**
     * A confusion matrix ({@code [C, C]} counts, row = true class, column = predicted class, as
     * {@code Evaluation.confusionMatrix()}) with the classes named on both axes, true classes top to bottom. Each cell
     * shows, and is coloured by, the percentage of its row (on a square-root colour scale): the diagonal is each
     * class's recall, and the mistakes stay visible beside diagonals of thousands.
     *
     * @throws IllegalArgumentException if the matrix is not square, or the names are not one per class
     */
    public static HeatMapChart confusionMatrix(Tensor counts, List<String> classNames) {
        if (counts.dim() != 2 || counts.size(0) != counts.size(1) || counts.size(0) != classNames.size()) {
            throw new IllegalArgumentException("Plots.confusionMatrix: expected [C, C] counts with C class names, got "
                    + counts.shape() + " and " + classNames.size() + " names");
        }
        int n = classNames.size();
        double[] c = counts.toDoubleArray();
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += c[i * n + j];
            }
            for (int j = 0; j < n; j++) {
                cells.add(new Number[] {j, n - 1 - i, row == 0 ? 0 : 100 * c[i * n + j] / row});
            }
        }
        List<String> rowsUp = new ArrayList<>(classNames).reversed();   // the y axis runs upwards
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH + 80).height(HEIGHT + 140)
                .title("Confusion matrix (% of each true class)").xAxisTitle("predicted").yAxisTitle("true").build();
        chart.addSeries("% of row", classNames, rowsUp, cells);
        HeatMapStyler s = chart.getStyler();
        s.setShowValue(true);
        s.setHeatMapValueDecimalPattern("0.#");
        // Viridis on a square-root scale (XChart interpolates linearly between evenly spaced stops): a 5% mistake
        // already stands out from 0%.
        Color[] stops = new Color[11];
        for (int k = 0; k < stops.length; k++) {
            stops[k] = new Color(Colormap.VIRIDIS.rgb(Math.sqrt(k / 10.0)));
        }
        s.setRangeColors(stops);
        s.setValueFontColor(Color.WHITE);
        s.setMin(0);
        s.setMax(100);
        s.setXAxisLabelRotation(45);
        return styled(chart);
    }

    /** Applies the house style (white background, light grid, readable fonts, palette) to any XChart chart. */
    public static <C extends Chart<?, ?>> C styled(C chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0xBBBBBB));
        s.setChartFontColor(new Color(0x222222));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendBorderColor(new Color(0xDDDDDD));
        if (!(s instanceof HeatMapStyler)) {   // a heat map's colour legend must stay outside
            s.setLegendPosition(Styler.LegendPosition.InsideNE);
        }
        s.setChartTitleBoxVisible(false);
        s.setSeriesColors(PALETTE);
        s.setAntiAlias(true);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            a.setPlotGridLinesColor(new Color(0xE6E6E6));
            a.setPlotGridLinesStroke(new BasicStroke(1f));
            a.setAxisTickMarksColor(new Color(0x999999));
        }
        return chart;
    }

    private static XYChart legendIfMany(XYChart chart) {
        chart.getStyler().setLegendVisible(chart.getSeriesMap().size() > 1);
        return chart;
    }

    private static String seriesName(String title) {
        return title == null || title.isBlank() ? "series" : title;
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return m instanceof LinkedHashMap || m instanceof TreeMap || m.size() <= 1 ? m : new TreeMap<>(m);
    }

    private static void sameLength(String op, double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException(op + ": x has " + x.length + " values and y " + y.length
                    + "; need the same number, at least one");
        }
    }

    static double[] values(String op, Tensor t, int rank) {
        if (t.dim() != rank) {
            throw new IllegalArgumentException(op + ": expected a " + rank + "-D tensor, got shape " + t.shape());
        }
        return t.toDoubleArray();
    }
}
