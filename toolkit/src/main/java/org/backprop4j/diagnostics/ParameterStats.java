package org.backprop4j.diagnostics;

import org.backprop4j.array.Shape;

/**
 * One parameter at one record: the 2-norm, mean absolute value and largest absolute value of its gradient (NaN
 * without a gradient), how many gradient elements are NaN or infinite, the weight's 2-norm and the
 * update-to-weight ratio {@code ||w - w_prev|| / ||w_prev||} since the previous record (NaN at the first).
 */
public record ParameterStats(String name, Shape shape, boolean hasGradient, double gradNorm, double gradMeanAbs,
        double gradMaxAbs, long nonFiniteGrads, double weightNorm, double updateRatio) {
}
