package org.backprop4j.diagnostics;

import org.backprop4j.tensor.Tensor;

/**
 * One pass over a tensor's values: the sums a norm, a mean absolute value and a maximum need, and the counts of
 * zeros and of NaN or infinite values. A non-finite value makes the norm, mean and maximum non-finite too, so a
 * NaN gradient cannot hide behind a finite summary.
 */
final class Moments {
    final long count;
    final long nonFinite;
    final long zeros;
    final double sum;
    final double sumSquares;
    final double sumAbs;
    final double maxAbs;

    private Moments(long count, long nonFinite, long zeros, double sum, double sumSquares, double sumAbs,
            double maxAbs) {
        this.count = count;
        this.nonFinite = nonFinite;
        this.zeros = zeros;
        this.sum = sum;
        this.sumSquares = sumSquares;
        this.sumAbs = sumAbs;
        this.maxAbs = maxAbs;
    }

    static Moments of(Tensor t) {
        return of(t.toDoubleArray());
    }

    static Moments of(double[] values) {
        long nonFinite = 0;
        long zeros = 0;
        double sum = 0;
        double squares = 0;
        double abs = 0;
        double max = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                nonFinite++;
            } else if (v == 0) {
                zeros++;
            }
            double a = Math.abs(v);
            sum += v;
            squares += v * v;
            abs += a;
            max = Math.max(max, a);   // NaN once seen stays: Math.max returns NaN if either is NaN
        }
        return new Moments(values.length, nonFinite, zeros, sum, squares, abs, max);
    }

    double norm() {
        return Math.sqrt(sumSquares);
    }

    double meanAbs() {
        return count == 0 ? 0 : sumAbs / count;
    }
}
