package org.backprop4j.optim.schedule;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.optim.Optimizer;

/** Multiplies the learning rates by {@code gamma} every epoch: {@code lr = base * gamma^epoch}, as PyTorch's. */
public final class ExponentialLR extends EpochSchedule {
    private final double gamma;

    /** @throws IllegalArgumentException if gamma is not a finite positive number */
    public ExponentialLR(Optimizer<?, ?> optimizer, double gamma) {
        super(optimizer);
        this.gamma = Check.positive("ExponentialLR", "gamma", gamma);
        start();
    }

    @Override
    protected double[] nextLrs() {
        return lastEpoch == 0 ? currentLrs() : mapCurrent(lr -> lr * gamma);
    }

    @Override
    protected double[] closedFormLrs() {
        return Arrays.stream(baseLrs).map(base -> base * Math.pow(gamma, lastEpoch)).toArray();
    }
}
