package org.backprop4j.optim.schedule;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.optim.Optimizer;

/**
 * The 1cycle policy (Smith and Topin, "Super-Convergence: Very Fast Training of Neural Networks Using Large
 * Learning Rates", 2018), as PyTorch's {@code OneCycleLR}: the learning rate rises from {@code maxLr / divFactor}
 * to {@code maxLr} over the first {@code pctStart} of {@code totalSteps}, then anneals to {@code initial /
 * finalDivFactor}; the momentum (beta1 for the Adam family) moves the opposite way between {@code maxMomentum} and
 * {@code baseMomentum}. With {@code threePhase} the fall mirrors the rise and a third phase anneals to the
 * minimum. Step it after every batch, {@code totalSteps} times; PyTorch allows one step more, extrapolating the
 * last phase, and so does this schedule (stopping at 0 where linear annealing would go below it); another step is
 * an error. It is not chainable (it sets the rates from its own formula).
 *
 * {@snippet file="OptimSnippets.java" region="oneCycle"}
 */
public final class OneCycleLR extends EpochSchedule {

    /** How a phase moves between its end values. */
    public enum Anneal {
        /** {@code end + (start - end) / 2 * (1 + cos(pi * pct))}. */
        COS,
        /** {@code (end - start) * pct + start}. */
        LINEAR
    }

