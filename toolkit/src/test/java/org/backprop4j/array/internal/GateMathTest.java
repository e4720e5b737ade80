package org.backprop4j.array.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The vectorized sigmoid and tanh of the float32 recurrent kernels over the whole float range (every 4,096th bit
 * pattern: about a million values, both signs, subnormals, the largest finite values, infinities, NaN), compared as
 * the kernels use them, rounded to float32. Sigmoid: within 1 float32 ulp of {@code 1 / (1 + Math.exp(-x))}. Tanh,
 * computed as {@code 1 - 2 / (e^2x + 1)}: within 1 float32 ulp of {@link Math#tanh} or 5e-16 absolute, whichever is
 * larger (near zero the formula cancels to multiples of 2^-52, for the scalar loop as for the vector one), NaN
 * exactly where the reference is NaN.
 */
class GateMathTest {
    @Test
    void theTestJvmRunsTheVectorLoops() {
        assertThat(Loops.VECTOR).as("surefire runs with --add-modules jdk.incubator.vector").isTrue();
    }

    @Test
    void sigmoidAndTanhStayWithinOneFloatUlpOfTheScalarFormulasOverTheWholeRange() {
        int count = (int) ((1L << 32) / 4096) + 3;
        double[] x = new double[count];
        int k = 0;
        for (long bits = 0; bits < (1L << 32); bits += 4096) {
            x[k++] = Float.intBitsToFloat((int) bits);
        }
        x[k++] = Float.POSITIVE_INFINITY;
        x[k++] = Float.NEGATIVE_INFINITY;
        x[k] = Float.NaN;
        double[] s = x.clone();
        double[] t = x.clone();
        // repeated, so that the loops run compiled by C2 (with the vector exp intrinsic) and not only interpreted
        for (int rep = 0; rep < 12; rep++) {
            s = x.clone();
            t = x.clone();
            GateMath.sigmoid(s, 1, count - 1);   // from 1: an odd start and a remainder for the scalar tail
            GateMath.tanh(t, 1, count - 1);
        }
        assertThat(s[0]).isEqualTo(x[0]);
        int worstSigmoid = 0;
        int worstTanh = 0;
        for (int i = 1; i < count; i++) {
            float sigmoid = (float) (1 / (1 + Math.exp(-x[i])));
            float tanh = (float) Math.tanh(x[i]);
            worstSigmoid = Math.max(worstSigmoid, ulps(sigmoid, (float) s[i], x[i]));
            if (!(Math.abs(tanh - t[i]) <= 5e-16)) {
                worstTanh = Math.max(worstTanh, ulps(tanh, (float) t[i], x[i]));
            }
        }
        assertThat(worstSigmoid).isLessThanOrEqualTo(1);
        assertThat(worstTanh).isLessThanOrEqualTo(1);
        assertThat(s[count - 3]).isEqualTo(1.0);
        assertThat(s[count - 2]).isEqualTo(0.0);
        assertThat(t[count - 3]).isEqualTo(1.0);
        assertThat(t[count - 2]).isEqualTo(-1.0);
    }

    private static int ulps(float expected, float actual, double x) {
        if (Float.isNaN(expected) || Float.isNaN(actual)) {
            assertThat(Float.isNaN(actual)).as("NaN at x = %s", x).isEqualTo(Float.isNaN(expected));
            return 0;
        }
        if (expected == actual) {
            return 0;
        }
        int a = Float.floatToIntBits(expected);
        int b = Float.floatToIntBits(actual);
        assertThat(Integer.signum(a) == Integer.signum(b) || Math.abs(expected) < Float.MIN_NORMAL).as(
                "sign at x = %s: %s vs %s", x, expected, actual).isTrue();
        return Math.abs(a - b);
    }
}
