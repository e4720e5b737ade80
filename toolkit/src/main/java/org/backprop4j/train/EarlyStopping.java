package org.backprop4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * Stops {@code fit()} when a monitored value (default {@code val_loss}) has not improved by more than
 * {@code minDelta} for {@code patience} epochs, optionally putting back the weights of the best epoch (kept in
 * memory, not in checkpoints). As Keras's {@code EarlyStopping}.
 *
 * {@snippet file="TrainSnippets.java" region="early-stopping"}
 */
public final class EarlyStopping implements Callback {
    /** Whether the value should go down (a loss) or up (an accuracy). */
    public enum Mode { MIN, MAX }

    private final String monitor;
    private final Mode mode;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;
    private double best;
    private int bestEpoch = -1;
    private int wait;
    private Map<String, Tensor> bestWeights;

    private EarlyStopping(String monitor, Mode mode, int patience, double minDelta, boolean restore) {
        if (monitor == null || monitor.isBlank() || mode == null || patience < 0 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("EarlyStopping: expected a monitor name, a mode, patience >= 0 and "
                    + "minDelta >= 0, got '" + monitor + "', " + mode + ", " + patience + ", " + minDelta);
        }
        this.monitor = monitor;
        this.mode = mode;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBestWeights = restore;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Watches {@code value} in mode MIN with patience 0, min delta 0, not restoring weights. */
    public static EarlyStopping monitor(String value) {
        return new EarlyStopping(value, Mode.MIN, 0, 0, false);
    }

    public EarlyStopping withMode(Mode value) {
        return new EarlyStopping(monitor, value, patience, minDelta, restoreBestWeights);
    }

    /** Epochs without improvement to accept before stopping. */
    public EarlyStopping withPatience(int epochs) {
        return new EarlyStopping(monitor, mode, epochs, minDelta, restoreBestWeights);
    }

    /** The smallest change that counts as an improvement. */
    public EarlyStopping withMinDelta(double delta) {
        return new EarlyStopping(monitor, mode, patience, delta, restoreBestWeights);
    }

    public EarlyStopping withRestoreBestWeights(boolean restore) {
        return new EarlyStopping(monitor, mode, patience, minDelta, restore);
    }

    /** The best value so far (infinite before any epoch). */
    public double best() {
        return best;
    }

    /** The epoch of the best value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public void onEpochEnd(Trainer trainer, History.EpochRecord epoch) {
        Double value = epoch.values().get(monitor);
        if (value == null) {
            throw new IllegalStateException("EarlyStopping: epoch " + epoch.epoch() + " has no value '" + monitor
                    + "'; it has " + epoch.values().keySet());
        }
        boolean better = mode == Mode.MIN ? value < best - minDelta : value > best + minDelta;
        if (better) {
            best = value;
            bestEpoch = epoch.epoch();
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = new LinkedHashMap<>();
                trainer.model().stateDict().forEach((k, v) -> bestWeights.put(k, v.clone()));
            }
            return;
        }
        wait++;
        if (wait > patience) {
            String reason = "early stopping: " + monitor + " has not improved on " + History.format(best)
                    + " (epoch " + bestEpoch + ") for " + wait + " epochs";
            if (restoreBestWeights && bestWeights != null) {
                trainer.model().loadStateDict(bestWeights, true);
                reason += "; the weights of epoch " + bestEpoch + " were restored";
            }
            trainer.requestStop(reason);
        }
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("best", best);
        out.put("best_epoch", (long) bestEpoch);
        out.put("wait", (long) wait);
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        double b = StateValues.number(state, "best", "EarlyStopping").doubleValue();
        int e = StateValues.number(state, "best_epoch", "EarlyStopping").intValue();
        int w = StateValues.number(state, "wait", "EarlyStopping").intValue();
        best = b;
        bestEpoch = e;
        wait = w;
    }
}
