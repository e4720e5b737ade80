package org.backprop4j.array.internal;

/**
 * Sums of a contiguous run in double with four interleaved partial sums added pairwise at the end: the adds do not
 * wait on each other, as they do on one running sum (a latency-bound loop at about a nanosecond an element), and the
 * order is fixed, so the result depends on nothing but the data.
 */
public final class RunSums {
    private RunSums() {
    }

    public static double sum(float[] a, int from, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 4 <= len; j += 4) {
            s0 += a[from + j];
            s1 += a[from + j + 1];
            s2 += a[from + j + 2];
            s3 += a[from + j + 3];
        }
        for (; j < len; j++) {
            s0 += a[from + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    public static double sum(double[] a, int from, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 4 <= len; j += 4) {
            s0 += a[from + j];
            s1 += a[from + j + 1];
            s2 += a[from + j + 2];
            s3 += a[from + j + 3];
        }
        for (; j < len; j++) {
            s0 += a[from + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

}
