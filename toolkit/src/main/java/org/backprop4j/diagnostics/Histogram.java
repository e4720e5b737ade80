package org.backprop4j.diagnostics;

import java.util.Arrays;

/**
 * Counts of values in {@code counts.length} equal bins spanning {@code [low, high]} (the last bin includes
 * {@code high}); NaN and infinite values are not counted.
 */
public record Histogram(double low, double high, long[] counts) {
    public Histogram {
        counts = counts.clone();
    }

    /** A histogram of the finite {@code values} over their own range, in {@code bins} bins. */
    static Histogram of(double[] values, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        long[] counts = new long[bins];
        if (lo > hi) {
            return new Histogram(0, 0, counts);
        }
        double width = (hi - lo) / bins;
        for (double v : values) {
            if (Double.isFinite(v)) {
                int b = width == 0 ? 0 : (int) ((v - lo) / width);
                counts[Math.min(b, bins - 1)]++;
            }
        }
        return new Histogram(lo, hi, counts);
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Double.compare(low, h.low) == 0 && Double.compare(high, h.high) == 0
                && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(low) * 31 * 31 + Double.hashCode(high) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[" + low + ", " + high + "] " + Arrays.toString(counts);
    }
}
