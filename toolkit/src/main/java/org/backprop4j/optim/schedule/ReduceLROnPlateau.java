package org.backprop4j.optim.schedule;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.internal.Check;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.StateEntries;

/**
 * Cuts the learning rates by {@code factor} when a metric has stopped improving for {@code patience} epochs, as
 * PyTorch's {@code ReduceLROnPlateau}. Improvement means below {@code best * (1 - threshold)} (mode MIN, relative
 * threshold), {@code best - threshold} (absolute), or the mirror images in mode MAX. After a cut, {@code cooldown}
 * epochs pass before bad epochs count again; no rate goes below its {@code minLr}, and cuts smaller than
 * {@code eps} are skipped.
 *
 * {@snippet file="OptimSnippets.java" region="plateau"}
 */
public final class ReduceLROnPlateau {

    /** Whether the metric should go down (a loss) or up (an accuracy). */
    public enum Mode { MIN, MAX }

    /** Whether the threshold is a fraction of the best value or an amount. */
    public enum ThresholdMode { REL, ABS }

    /**
     * The settings, with PyTorch's defaults: MIN, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown,
     * minLr 0 for every group, eps 1e-8.
     *
     * @param minLrs one floor for all groups, or one per group
     */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
            int cooldown, List<Double> minLrs, double eps) {

        public static final Options DEFAULT = new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0,
                List.of(0.0), 1e-8);

        /**
         * @throws IllegalArgumentException if factor is outside (0, 1), a count or floor is negative, or threshold or
         *         eps is negative or not finite
         */
        public Options {
            if (mode == null || thresholdMode == null) {
                throw new IllegalArgumentException("ReduceLROnPlateau: mode and thresholdMode must not be null");
            }
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
            }
            Check.nonNegative("ReduceLROnPlateau", "patience", patience);
            Check.nonNegative("ReduceLROnPlateau", "threshold", threshold);
            Check.nonNegative("ReduceLROnPlateau", "cooldown", cooldown);
            Check.nonNegative("ReduceLROnPlateau", "eps", eps);
            minLrs = List.copyOf(minLrs);
            if (minLrs.isEmpty()) {
                throw new IllegalArgumentException("ReduceLROnPlateau: minLrs is empty; give one floor or one per group");
            }
            for (double m : minLrs) {
                Check.nonNegative("ReduceLROnPlateau", "minLr", m);
            }
        }

        public Options withMode(Mode value) {
            return new Options(value, factor, patience, threshold, thresholdMode, cooldown, minLrs, eps);
        }

        public Options withFactor(double value) {
            return new Options(mode, value, patience, threshold, thresholdMode, cooldown, minLrs, eps);
        }

        public Options withPatience(int value) {
            return new Options(mode, factor, value, threshold, thresholdMode, cooldown, minLrs, eps);
        }

        public Options withThreshold(double value, ThresholdMode kind) {
            return new Options(mode, factor, patience, value, kind, cooldown, minLrs, eps);
        }

        public Options withCooldown(int value) {
            return new Options(mode, factor, patience, threshold, thresholdMode, value, minLrs, eps);
        }

        /** One floor for every group. */
        public Options withMinLr(double value) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, List.of(value), eps);
        }

        /** One floor per group. */
        public Options withMinLrs(double... values) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown,
                    Arrays.stream(values).boxed().toList(), eps);
        }

        public Options withEps(double value) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLrs, value);
        }
    }

    private final Optimizer<?, ?> optimizer;
    private final Options options;
    private final double[] minLrs;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;

    public ReduceLROnPlateau(Optimizer<?, ?> optimizer) {
        this(optimizer, Options.DEFAULT);
    }

    /** @throws IllegalArgumentException if per-group floors do not match the optimizer's groups */
    public ReduceLROnPlateau(Optimizer<?, ?> optimizer, Options options) {
        if (optimizer == null) {
            throw new IllegalArgumentException("ReduceLROnPlateau: the optimizer is null");
        }
        int groups = optimizer.paramGroups().size();
        if (options.minLrs().size() != 1 && options.minLrs().size() != groups) {
            throw new IllegalArgumentException("ReduceLROnPlateau: expected 1 or " + groups + " minLrs (one per "
                    + "parameter group), got " + options.minLrs().size());
        }
        this.optimizer = optimizer;
        this.options = options;
        this.minLrs = new double[groups];
        for (int i = 0; i < groups; i++) {
            minLrs[i] = options.minLrs().get(options.minLrs().size() == 1 ? 0 : i);
        }
        this.best = options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /**
     * Records the epoch's metric and cuts the learning rates if it has not improved for longer than the patience.
     *
     * @throws IllegalArgumentException if {@code metric} is NaN
     */
    public void step(double metric) {
        if (Double.isNaN(metric)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: the metric is NaN");
        }
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0; // bad epochs in cooldown do not count
        }
        if (numBadEpochs > options.patience()) {
            for (int i = 0; i < minLrs.length; i++) {
                double old = optimizer.lr(i);
                double next = Math.max(old * options.factor(), minLrs[i]);
                if (old - next > options.eps()) {
                    optimizer.setLr(i, next);
                }
            }
            cooldownCounter = options.cooldown();
            numBadEpochs = 0;
        }
    }

    private boolean isBetter(double a) {
        boolean rel = options.thresholdMode() == ThresholdMode.REL;
        if (options.mode() == Mode.MIN) {
            return rel ? a < best * (1. - options.threshold()) : a < best - options.threshold();
        }
        return rel ? a > best * (options.threshold() + 1.) : a > best + options.threshold();
    }

    /** The learning rates now, per group. */
    public double[] lastLr() {
        return optimizer.lrs();
    }

    /** The best metric so far (infinite before the first step). */
    public double best() {
        return best;
    }

    /** Epochs without improvement since the last cut or improvement. */
    public int numBadEpochs() {
        return numBadEpochs;
    }

    public Optimizer<?, ?> optimizer() {
        return optimizer;
    }

    /** The position as plain values, for checkpoints. */
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("best", best);
        out.put("num_bad_epochs", (long) numBadEpochs);
        out.put("cooldown_counter", (long) cooldownCounter);
        out.put("last_epoch", (long) lastEpoch);
        return out;
    }

    /** @throws IllegalArgumentException if a value is missing or of the wrong type; nothing changes then */
    public void loadStateDict(Map<String, Object> state) {
        StateEntries e = new StateEntries("ReduceLROnPlateau.loadStateDict", state);
        double b = e.getDouble("best");
        long bad = e.getLong("num_bad_epochs");
        long cool = e.getLong("cooldown_counter");
        long epoch = e.getLong("last_epoch");
        best = b;
        numBadEpochs = (int) bad;
        cooldownCounter = (int) cool;
        lastEpoch = (int) epoch;
    }
}
