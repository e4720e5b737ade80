package org.backprop4j.optim.schedule;

import org.backprop4j.array.internal.Check;
import org.backprop4j.optim.Optimizer;

/**
 * Multiplies the learning rates by {@code gamma} every {@code stepSize} epochs: {@code lr = base * gamma^(epoch /
 * stepSize)} (integer division), as PyTorch's {@code StepLR}.
 */
public final class StepLR extends EpochSchedule {
    private final int stepSize;
    private final double gamma;

    /** With PyTorch's default gamma 0.1. */
    public StepLR(Optimizer<?, ?> optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    /** @throws IllegalArgumentException if stepSize is below 1 or gamma is not a finite positive number */
    public StepLR(Optimizer<?, ?> optimizer, int stepSize, double gamma) {
        super(optimizer);
        this.stepSize = Check.positive("StepLR", "stepSize", stepSize);
        this.gamma = Check.positive("StepLR", "gamma", gamma);
        start();
    }

    @Override
    protected double[] nextLrs() {
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) {
            return currentLrs();
        }
        return mapCurrent(lr -> lr * gamma);
    }

    @Override
    protected double[] closedFormLrs() {
        int k = Math.floorDiv(lastEpoch, stepSize);
        return java.util.Arrays.stream(baseLrs).map(base -> base * Math.pow(gamma, k)).toArray();
    }
}
