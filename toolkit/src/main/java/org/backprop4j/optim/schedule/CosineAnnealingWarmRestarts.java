package org.backprop4j.optim.schedule;

import java.util.Arrays;
import java.util.Map;

import org.backprop4j.array.internal.Check;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.StateEntries;

/**
 * Cosine annealing with warm restarts (Loshchilov and Hutter, "SGDR: Stochastic Gradient Descent with Warm
 * Restarts", ICLR 2017), as PyTorch's {@code CosineAnnealingWarmRestarts}: the first cycle lasts {@code t0} epochs,
 * each next one {@code tMult} times longer, and within a cycle
 *
 * <pre>
 * lr = etaMin + (base - etaMin) * (1 + cos(pi * tCur / tI)) / 2
 * </pre>
 *
 * {@link #step(double)} accepts fractional epochs, to anneal within an epoch batch by batch.
 */
public final class CosineAnnealingWarmRestarts extends EpochSchedule {
    private final int t0;
    private final int tMult;
    private final double etaMin;
    private int tI;
    private double tCur;

    /** Cycles of {@code t0} epochs annealing to 0. */
    public CosineAnnealingWarmRestarts(Optimizer<?, ?> optimizer, int t0) {
        this(optimizer, t0, 1, 0);
    }

    /** @throws IllegalArgumentException if t0 or tMult is below 1, or etaMin negative or not finite */
    public CosineAnnealingWarmRestarts(Optimizer<?, ?> optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        this.t0 = Check.positive("CosineAnnealingWarmRestarts", "t0", t0);
        this.tMult = Check.positive("CosineAnnealingWarmRestarts", "tMult", tMult);
        this.etaMin = Check.nonNegative("CosineAnnealingWarmRestarts", "etaMin", etaMin);
        this.tI = t0;
        this.tCur = -1;
        start();
    }

    @Override
    public void step() {
        if (lastEpoch < 0) {
            step(0.0);
            return;
        }
        lastEpoch++;
        tCur = tCur + 1;
        if (tCur >= tI) {
            tCur = tCur - tI;
            tI = tI * tMult;
        }
        apply(nextLrs());
    }

    @Override
    public void step(int epoch) {
        step((double) epoch);
    }

    /**
     * Jumps to a possibly fractional {@code epoch}, e.g. {@code epoch + batch / batches}.
     *
     * @throws IllegalArgumentException if {@code epoch} is negative or NaN
     */
    public void step(double epoch) {
        if (!(epoch >= 0)) {
            throw new IllegalArgumentException("CosineAnnealingWarmRestarts: epoch must be >= 0, got " + epoch);
        }
        if (epoch >= t0) {
            if (tMult == 1) {
                tCur = epoch % t0;
            } else {
                int n = (int) (Math.log(epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
                tCur = epoch - t0 * (Math.pow(tMult, n) - 1) / (tMult - 1);
                tI = t0 * (int) Math.pow(tMult, n);
            }
        } else {
            tI = t0;
            tCur = epoch;
        }
        lastEpoch = (int) Math.floor(epoch);
        apply(nextLrs());
    }

    @Override
    protected double[] nextLrs() {
        return Arrays.stream(baseLrs).map(base -> etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2)
                .toArray();
    }

    /** The same as {@link #nextLrs()}: {@link #step(double)} placed the epoch in its cycle. */
    @Override
    protected double[] closedFormLrs() {
        return nextLrs();
    }

    @Override
    protected void saveExtra(Map<String, Object> out) {
        out.put("T_i", (long) tI);
        out.put("T_cur", tCur);
    }

    @Override
    protected void loadExtra(StateEntries e) {
        long i = e.getLong("T_i");
        double cur = e.getDouble("T_cur");
        if (i < 1 || i > Integer.MAX_VALUE) {
            throw e.invalid("T_i", "is " + i + ", expected a cycle length >= 1");
        }
        tI = (int) i;
        tCur = cur;
    }
}
