package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.nn.functional.F;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dropout1d, Dropout3d, AlphaDropout and FeatureAlphaDropout: evaluation, seeded masks, channel-wise decisions,
 * statistics, gradients (finite differences with a fixed mask), PyTorch's edge cases, and their F forms.
 */
class ChannelDropoutTest {
    /** A dropout layer, its functional form, and an input shape; {@code lead} dimensions share no decision. */
    record Kind(String name, BiFunction<Double, Rng, Dropout> layer, Functional functional, int[] shape, int lead) {
        @Override
        public String toString() {
            return name + " on " + Arrays.toString(shape);
        }
    }

    @FunctionalInterface
    interface Functional {
        Tensor apply(Tensor x, double p, boolean training, Rng rng);
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("Dropout1d", Dropout1d::new, F::dropout1d, new int[] {4, 6, 5}, 2),
                new Kind("Dropout1d", Dropout1d::new, F::dropout1d, new int[] {6, 5}, 1),
                new Kind("Dropout3d", Dropout3d::new, F::dropout3d, new int[] {3, 4, 2, 3, 2}, 2),
                new Kind("Dropout3d", Dropout3d::new, F::dropout3d, new int[] {4, 2, 3, 2}, 1),
                new Kind("AlphaDropout", AlphaDropout::new, F::alphaDropout, new int[] {4, 6, 5}, 3),
                new Kind("FeatureAlphaDropout", FeatureAlphaDropout::new, F::featureAlphaDropout,
                        new int[] {4, 6, 5}, 2),
                new Kind("FeatureAlphaDropout", FeatureAlphaDropout::new, F::featureAlphaDropout,
                        new int[] {4, 6}, 2));
    }

    private static Tensor input(int... shape) {
        return Tensor.randn(Rng.seeded(1), DType.FLOAT64, shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void evaluationIsTheIdentityAndTrainingIsNot(Kind k) {
        Tensor x = input(k.shape());
        Dropout d = k.layer().apply(0.5, Rng.seeded(2));
        assertThat(d.eval().call(x)).isSameAs(x);
        assertThat(d.train().call(x)).isNotCloseTo(x, 1e-6, 1e-6);
        assertThat(k.functional().apply(x, 0.5, false, null)).isSameAs(x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void seededMasksReproduceAndTheFunctionalFormIsTheModule(Kind k) {
        Tensor x = input(k.shape());
        Tensor first = k.layer().apply(0.4, Rng.seeded(3)).call(x);
        assertThat(k.layer().apply(0.4, Rng.seeded(3)).call(x)).isBitwiseEqualTo(first);
        assertThat(k.functional().apply(x, 0.4, true, Rng.seeded(3))).isBitwiseEqualTo(first);
        assertThat(k.layer().apply(0.4, Rng.seeded(4)).call(x)).isNotCloseTo(first, 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void eachUnitIsKeptOrDroppedWhole(Kind k) {
        // an input of ones: a kept element gives 1 / (1 - p) (alpha: a + b), a dropped one 0 (alpha: b - alpha' a)
        Dropout d = k.layer().apply(0.5, Rng.seeded(5));
        Tensor out = d.call(Tensor.ones(DType.FLOAT64, k.shape()));
        double[] v = out.toDoubleArray();
        int units = 1;
        for (int i = 0; i < k.lead(); i++) {
            units *= k.shape()[i];
        }
        int per = v.length / units;
        int dropped = 0;
        double droppedValue = d instanceof AlphaDropout ? Arrays.stream(v).min().orElseThrow() : 0;
        for (int u = 0; u < units; u++) {
            double[] unit = Arrays.copyOfRange(v, u * per, (u + 1) * per);
            assertThat(Arrays.stream(unit).distinct().count()).as("unit %d of %s", u, k).isEqualTo(1);
            dropped += unit[0] == droppedValue ? 1 : 0;
        }
        assertThat(dropped).as("some units dropped, some kept").isBetween(1, units - 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void pZeroIsTheIdentityAndPOneGivesZerosWithZeroGradients(Kind k) {
        Tensor x = input(k.shape()).requiresGrad(true);
        assertThat(k.layer().apply(0.0, null).call(x)).isSameAs(x);
        Tensor out = k.layer().apply(1.0, null).call(x);
        assertThat(out).isCloseTo(Tensor.zeros(DType.FLOAT64, k.shape()), 0, 0);
        assertThat(Autograd.grad(out.sum(), x)[0]).isCloseTo(Tensor.zeros(DType.FLOAT64, k.shape()), 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void gradientsMatchFiniteDifferencesWithAFixedMask(Kind k) {
        Tensor x = input(k.shape()).requiresGrad(true);
        Function<Tensor[], Tensor> forward = in -> k.layer().apply(0.4, Rng.seeded(6)).call(in[0]);
        ModuleCheck.Reports reports = ModuleCheck.check(new Identity(), forward, true, x);
        reports.assertEveryEntryComparedWithinAtol(new Identity(), new Tensor[] {x}, forward.apply(new Tensor[] {x}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theGradientIsTheMaskTimesTheScale(Kind k) {
        double p = 0.3;
        Tensor x = input(k.shape()).requiresGrad(true);
        Dropout d = k.layer().apply(p, Rng.seeded(7));
        Tensor out = d.call(x);
        double scale = d instanceof AlphaDropout ? 1 / Math.sqrt((AlphaDropout.ALPHA * AlphaDropout.ALPHA * p + 1)
                * (1 - p)) : 1 / (1 - p);
        // the same mask on ones tells kept from dropped (on ones, dropped elements take the smallest value)
        Tensor onOnes = k.layer().apply(p, Rng.seeded(7)).call(Tensor.ones(DType.FLOAT64, k.shape()));
        Tensor kept = onOnes.ne(Arrays.stream(onOnes.toDoubleArray()).min().orElseThrow()).to(DType.FLOAT64);
        assertThat(Autograd.grad(out.sum(), x)[0]).isCloseTo(kept.mul(scale), 1e-15, 0);
    }

    @Test
    void alphaDropoutKeepsZeroMeanAndUnitVarianceOfAStandardNormalInput() {
        int n = 200_000;
        for (double p : new double[] {0.1, 0.5}) {
            assertStandardized(new AlphaDropout(p, Rng.seeded(9)).call(input(n)).toDoubleArray(), 1, p);
            // 20,000 channels of 10 elements: the channel decisions make the units whole channels
            assertStandardized(new FeatureAlphaDropout(p, Rng.seeded(10)).call(input(400, 50, 10)).toDoubleArray(),
                    10, p);
        }
    }

    /**
     * The sample mean and the sample mean of squares are averages of independent per-unit averages (a unit: the
     * elements that share a mask decision), so each lies within 5 standard errors (estimated from the units) of its
     * expectation, 0 and 1: a bound that tightens with the sample size and fails a correct layer with probability
     * below 1e-6.
     */
    private static void assertStandardized(double[] y, int unit, double p) {
        int units = y.length / unit;
        double[] means = new double[units];
        double[] squares = new double[units];
        for (int u = 0; u < units; u++) {
            for (int i = u * unit; i < (u + 1) * unit; i++) {
                means[u] += y[i] / unit;
                squares[u] += y[i] * y[i] / unit;
            }
        }
        double mean = Arrays.stream(means).average().orElseThrow();
        double meanSquare = Arrays.stream(squares).average().orElseThrow();
        assertThat(Math.abs(mean)).as("mean, p = %s", p).isLessThan(5 * standardError(means));
        assertThat(Math.abs(meanSquare - 1)).as("mean square, p = %s", p).isLessThan(5 * standardError(squares));
        assertThat(5 * standardError(squares)).as("the bound is tight").isLessThan(0.05);
    }

    private static double standardError(double[] v) {
        double m = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1);
        return Math.sqrt(var / v.length);
    }

    @Test
    void theDropFractionIsP() {
        int n = 100_000;
        double p = 0.3;
        double dropped = new Dropout1d(p, Rng.seeded(11)).call(Tensor.ones(DType.FLOAT64, n, 1)).eq(0)
                .to(DType.FLOAT64).mean().item();
        assertThat(Math.abs(dropped - p)).isLessThan(5 * Math.sqrt(p * (1 - p) / n));
    }

    @Test
    void badProbabilitiesAndShapesAreRefusedNamingTheLayer() {
        assertThatThrownBy(() -> new Dropout1d(1.5)).hasMessage("Dropout1d: p must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new Dropout3d(-0.1)).hasMessage("Dropout3d: p must be in [0, 1], got -0.1");
        assertThatThrownBy(() -> new AlphaDropout(Double.NaN)).hasMessage("AlphaDropout: p must be in [0, 1], got NaN");
        assertThatThrownBy(() -> new FeatureAlphaDropout(2)).hasMessageStartingWith("FeatureAlphaDropout: p must");
        assertThatThrownBy(() -> F.alphaDropout(Tensor.zeros(3), 1.1, true, null)).hasMessageContaining("1.1");
        assertThatThrownBy(() -> new Dropout1d(0.5).call(Tensor.zeros(2, 3, 4, 5)))
                .hasMessage("Dropout1d: expected a [N, C, L] or [C, L] input of rank 3 or 2, got shape [2, 3, 4, 5]");
        assertThatThrownBy(() -> new Dropout3d(0.5).eval().call(Tensor.zeros(2, 3)))
                .hasMessage("Dropout3d: expected a [N, C, D, H, W] or [C, D, H, W] input of rank 5 or 4, got shape "
                        + "[2, 3]");
        assertThatThrownBy(() -> new FeatureAlphaDropout(0.5).call(Tensor.zeros(3)))
                .hasMessage("FeatureAlphaDropout: expected an input [N, C, *] with at least 2 dimensions (a batch and "
                        + "a channel dimension), got shape [3]");
        Sequential model = new Sequential(new Linear(3, 3), new Dropout1d(0.2));
        assertThatThrownBy(() -> model.call(Tensor.zeros(2, 3, 3, 3))).hasMessageStartingWith("1 (Dropout1d): ");
    }
}
