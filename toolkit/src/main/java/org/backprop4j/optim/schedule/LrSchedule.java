package org.backprop4j.optim.schedule;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.internal.Check;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.StateEntries;

/**
 * A learning-rate schedule over an optimizer's parameter groups (PyTorch's {@code _LRScheduler}). It starts from
 * each group's initial learning rate (recorded on the optimizer by the first schedule attached, PyTorch's
 * {@code initial_lr}), sets the learning rates for epoch 0 when constructed, and for the next epoch on each
 * {@link #step()}. Most schedules are {@link EpochSchedule}s, a formula in the epoch that can also jump to any
 * epoch; they compute the next rate from the current one, so several can act on one optimizer
 * ({@link ChainedSchedule}) or follow each other ({@link SequentialSchedule}), which step one epoch at a time.
 *
 * {@snippet file="OptimSnippets.java" region="schedule"}
 */
public abstract class LrSchedule {
    protected final Optimizer<?, ?> optimizer;
    /** Each group's initial learning rate. */
    protected final double[] baseLrs;
    /** The epoch whose learning rates are set: -1 before the initial step, 0 after it. */
    protected int lastEpoch = -1;
    private double[] lastLr;

    /** Records each group's initial learning rate if no schedule did; subclasses then set epoch 0's rates. */
    protected LrSchedule(Optimizer<?, ?> optimizer) {
        Check.require(optimizer != null, name(), () -> "the optimizer is null");
        this.optimizer = optimizer;
        int groups = optimizer.paramGroups().size();
        this.baseLrs = new double[groups];
        for (int i = 0; i < groups; i++) {
            if (optimizer.initialLr(i).isEmpty()) {
                optimizer.setInitialLr(i, optimizer.lr(i));
            }
            baseLrs[i] = optimizer.initialLr(i).getAsDouble();
        }
    }

    /** The schedule's name in messages: its class's simple name. */
    protected final String name() {
        return getClass().getSimpleName();
    }

    /** The optimizer whose learning rates this schedule sets. */
    public final Optimizer<?, ?> optimizer() {
        return optimizer;
    }

    /** Moves to the next epoch and sets its learning rates; call after the optimizer's step. */
    public abstract void step();

    /** Sets the groups' learning rates to {@code lrs}. */
    protected final void apply(double[] lrs) {
        for (int i = 0; i < lrs.length; i++) {
            optimizer.setLr(i, lrs[i]);
        }
        lastLr = optimizer.lrs();
    }

    /** The learning rates this schedule set last, per group (PyTorch's {@code get_last_lr()}). */
    public double[] lastLr() {
        return lastLr.clone();
    }

    /** The epoch of the learning rates set last: 0 after construction, then one more per {@link #step()}. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The optimizer's current learning rates, which chainable schedules start from. */
    protected final double[] currentLrs() {
        return optimizer.lrs();
    }

    /** The schedule's position as plain values, for checkpoints: epoch, base and last learning rates. */
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("last_epoch", (long) lastEpoch);
        out.put("base_lrs", Arrays.stream(baseLrs).boxed().toList());
        out.put("_last_lr", Arrays.stream(lastLr).boxed().toList());
        saveExtra(out);
        return out;
    }

    /**
     * Restores a position saved by {@link #stateDict()} of the same kind of schedule (the optimizer's learning
     * rates come back with the optimizer's own state dict).
     *
     * @throws IllegalArgumentException if a value is missing, of the wrong type, or sized for other groups
     */
    public void loadStateDict(Map<String, Object> state) {
        StateEntries e = new StateEntries(name() + ".loadStateDict", state);
        long epoch = e.getLong("last_epoch");
        List<Double> base = e.getDoubles("base_lrs", baseLrs.length);
        List<Double> last = e.getDoubles("_last_lr", baseLrs.length);
        loadExtra(e);
        lastEpoch = (int) epoch;
        for (int i = 0; i < baseLrs.length; i++) {
            baseLrs[i] = base.get(i);
        }
        lastLr = last.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Adds a subclass's mutable fields to its state dict. */
    protected void saveExtra(Map<String, Object> out) {
    }

    /** Reads a subclass's mutable fields; must validate everything before assigning anything. */
    protected void loadExtra(StateEntries entries) {
    }

    @Override
    public String toString() {
        return name() + "(epoch " + lastEpoch + ", lr " + Arrays.toString(lastLr) + ")";
    }
}
