package org.backprop4j.optim.schedule;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

import org.backprop4j.optim.Optimizer;

/**
 * A schedule whose learning rates are a formula in the epoch: {@link #step()} computes the next epoch's rates from
 * the current ones (PyTorch's chainable form, so other schedules may change them in between), and
 * {@link #step(int)} jumps to any epoch from the closed form. {@link SequentialSchedule} restarts its schedules
 * this way, so it takes only these.
 */
public abstract class EpochSchedule extends LrSchedule {

    /** Records each group's initial learning rate if no schedule did; subclasses then call {@link #start()}. */
    protected EpochSchedule(Optimizer<?, ?> optimizer) {
        super(optimizer);
    }

    /** The initial step, setting epoch 0's learning rates; the last line of every subclass constructor. */
    protected final void start() {
        step();
    }

    /** Moves to the next epoch and sets its learning rates from the current ones; call after the optimizer's step. */
    @Override
    public void step() {
        lastEpoch++;
        try {
            apply(nextLrs());
        } catch (RuntimeException e) {
            lastEpoch--; // a refused step leaves the schedule where it was
            throw e;
        }
    }

    /**
     * Jumps to {@code epoch} and sets its learning rates from the closed form (as PyTorch's deprecated
     * {@code step(epoch)}).
     */
    public void step(int epoch) {
        lastEpoch = epoch;
        apply(closedFormLrs());
    }

    /** The learning rates for {@link #lastEpoch}, from the optimizer's current ones (the chainable form). */
    protected abstract double[] nextLrs();

    /** The learning rates for {@link #lastEpoch} from the base rates alone. */
    protected abstract double[] closedFormLrs();

    /** {@code f} of each group's current learning rate. */
    protected final double[] mapCurrent(DoubleUnaryOperator f) {
        return Arrays.stream(currentLrs()).map(f).toArray();
    }
}
