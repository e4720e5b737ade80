package org.backprop4j.array.internal;

/** Special functions the JDK lacks, accurate to about 1e-15 relative in double. */
public final class SpecialFunctions {
    public static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

    private SpecialFunctions() {
    }

    /**
     * The error function. Below |x| = 2.5 it sums the series {@code erf x = 2/sqrt(pi) e^(-x^2) sum (2x^2)^n x /
     * (1*3*...*(2n+1))}, whose terms are all positive (no cancellation); above, it evaluates the continued fraction
     * of erfc backwards from a fixed depth; from |x| = 6 on, erf is 1 in double precision.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (Double.isNaN(x)) {
            return x;
        } else if (ax < 2.5) {
            double x2 = 2 * ax * ax;
            double term = ax;
            double sum = ax;
            for (int n = 1; term > sum * 1e-17; n++) {
                term *= x2 / (2 * n + 1);
                sum += term;
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum;
        } else if (ax < 6) {
            double f = ax;
            for (int n = 120; n > 0; n--) {
                f = ax + 0.5 * n / f;
            }
            r = 1 - Math.exp(-ax * ax) * INV_SQRT_PI / f;
        } else {
            r = 1;
        }
        return x < 0 ? -r : r;
    }
}
