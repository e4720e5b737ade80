package org.backprop4j.optim.schedule;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.optim.Optimizer;

/**
 * Cosine annealing from the initial learning rate down to {@code etaMin} over {@code tMax} epochs (Loshchilov and
 * Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017, without the restarts), as PyTorch's
 * {@code CosineAnnealingLR}:
 *
 * <pre>
 * lr = etaMin + (base - etaMin) * (1 + cos(pi * epoch / tMax)) / 2
 * </pre>
 *
 * computed recursively from the current rate as PyTorch does, so it composes with other schedules; past
 * {@code tMax} it rises again along the cosine.
 */
public final class CosineAnnealingLR extends EpochSchedule {
    private final int tMax;
    private final double etaMin;

    /** Annealing to 0. */
    public CosineAnnealingLR(Optimizer<?, ?> optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    /** @throws IllegalArgumentException if tMax is below 1 or etaMin is negative or not finite */
    public CosineAnnealingLR(Optimizer<?, ?> optimizer, int tMax, double etaMin) {
        super(optimizer);
        this.tMax = Check.positive("CosineAnnealingLR", "tMax", tMax);
        this.etaMin = Check.nonNegative("CosineAnnealingLR", "etaMin", etaMin);
        start();
    }

    @Override
    protected double[] nextLrs() {
        double[] lrs = currentLrs();
        if (lastEpoch == 0) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                lrs[i] = lrs[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lrs[i] - etaMin) + etaMin;
            }
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLrs() {
        return Arrays.stream(baseLrs)
                .map(base -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2).toArray();
    }
}
