package org.backprop4j.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BinaryOperator;

import org.backprop4j.array.Rng;
import org.backprop4j.data.Batch;
import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Epoch;
import org.backprop4j.nn.Loss;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.OptimizerStateDict;
import org.backprop4j.tensor.Tensor;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017), in the
 * exponential form fastai's {@code lr_find} made popular: training steps with the learning rate of every parameter
 * group rising geometrically from {@code start} to {@code end}, the loss of each step recorded, stopped early once
 * the smoothed loss exceeds {@code divergence} times its best. Afterwards model, optimizer and {@code Rng.global()}
 * are exactly as before, so training can start from the same point.
 *
 * <p>Read the curve from left to right: flat while the rate is too small to matter, falling, then rising steeply
 * where the rate is too large. {@link Result#steepest()} is the rate where the smoothed loss falls fastest per
 * decade, a common choice of learning rate; {@link Result#minimum()} / 10 is another.
 *
 * {@snippet file="AnalysisSnippets.java" region="lrFinder"}
 */
public final class LrFinder {
    private final Module model;
    private final BinaryOperator<Tensor> loss;
    private final Optimizer<?, ?> optimizer;
    private final double start;
    private final double end;
    private final int steps;
    private final double smoothing;
    private final double divergence;

    private LrFinder(Module model, BinaryOperator<Tensor> loss, Optimizer<?, ?> optimizer, double start, double end,
            int steps, double smoothing, double divergence) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.start = start;
        this.end = end;
        this.steps = steps;
        this.smoothing = smoothing;
        this.divergence = divergence;
    }

    /**
     * A finder for {@code model} trained on {@code loss(output, target)} by {@code optimizer}: rates from 1e-7 to
     * 10 over one epoch of the loader, smoothing 0.98, stopping at 4 times the best smoothed loss.
     */
    public static LrFinder of(Module model, BinaryOperator<Tensor> loss, Optimizer<?, ?> optimizer) {
        return new LrFinder(Objects.requireNonNull(model, "LrFinder: model"),
                Objects.requireNonNull(loss, "LrFinder: loss"), Objects.requireNonNull(optimizer, "LrFinder: optimizer"),
                1e-7, 10, 0, 0.98, 4);
    }

    /** A finder for {@code model} trained on a loss module ({@code new CrossEntropyLoss()}) by {@code optimizer}. */
    public static LrFinder of(Module model, Loss loss, Optimizer<?, ?> optimizer) {
        Objects.requireNonNull(loss, "LrFinder: loss");
        return of(model, loss::forward, optimizer);
    }

    /** @throws IllegalArgumentException unless {@code 0 < start < end}, both finite */
    public LrFinder withRange(double newStart, double newEnd) {
        if (!(newStart > 0 && newStart < newEnd && Double.isFinite(newEnd))) {
            throw new IllegalArgumentException("LrFinder.withRange: need finite 0 < start < end, got [" + newStart
                    + ", " + newEnd + "]");
        }
        return new LrFinder(model, loss, optimizer, newStart, newEnd, steps, smoothing, divergence);
    }

    /**
     * The number of steps (going on into further epochs of the loader when it has fewer batches); 0, the default,
     * means one epoch.
     *
     * @throws IllegalArgumentException if {@code newSteps} is negative or 1
     */
    public LrFinder withSteps(int newSteps) {
        if (newSteps < 0 || newSteps == 1) {
            throw new IllegalArgumentException("LrFinder.withSteps: need 0 (one epoch) or at least 2 steps, got "
                    + newSteps);
        }
        return new LrFinder(model, loss, optimizer, start, end, newSteps, smoothing, divergence);
    }

    /**
     * The weight of the past in the smoothed loss, an exponential moving average with bias correction.
     *
     * @throws IllegalArgumentException unless {@code 0 <= beta < 1}
     */
    public LrFinder withSmoothing(double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("LrFinder.withSmoothing: need 0 <= beta < 1, got " + beta);
        }
        return new LrFinder(model, loss, optimizer, start, end, steps, beta, divergence);
    }

    /**
     * Stops once the smoothed loss exceeds {@code factor} times the lowest seen.
     *
     * @throws IllegalArgumentException unless {@code factor > 1}
     */
    public LrFinder withDivergence(double factor) {
        if (!(factor > 1)) {
            throw new IllegalArgumentException("LrFinder.withDivergence: need a factor > 1, got " + factor);
        }
        return new LrFinder(model, loss, optimizer, start, end, steps, smoothing, factor);
    }

    /**
     * Runs the test on the batches of {@code loader} (in train mode), then restores model, optimizer and
     * {@code Rng.global()}.
     *
     * @throws IllegalArgumentException if the loader has no batches or a batch has no labels
     * @throws CancellationException if the thread was interrupted; everything is restored first and the interrupt
     *     flag is set again
     */
    public Result run(DataLoader loader) {
        Objects.requireNonNull(loader, "LrFinder.run: loader");
        int total = steps > 0 ? steps : loader.numBatches();
        if (total < 2) {
            throw new IllegalArgumentException("LrFinder.run: the loader has " + loader.numBatches()
                    + " batches; the test needs at least 2 steps (set withSteps)");
        }
        Map<String, Tensor> savedModel = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> savedModel.put(k, v.clone()));
        OptimizerStateDict savedOptimizer = optimizer.stateDict();
        Rng.State savedRng = Rng.global().state();
        boolean training = model.isTraining();
        List<double[]> points = new ArrayList<>();   // lr, loss, smoothed
        String stopReason = null;
        model.train();
        try {
            double average = 0;
            double best = Double.POSITIVE_INFINITY;
            int step = 0;
            for (int epoch = 0; step < total && stopReason == null; epoch++) {
                try (Epoch it = loader.epoch(epoch)) {
                    if (!it.hasNext()) {
                        throw new IllegalArgumentException("LrFinder.run: the loader has no batches");
                    }
                    while (it.hasNext() && step < total) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new CancellationException("LrFinder: interrupted after " + step + " of " + total
                                    + " steps; model, optimizer and Rng.global() are restored");
                        }
                        double lr = start * Math.pow(end / start, (double) step / (total - 1));
                        double value = step(it.next(), lr, step);
                        step++;
                        if (!Double.isFinite(value)) {
                            stopReason = "the loss was " + value + " at step " + step + " (lr " + History.format(lr)
                                    + ")";
                            break;
                        }
                        average = smoothing * average + (1 - smoothing) * value;
                        double smoothed = average / (1 - Math.pow(smoothing, step));
                        points.add(new double[] {lr, value, smoothed});
                        best = Math.min(best, smoothed);
                        if (smoothed > divergence * best) {
                            stopReason = "the smoothed loss " + History.format(smoothed) + " exceeded " + divergence
                                    + " x its best " + History.format(best) + " at step " + step + " (lr "
                                    + History.format(lr) + ")";
                        }
                    }
                }
            }
        } finally {
            model.loadStateDict(savedModel, true);
            optimizer.loadStateDict(savedOptimizer);
            optimizer.zeroGrad();
            Rng.global().restore(savedRng);
            model.train(training);
        }
        return new Result(column(points, 0), column(points, 1), column(points, 2), stopReason);
    }

    private double step(Batch batch, double lr, int step) {
        if (batch.labels() == null) {
            throw new IllegalArgumentException("LrFinder: batch " + step + " has no labels; the loss needs targets");
        }
        for (int g = 0; g < optimizer.paramGroups().size(); g++) {
            optimizer.setLr(g, lr);
        }
        double[] value = new double[1];
        optimizer.step(() -> {
            optimizer.zeroGrad();
            Tensor l = loss.apply(model.call(batch.features()), batch.labels());
            value[0] = l.item();
            if (Double.isFinite(value[0])) {
                l.backward();
            }
            return l;
        });
        return value[0];
    }

    private static double[] column(List<double[]> rows, int c) {
        return rows.stream().mapToDouble(r -> r[c]).toArray();
    }

    /**
     * What a range test measured, one entry per step taken.
     *
     * @param lrs the learning rate of each step
     * @param losses the loss of each step's batch
     * @param smoothed the losses' exponential moving average, bias-corrected
     * @param stopReason why the test ended before its last step (divergence, a non-finite loss), or null
     */
    public record Result(double[] lrs, double[] losses, double[] smoothed, String stopReason) {
        public Result {
            if (lrs.length != losses.length || lrs.length != smoothed.length) {
                throw new IllegalArgumentException("LrFinder.Result: " + lrs.length + " rates, " + losses.length
                        + " losses and " + smoothed.length + " smoothed losses; need as many of each");
            }
            lrs = lrs.clone();
            losses = losses.clone();
            smoothed = smoothed.clone();
        }

        @Override
        public double[] lrs() {
            return lrs.clone();
        }

        @Override
        public double[] losses() {
            return losses.clone();
        }

        @Override
        public double[] smoothed() {
            return smoothed.clone();
        }

        /**
         * The rate of the lowest smoothed loss.
         *
         * @throws IllegalStateException if no step was recorded
         */
        public double minimum() {
            return lrs[argmin()];
        }

        /**
         * The rate, before the lowest smoothed loss, where the smoothed loss falls fastest per decade of rate; the
         * minimum's rate when there are too few steps before it. Slopes are central differences in {@code log10 lr}
         * over a window of at least half a decade (one step either side when steps are that far apart), so that
         * batch-to-batch noise between closely spaced rates does not pass for a slope.
         *
         * @throws IllegalStateException if no step was recorded
         */
        public double steepest() {
            int best = argmin();
            double steepest = 0;
            int at = best;
            int n = lrs.length;
            double decadesPerStep = n < 2 ? 1 : Math.abs(Math.log10(lrs[n - 1] / lrs[0])) / (n - 1);
            int k = decadesPerStep <= 0 ? 1 : Math.max(1, (int) Math.ceil(0.25 / decadesPerStep));
            for (int i = k; i < best && i + k < n; i++) {
                double slope = (smoothed[i + k] - smoothed[i - k]) / Math.log10(lrs[i + k] / lrs[i - k]);
                if (slope < steepest) {
                    steepest = slope;
                    at = i;
                }
            }
            return lrs[at];
        }

        private int argmin() {
            if (lrs.length == 0) {
                throw new IllegalStateException("LrFinder.Result: no step was recorded"
                        + (stopReason == null ? "" : " (" + stopReason + ")"));
            }
            int best = 0;
            for (int i = 1; i < smoothed.length; i++) {
                if (smoothed[i] < smoothed[best]) {
                    best = i;
                }
            }
            return best;
        }

        /**
         * The losses (pale) and smoothed losses against the rate on a log axis, the steepest point marked.
         *
         * @throws IllegalStateException if no step was recorded
         */
        public XYChart plot() {
            double mark = steepest();
            XYChart chart = new XYChartBuilder().width(640).height(400).title("Learning-rate range test")
                    .xAxisTitle("learning rate (log scale)").yAxisTitle("loss").build();
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setPlotGridLinesColor(new Color(0xE6E6E6));
            chart.getStyler().setChartTitleBoxVisible(false);
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            chart.getStyler().setMarkerSize(0);
            // The rising tail can dwarf the interesting part: the y axis stops at twice the first smoothed loss.
            chart.getStyler().setYAxisMax(Math.max(2 * smoothed[0], smoothed[argmin()] * 1.5));
            XYSeries raw = chart.addSeries("loss", lrs, losses);
            raw.setLineColor(new Color(0xA6CEE3));
            raw.setMarker(SeriesMarkers.NONE);
            XYSeries smooth = chart.addSeries("smoothed", lrs, smoothed);
            smooth.setLineColor(new Color(0x0072B2));
            smooth.setLineStyle(new BasicStroke(2f));
            smooth.setMarker(SeriesMarkers.NONE);
            int at = Arrays.binarySearch(lrs, mark);
            XYSeries point = chart.addSeries("steepest: " + History.format(mark), new double[] {mark},
                    new double[] {smoothed[at]});
            point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            point.setMarker(SeriesMarkers.CIRCLE);
            point.setMarkerColor(new Color(0xD55E00));
            chart.getStyler().setMarkerSize(9);
            return chart;
        }

        @Override
        public String toString() {
            return lrs.length == 0 ? "LrFinder.Result(no steps" + (stopReason == null ? ")" : "; " + stopReason + ")")
                    : "LrFinder.Result(" + lrs.length + " steps, lr " + History.format(lrs[0]) + " to "
                    + History.format(lrs[lrs.length - 1]) + ", steepest " + History.format(steepest()) + ", minimum "
                    + History.format(minimum()) + (stopReason == null ? "" : "; stopped: " + stopReason) + ")";
        }
    }

    @Override
    public String toString() {
        return "LrFinder(" + optimizer.name() + ", lr " + start + " to " + end + ", "
                + (steps == 0 ? "one epoch" : steps + " steps") + ")";
    }
}
