package org.backprop4j.diagnostics;

import org.backprop4j.array.internal.Check;

/**
 * When a {@link GradientMonitor} flags a layer, and what it keeps. A layer's gradient norm is the 2-norm of all its
 * parameters' gradients together.
 *
 * <ul>
 * <li>{@code vanishingThreshold}: a layer whose gradient norm is below it is flagged vanishing (default 1e-7);
 * <li>{@code vanishingOrders}: the first layer, going back from the output, whose gradient norm is this many orders
 * of magnitude below the last layer's is flagged vanishing (default 4);
 * <li>{@code explodingThreshold}: a layer whose gradient norm is above it is flagged exploding (default 1e3; NaN
 * and infinite gradients are always flagged);
 * <li>{@code trackUpdates}: keep a copy of the weights at each record to measure update-to-weight ratios (costs
 * one copy of the parameters; default on);
 * <li>{@code activations}: record activation statistics through forward hooks (default on);
 * <li>{@code histogramBins}: bins of the activation histograms (default 30);
 * <li>{@code historySize}: snapshots kept, the oldest dropped first (default 1000).
 * </ul>
 *
 * {@snippet file="TrainSnippets.java" region="monitor-options"}
 */
public record MonitorOptions(double vanishingThreshold, double vanishingOrders, double explodingThreshold,
        boolean trackUpdates, boolean activations, int histogramBins, int historySize) {

    public static final MonitorOptions DEFAULT = new MonitorOptions(1e-7, 4, 1e3, true, true, 30, 1000);

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public MonitorOptions {
        Check.positive("MonitorOptions", "vanishingThreshold", vanishingThreshold);
        Check.positive("MonitorOptions", "vanishingOrders", vanishingOrders);
        Check.positive("MonitorOptions", "explodingThreshold", explodingThreshold);
        Check.require(vanishingThreshold < explodingThreshold, "MonitorOptions", () -> "vanishingThreshold "
                + vanishingThreshold + " must be below explodingThreshold " + explodingThreshold);
        Check.positive("MonitorOptions", "histogramBins", histogramBins);
        Check.positive("MonitorOptions", "historySize", historySize);
    }

    public MonitorOptions withVanishingThreshold(double value) {
        return new MonitorOptions(value, vanishingOrders, explodingThreshold, trackUpdates, activations,
                histogramBins, historySize);
    }

    public MonitorOptions withVanishingOrders(double value) {
        return new MonitorOptions(vanishingThreshold, value, explodingThreshold, trackUpdates, activations,
                histogramBins, historySize);
    }

    public MonitorOptions withExplodingThreshold(double value) {
        return new MonitorOptions(vanishingThreshold, vanishingOrders, value, trackUpdates, activations,
                histogramBins, historySize);
    }

    public MonitorOptions withTrackUpdates(boolean value) {
        return new MonitorOptions(vanishingThreshold, vanishingOrders, explodingThreshold, value, activations,
                histogramBins, historySize);
    }

    public MonitorOptions withActivations(boolean value) {
        return new MonitorOptions(vanishingThreshold, vanishingOrders, explodingThreshold, trackUpdates, value,
                histogramBins, historySize);
    }

    public MonitorOptions withHistogramBins(int value) {
        return new MonitorOptions(vanishingThreshold, vanishingOrders, explodingThreshold, trackUpdates, activations,
                value, historySize);
    }

    public MonitorOptions withHistorySize(int value) {
        return new MonitorOptions(vanishingThreshold, vanishingOrders, explodingThreshold, trackUpdates, activations,
                histogramBins, value);
    }
}
