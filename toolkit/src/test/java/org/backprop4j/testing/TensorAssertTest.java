package org.backprop4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The tester tested: what passes, what fails, and what a failure says. */
class TensorAssertTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    private static Tensor doubles(double... values) {
        return Tensor.of(DType.FLOAT64, values);
    }

    @Test
    void anInfinityIsCloseOnlyToItself() {
        Tensor inf = Tensor.of(Double.POSITIVE_INFINITY);
        Tensor negInf = Tensor.of(Double.NEGATIVE_INFINITY);
        org.assertj.core.api.Assertions.assertThat(inf.allClose(negInf, 1e-5, 1e-8)).isFalse();
        org.assertj.core.api.Assertions.assertThat(Tensor.of(1e308).allClose(inf, 1e-5, 1e-8)).isFalse();
        assertThat(inf).isNotCloseTo(negInf, 1e-5, 1e-8).isNotCloseTo(Tensor.of(1e308), 1e-5, 1e-8)
                .isCloseTo(inf, 1e-5, 1e-8);
    }

    @Test
    void closeTensorsPass() {
        Tensor x = doubles(1, -2, 3e6, 0, INF, -INF);
        assertThat(x).isCloseTo(x.clone()).isCloseTo(x.clone(), 0, 0);
        assertThat(doubles(1.000009, 2)).isCloseTo(doubles(1, 2), 1e-5, 0).isCloseTo(doubles(1, 2), 0, 1e-5);
        assertThat(Tensor.of(0.1f, 0.25f)).as("values are compared as doubles, whatever the dtypes")
                .isCloseTo(doubles(0.1, 0.25), 1e-7, 0).isCloseTo(doubles(0.1f, 0.25f), 0, 0);
        assertThat(Tensor.zeros(0, 3)).isCloseTo(Tensor.zeros(DType.FLOAT64, 0, 3));
    }

    @Test
    void theDefaultTolerancesAreThoseOfAllClose() {
        Tensor one = doubles(1);
        assertThat(doubles(1 + 1e-5)).isCloseTo(one);
        assertThat(doubles(1 + 1.002e-5)).isNotCloseTo(one);
        assertThat(doubles(1e-8)).isCloseTo(doubles(0));
        assertThat(doubles(1.01e-8)).isNotCloseTo(doubles(0));
        assertThatThrownBy(() -> assertThat(doubles(1.01e-8)).isCloseTo(doubles(0)))
                .hasMessageContaining("with rtol 1.0E-5 and atol 1.0E-8,");
    }

    /** The assertion passes exactly when Tensor.allClose holds, so replacing one by the other weakens nothing. */
    @Test
    void itAgreesWithAllCloseOnRandomValuesZerosInfinitiesAndNaN() {
        Rng rng = Rng.seeded(1);
        double[] special = {0, -0.0, INF, -INF, NAN, 1e-300};
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + (int) rng.nextLong(4);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = rng.nextLong(5) == 0 ? special[(int) rng.nextLong(special.length)] : rng.nextGaussian();
                a[i] = switch ((int) rng.nextLong(4)) {
                    case 0 -> b[i];
                    case 1 -> b[i] * (1 + 1e-5 * rng.nextGaussian());
                    case 2 -> b[i] + 1e-8 * rng.nextGaussian();
                    default -> special[(int) rng.nextLong(special.length)];
                };
            }
            double rtol = new double[] {0, 1e-5, 1e-3}[(int) rng.nextLong(3)];
            double atol = new double[] {0, 1e-8, 1e-3}[(int) rng.nextLong(3)];
            Tensor actual = doubles(a);
            Tensor expected = doubles(b);
            boolean allClose = actual.allClose(expected, rtol, atol);
            boolean passes = passes(() -> assertThat(actual).isCloseTo(expected, rtol, atol));
            boolean negationPasses = passes(() -> assertThat(actual).isNotCloseTo(expected, rtol, atol));
            assertThat(passes).as("isCloseTo on %s and %s, rtol %s, atol %s", actual, expected, rtol, atol)
                    .isEqualTo(allClose);
            assertThat(negationPasses).as("isNotCloseTo on %s and %s", actual, expected).isEqualTo(!allClose);
        }
        assertThat(passes(() -> assertThat(doubles(1, 2)).isCloseTo(doubles(1, 2).reshape(2, 1), 1, 1)))
                .as("different shapes").isEqualTo(doubles(1, 2).allClose(doubles(1, 2).reshape(2, 1), 1, 1))
                .isFalse();
    }

    private static boolean passes(Runnable assertion) {
        try {
            assertion.run();
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Test
    void aFailureGivesShapesDtypesTheCountAndTheWorstElementWithItsDifferencesAndTheTolerances() {
        Tensor expected = doubles(1, 2, 3, 4, 5, 6).reshape(2, 3);
        Tensor actual = Tensor.of(DType.FLOAT32, 1, 2, 3.5, 4, 5, 6.0001).reshape(2, 3);

        assertThatThrownBy(() -> assertThat(actual).isCloseTo(expected))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        Expecting tensor of shape [2, 3], float32
                        to be close to tensor of shape [2, 3], float64
                        within |actual - expected| <= atol + rtol * |expected| with rtol 1.0E-5 and atol 1.0E-8,
                        but 2 of 6 elements are not; the worst, relative to its tolerance, is at index [0, 2] (flat 2):
                          actual:   3.5
                          expected: 3.0
                          absolute difference 0.5000, relative difference 0.1667; allowed 3.001e-05 \
                        (1.666e+04 times that)""");
    }

    @Test
    void aShapeMismatchIsReportedAsSuchAfterTheDescription() {
        Tensor x = doubles(1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> assertThat(x.reshape(2, 3)).as("gradient 0").isCloseTo(x.reshape(3, 2), 0, 1e-6))
                .hasMessage("""
                        [gradient 0] Expecting tensor of shape [2, 3], float64
                        to be close to tensor of shape [3, 2], float64
                        within |actual - expected| <= atol + rtol * |expected| with rtol 0.0 and atol 1.0E-6,
                        but the shapes differ: [2, 3] and [3, 2]""");
        assertThatThrownBy(() -> assertThat(Tensor.scalar(1)).isCloseTo(Tensor.ones(1)))
                .hasMessageEndingWith("but the shapes differ: [] and [1]");
    }

    @Test
    void theWorstElementIsTheFarthestOutsideItsOwnTolerance() {
        // |difference| 0.02 is twice the tolerance 0.01 at 1000; 1e-4 is ten times the tolerance 1e-5 at 1
        Tensor expected = doubles(1000, 1, 5).reshape(1, 3);
        Tensor actual = doubles(1000.02, 1.0001, 5);
        assertThatThrownBy(() -> assertThat(actual.reshape(1, 3)).isCloseTo(expected, 1e-5, 0))
                .hasMessageContaining("but 2 of 3 elements are not; the worst, relative to its tolerance, is at "
                        + "index [0, 1] (flat 1):\n  actual:   1.0001\n  expected: 1.0\n")
                .hasMessageContaining("allowed 1.000e-05 (10.00 times that)");
        assertThat(passes(() -> assertThat(actual).isCloseTo(doubles(1000, 1, 5), 1e-4, 0))).isTrue();
    }

    @Test
    void withZeroTolerancesTheLargestDifferenceIsWorstAndNaNWorstOfAll() {
        assertThatThrownBy(() -> assertThat(doubles(1, 2, 3)).isCloseTo(doubles(1.5, 2, 0), 0, 0))
                .hasMessageContaining("2 of 3 elements are not; the worst, relative to its tolerance, is at index [2]:")
                .hasMessageContaining("absolute difference 3.000, relative difference Infinity; allowed 0.000");
        assertThatThrownBy(() -> assertThat(doubles(1, NAN, 30)).isCloseTo(doubles(1, 2, 3), 1e-3, 1e-3))
                .hasMessageContaining("2 of 3 elements are not; the worst, relative to its tolerance, is at index [1]:"
                        + "\n  actual:   NaN\n  expected: 2.0\n");
    }

    @Test
    void nanIsCloseToNothingUnlessAskedAndEqualInfinitiesAreClose() {
        Tensor withNaN = doubles(1, NAN, INF);
        assertThatThrownBy(() -> assertThat(withNaN).isCloseTo(withNaN.clone()))
                .hasMessageContaining("but 1 of 3 elements are not; the worst, relative to its tolerance, is at index "
                        + "[1]:\n  actual:   NaN\n  expected: NaN\n");
        assertThat(withNaN).isNotCloseTo(withNaN.clone());
        assertThat(withNaN).withEqualNaN().isCloseTo(withNaN.clone(), 0, 0).hasValues(1, NAN, INF);
        assertThat(withNaN).withEqualNaN().isNotCloseTo(doubles(1, 2, INF));
        assertThat(doubles(INF)).isNotCloseTo(doubles(-INF), 0, 1);
    }

    @Test
    void isNotCloseToSaysWhichElementCameNearest() {
        Tensor x = doubles(1, 2, 3).reshape(3, 1);
        assertThat(x).isNotCloseTo(doubles(1, 2, 3.1).reshape(3, 1)).isNotCloseTo(doubles(1, 2, 3));
        assertThatThrownBy(() -> assertThat(x).isNotCloseTo(doubles(1, 2.0005, 3).reshape(3, 1), 1e-3, 1e-3))
                .hasMessage("""
                        Expecting tensor of shape [3, 1], float64
                        not to be close to tensor of shape [3, 1], float64
                        within |actual - expected| <= atol + rtol * |expected| with rtol 0.001 and atol 0.001,
                        but all 3 elements are; the nearest to its tolerance is at index [1, 0] (flat 1):
                          actual:   2.0
                          expected: 2.0005
                          absolute difference 0.0005000, relative difference 0.0002499; allowed 0.003001 \
                        (0.1666 times that)""");
    }

    @Test
    void aLargeComparisonFindsTheOneWrongElement() {
        Tensor expected = Tensor.randn(Rng.seeded(2), DType.FLOAT64, 1000, 2000);
        Tensor actual = expected.clone();
        actual.select(0, 999).select(0, 1234).fill(100);
        assertThatThrownBy(() -> assertThat(actual).isCloseTo(expected))
                .hasMessageContaining("but 1 of 2000000 elements are not; the worst, relative to its tolerance, is at "
                        + "index [999, 1234] (flat 1999234):\n  actual:   100.0\n");
        assertThat(expected.t().contiguous().t()).as("a strided view").isCloseTo(expected, 0, 0);
    }

    @Test
    void hasValuesIsExactOverTheRowMajorElements() {
        Tensor m = Tensor.of(new float[][] {{1, 2}, {3, 4}}).t();
        assertThat(m).hasValues(1, 3, 2, 4).hasShape(2, 2).hasDtype(DType.FLOAT32);
        assertThat(Tensor.of(0.1f)).hasValues((float) 0.1);
        assertThat(Tensor.of(true, false)).hasValues(1, 0);
        assertThatThrownBy(() -> assertThat(m).hasValues(1, 2, 3, 4)).hasMessage("""
                Expecting tensor of shape [2, 2], float32 to hold exactly [1.0, 2.0, 3.0, 4.0],
                but 2 of 4 elements differ; the first at index [0, 1] (flat 1): actual 3.0, expected 2.0
                actual values: [1.0, 3.0, 2.0, 4.0]""");
        assertThatThrownBy(() -> assertThat(m).hasValues(1, 3, 2)).hasMessage("""
                Expecting tensor of shape [2, 2], float32 to hold the 3 values [1.0, 3.0, 2.0],
                but it has 4 elements: [1.0, 3.0, 2.0, 4.0]""");
        assertThatThrownBy(() -> assertThat(Tensor.of(0.1f)).hasValues(0.1)).hasMessageContaining(
                "actual 0.10000000149011612, expected 0.1");
        assertThatThrownBy(() -> assertThat(doubles(NAN)).hasValues(NAN)).hasMessageContaining("1 of 1 elements differ");
        assertThatThrownBy(() -> assertThat(Tensor.zeros(30)).hasValues(new double[31])).hasMessageEndingWith(
                "but it has 30 elements: [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, "
                        + "0.0, 0.0, 0.0, 0.0, 0.0, ... (30 in all)]");
    }

    @Test
    void hasShapeAndHasDtypeNameBoth() {
        Tensor x = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> assertThat(x).hasShape(3, 2))
                .hasMessage("Expecting tensor of shape [2, 3], float32 to have shape [3, 2]");
        assertThatThrownBy(() -> assertThat(x).hasDtype(DType.FLOAT64))
                .hasMessage("Expecting tensor of shape [2, 3], float32 to have dtype float64");
        assertThat(Tensor.scalar(1)).hasShape();
    }

    @Test
    void isBitwiseEqualToNeedsTheSameShapeDtypeAndBits() {
        Tensor x = doubles(0.0, NAN, 1);
        assertThat(x).isBitwiseEqualTo(x.clone());
        assertThat(Tensor.of(1L, -2L)).isBitwiseEqualTo(Tensor.of(1L, -2L));
        assertThat(Tensor.of(true)).isBitwiseEqualTo(Tensor.of(true));
        assertThatThrownBy(() -> assertThat(x).isBitwiseEqualTo(doubles(-0.0, NAN, 1)))
                .hasMessage("""
                        Expecting tensor of shape [3], float64
                        to be bitwise equal to tensor of shape [3], float64,
                        but 1 of 3 elements differ; the first at index [0]: actual 0.0 (bits 0), expected -0.0 \
                        (bits 8000000000000000)""");
        assertThatThrownBy(() -> assertThat(x).isBitwiseEqualTo(x.to(DType.FLOAT32)))
                .hasMessageEndingWith("but the dtypes differ: float64 and float32");
        assertThatThrownBy(() -> assertThat(x).isBitwiseEqualTo(x.reshape(3, 1)))
                .hasMessageEndingWith("but the shapes differ: [3] and [3, 1]");
    }

    @Test
    void aNullTensorFailsAndANullExpectationIsAMistake() {
        assertThatThrownBy(() -> assertThat((Tensor) null).isCloseTo(doubles(1)))
                .hasMessageContaining("Expecting actual not to be null");
        assertThatThrownBy(() -> assertThat(doubles(1)).isCloseTo(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TensorAssert: the expected tensor is null");
    }
}