    /**
     * The policy's settings, with PyTorch's defaults: 30% rising, cosine annealing, momentum cycled between 0.85
     * and 0.95, divFactor 25, finalDivFactor 1e4, two phases.
     */
    public record Options(double pctStart, Anneal anneal, boolean cycleMomentum, double baseMomentum,
            double maxMomentum, double divFactor, double finalDivFactor, boolean threePhase) {

        public static final Options DEFAULT = new Options(0.3, Anneal.COS, true, 0.85, 0.95, 25, 1e4, false);

        /**
         * @throws IllegalArgumentException if pctStart is outside [0, 1], a factor is not positive and finite, or a
         *         momentum is outside [0, 1)
         */
        public Options {
            if (!(pctStart >= 0 && pctStart <= 1)) {
                throw new IllegalArgumentException("OneCycleLR: pctStart must be in [0, 1], got " + pctStart);
            }
            if (anneal == null) {
                throw new IllegalArgumentException("OneCycleLR: anneal must be COS or LINEAR, got null");
            }
            for (double m : new double[] {baseMomentum, maxMomentum}) {
                if (!(m >= 0 && m < 1)) {
                    throw new IllegalArgumentException("OneCycleLR: momenta must be in [0, 1), got baseMomentum "
                            + baseMomentum + " and maxMomentum " + maxMomentum);
                }
            }
            Check.positive("OneCycleLR", "divFactor", divFactor);
            Check.positive("OneCycleLR", "finalDivFactor", finalDivFactor);
        }

        public Options withPctStart(double value) {
            return new Options(value, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                    threePhase);
        }

        public Options withAnneal(Anneal value) {
            return new Options(pctStart, value, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                    threePhase);
        }

        public Options withCycleMomentum(boolean value) {
            return new Options(pctStart, anneal, value, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                    threePhase);
        }

        public Options withMomentumRange(double base, double max) {
            return new Options(pctStart, anneal, cycleMomentum, base, max, divFactor, finalDivFactor, threePhase);
        }

        public Options withDivFactors(double div, double finalDiv) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, div, finalDiv,
                    threePhase);
        }

        public Options withThreePhase(boolean value) {
            return new Options(pctStart, anneal, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
                    value);
        }
    }

    /** One phase: from {@code start} to {@code end} values, until epoch {@code endStep}. */
    private record Phase(double endStep, double[] startLr, double[] endLr, double startMomentum, double endMomentum) {
    }

    private final int totalSteps;
    private final Options options;
    private final Phase[] phases;

    /** The default policy with peak learning rate {@code maxLr} for every group. */
    public OneCycleLR(Optimizer<?, ?> optimizer, double maxLr, int totalSteps) {
        this(optimizer, filled(optimizer, maxLr), totalSteps, Options.DEFAULT);
    }

    /**
     * @param maxLrs the peak learning rate of each group
     * @throws IllegalArgumentException if there is not one positive finite peak per group, totalSteps is below 1,
     *         or momentum is cycled on an optimizer without one
     */
    public OneCycleLR(Optimizer<?, ?> optimizer, double[] maxLrs, int totalSteps, Options options) {
        super(optimizer);
        int groups = optimizer.paramGroups().size();
        if (maxLrs.length != groups) {
            throw new IllegalArgumentException("OneCycleLR: expected " + groups + " maxLrs (one per parameter "
                    + "group), got " + maxLrs.length);
        }
        for (double m : maxLrs) {
            Check.positive("OneCycleLR", "maxLr", m);
        }
        this.totalSteps = Check.positive("OneCycleLR", "totalSteps", totalSteps);
        this.options = options;
        if (options.cycleMomentum() && !optimizer.hasMomentum()) {
            throw new IllegalArgumentException("OneCycleLR: " + optimizer.name() + " has no momentum to cycle; use "
                    + "Options.withCycleMomentum(false)");
        }
        double[] initial = new double[groups];
        double[] min = new double[groups];
        for (int i = 0; i < groups; i++) {
            initial[i] = maxLrs[i] / options.divFactor();
            min[i] = initial[i] / options.finalDivFactor();
            optimizer.setInitialLr(i, initial[i]);
            baseLrs[i] = initial[i];
            if (options.cycleMomentum()) {
                optimizer.setMomentum(i, options.maxMomentum());
            }
        }
        double[] max = maxLrs.clone();
        double lo = options.baseMomentum();
        double hi = options.maxMomentum();
        double rise = options.pctStart() * totalSteps - 1;
        this.phases = options.threePhase()
                ? new Phase[] {new Phase(rise, initial, max, hi, lo),
                        new Phase(2 * options.pctStart() * totalSteps - 2, max, initial, lo, hi),
                        new Phase(totalSteps - 1, initial, min, hi, hi)}
                : new Phase[] {new Phase(rise, initial, max, hi, lo), new Phase(totalSteps - 1, max, min, lo, hi)};
        start();
    }

    private static double[] filled(Optimizer<?, ?> optimizer, double value) {
        double[] out = new double[optimizer.paramGroups().size()];
        Arrays.fill(out, value);
        return out;
    }

    private double anneal(double start, double end, double pct) {
        if (options.anneal() == Anneal.COS) {
            double cosOut = Math.cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
        return (end - start) * pct + start;
    }

    /** @throws IllegalStateException when stepped past {@code totalSteps} */
    @Override
    protected double[] nextLrs() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps) {
            throw new IllegalStateException("OneCycleLR: tried to step " + (stepNum + 1) + " times, but totalSteps is "
                    + totalSteps);
        }
        double[] lrs = new double[baseLrs.length];
        for (int g = 0; g < lrs.length; g++) {
            double startStep = 0;
            for (int i = 0; i < phases.length; i++) {
                Phase phase = phases[i];
                if (stepNum <= phase.endStep() || i == phases.length - 1) {
                    double pct = (stepNum - startStep) / (phase.endStep() - startStep);
                    // PyTorch allows one step past the end, extrapolating the last phase; linear annealing can
                    // then go below 0, which no optimizer accepts, so the rate stops at 0
                    lrs[g] = Math.max(0, anneal(phase.startLr()[g], phase.endLr()[g], pct));
                    if (options.cycleMomentum()) {
                        optimizer.setMomentum(g, anneal(phase.startMomentum(), phase.endMomentum(), pct));
                    }
                    break;
                }
                startStep = phase.endStep();
            }
        }
        return lrs;
    }

    /** The same as {@link #nextLrs()}: the policy computes every step from the epoch alone. */
    @Override
    protected double[] closedFormLrs() {
        return nextLrs();
    }
}
