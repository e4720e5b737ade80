package org.backprop4j.array.internal;

/**
 * {@link RecurrentMath}'s logistic sigmoid and float32 tanh ({@code 1 - 2 / (e^2x + 1)}) over runs of a double array,
 * in place. With the {@code jdk.incubator.vector} module present (the toolkit's launchers add it) the runs go through
 * {@link VectorGateMath}, whose {@code exp} is the JDK's vectorized one (on x86 its SVML library, within 1 ulp of
 * {@link Math#exp} in double, invisible once rounded to float32); without it, through {@link Math#exp} one element
 * at a time. {@code -Dbackprop4j.java.vector=false} chooses the scalar loops, as it does for the Java GEMM.
 */
final class GateMath {

    private GateMath() {
    }

    /** {@code a[from .. from+n) = 1 / (1 + e^-a)}. */
    static void sigmoid(double[] a, int from, int n) {
        if (Loops.VECTOR) {
            VectorGateMath.sigmoid(a, from, n);
            return;
        }
        for (int i = from; i < from + n; i++) {
            a[i] = RecurrentMath.sigmoid(a[i]);
        }
    }

    /** {@code a[from .. from+n) = 1 - 2 / (e^2a + 1)}. */
    static void tanh(double[] a, int from, int n) {
        if (Loops.VECTOR) {
            VectorGateMath.tanh(a, from, n);
            return;
        }
        for (int i = from; i < from + n; i++) {
            a[i] = RecurrentMath.tanh(true, a[i]);
        }
    }
}
