package org.backprop4j.optim.schedule;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.optim.Optimizer;

/**
 * Multiplies the learning rates by {@code gamma} at each milestone epoch, as PyTorch's {@code MultiStepLR}: a
 * milestone listed twice multiplies by {@code gamma^2}.
 */
public final class MultiStepLR extends EpochSchedule {
    private final int[] milestones;
    private final double gamma;

    /** With PyTorch's default gamma 0.1. */
    public MultiStepLR(Optimizer<?, ?> optimizer, int[] milestones) {
        this(optimizer, milestones, 0.1);
    }

    /**
     * @throws IllegalArgumentException if the milestones are not non-negative and non-decreasing, or gamma is not a
     *         finite positive number
     */
    public MultiStepLR(Optimizer<?, ?> optimizer, int[] milestones, double gamma) {
        super(optimizer);
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 0 || (i > 0 && milestones[i] < milestones[i - 1])) {
                throw new IllegalArgumentException("MultiStepLR: milestones must be non-negative and increasing, got "
                        + Arrays.toString(milestones));
            }
        }
        this.milestones = milestones.clone();
        this.gamma = Check.positive("MultiStepLR", "gamma", gamma);
        start();
    }

    @Override
    protected double[] nextLrs() {
        int count = (int) Arrays.stream(milestones).filter(m -> m == lastEpoch).count();
        if (count == 0) {
            return currentLrs();
        }
        double factor = Math.pow(gamma, count);
        return mapCurrent(lr -> lr * factor);
    }

    @Override
    protected double[] closedFormLrs() {
        int passed = (int) Arrays.stream(milestones).filter(m -> m <= lastEpoch).count();
        return Arrays.stream(baseLrs).map(base -> base * Math.pow(gamma, passed)).toArray();
    }
}
