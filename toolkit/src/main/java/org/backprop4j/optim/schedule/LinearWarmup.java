package org.backprop4j.optim.schedule;

import java.util.List;

import org.backprop4j.array.internal.Check;
import org.backprop4j.optim.Optimizer;

/**
 * Scales the learning rates linearly from {@code startFactor} to {@code endFactor} of the initial ones over
 * {@code totalIters} epochs, then keeps them (PyTorch's {@code LinearLR}):
 *
 * <pre>
 * lr = base * (startFactor + (endFactor - startFactor) * min(epoch, totalIters) / totalIters)
 * </pre>
 *
 * computed recursively from the current rate as PyTorch does. It chains: {@link #followedBy} hands over to another
 * schedule after the warmup, and {@link ChainedSchedule} applies it together with another.
 *
 * {@snippet file="OptimSnippets.java" region="warmup"}
 */
public final class LinearWarmup extends EpochSchedule {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /** From {@code startFactor} of the initial rates up to the initial rates in {@code totalIters} epochs. */
    public LinearWarmup(Optimizer<?, ?> optimizer, double startFactor, int totalIters) {
        this(optimizer, startFactor, 1, totalIters);
    }

    /**
     * @throws IllegalArgumentException if startFactor is outside (0, 1], endFactor outside [0, 1], or totalIters
     *         below 1
     */
    public LinearWarmup(Optimizer<?, ?> optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: startFactor must be in (0, 1], got " + startFactor);
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: endFactor must be in [0, 1], got " + endFactor);
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = Check.positive("LinearWarmup", "totalIters", totalIters);
        start();
    }

    /**
     * This warmup for {@code totalIters} epochs, then {@code next} restarted from its epoch 0 (PyTorch's
     * {@code SequentialLR} with one milestone). Make {@code next} on the same optimizer after this warmup.
     */
    public SequentialSchedule followedBy(EpochSchedule next) {
        return new SequentialSchedule(optimizer, List.of(this, next), new int[] {totalIters});
    }

    @Override
    protected double[] nextLrs() {
        if (lastEpoch == 0) {
            return mapCurrent(lr -> lr * startFactor);
        }
        if (lastEpoch > totalIters) {
            return currentLrs();
        }
        double factor = 1. + (endFactor - startFactor)
                / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
        return mapCurrent(lr -> lr * factor);
    }

    @Override
    protected double[] closedFormLrs() {
        return java.util.Arrays.stream(baseLrs).map(base -> base * (startFactor
                + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters)).toArray();
    }
}
