package org.backprop4j.display;

import java.awt.Color;
import java.util.HashSet;
import java.util.Set;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Round numbers on the x axis of long evenly spaced series. XChart (3.8.8) puts an XY chart's x ticks on data points
 * whenever the x values of all its series together are evenly spaced, taking every k-th point for the smallest k
 * whose labels fit: a loss curve over 2,151 steps gets ticks at 0, 215, 430, ... instead of 0, 200, 400, .... It has
 * no setting for this. While such a chart is drawn, a one-point series at (NaN, NaN) makes the values uneven, so
 * XChart chooses round ticks as it does for any other data; the series draws nothing, is in no legend, moves no axis
 * (NaN is neither a minimum nor a maximum) and is removed afterwards. It goes into the series map directly, not
 * through {@code addSeries}, so the colours of series a user adds later do not shift.
 */
final class RoundTicks {
    /** Up to this many distinct x values XChart's ticks on data points are fine (epochs 1..10: no 1.5). */
    static final int MIN_VALUES = 11;
    static final String HIDDEN_SERIES = "\u2060round-ticks";

    private RoundTicks() {
    }

    /** Runs {@code draw} with round x ticks if {@code chart} needs them; the chart is as before afterwards. */
    static void drawing(Chart<?, ?> chart, Runnable draw) {
        if (!(chart instanceof XYChart xy) || !needsRoundTicks(xy)) {
            draw.run();
            return;
        }
        XYSeries hidden = new XYSeries(HIDDEN_SERIES, new double[] {Double.NaN}, new double[] {Double.NaN}, null,
                Series.DataType.Number);
        hidden.setShowInLegend(false);
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setLineStyle(SeriesLines.NONE);
        hidden.setLineColor(new Color(0, 0, 0, 0));
        hidden.setMarkerColor(new Color(0, 0, 0, 0));
        hidden.setFillColor(new Color(0, 0, 0, 0));
        xy.getSeriesMap().put(HIDDEN_SERIES, hidden);
        try {
            draw.run();
        } finally {
            xy.getSeriesMap().remove(HIDDEN_SERIES);
        }
    }

    /** Whether XChart would put the x ticks on data points and skip some: many evenly spaced x values. */
    static boolean needsRoundTicks(XYChart chart) {
        if (chart.getSeriesMap().containsKey(HIDDEN_SERIES) || chart.getStyler().isXAxisLogarithmic()) {
            return false;
        }
        Set<Double> seen = new HashSet<>();
        double first = Double.NaN;
        double previous = Double.NaN;
        double step = Double.NaN;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double x : s.getXData()) {
                if (!seen.add(x)) {
                    continue;   // XChart takes the union of the series' x values, in order of first appearance
                }
                if (seen.size() == 1) {
                    first = x;
                } else if (seen.size() == 2) {
                    step = x - first;
                } else if (Math.abs(x - previous - step) >= 1e-4) {   // XChart's own test for even spacing
                    return false;
                }
                previous = x;
            }
        }
        return seen.size() >= MIN_VALUES;
    }
}
