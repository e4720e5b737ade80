package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.backprop4j.testing.TensorAssert.assertThat;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** nn.init formulas and every layer's default initialization, against PyTorch's definitions. */
class InitTest {
    private static double[] stats(Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            mean += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        mean /= v.length;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(var / v.length), min, max};
    }

    /** Uniform on +-bound: every value inside, the extremes near the bound, std bound / sqrt 3. */
    private static void assertUniform(Tensor t, double bound) {
        double[] s = stats(t);
        assertThat(s[2]).isGreaterThanOrEqualTo(-bound).isLessThan(-0.98 * bound);
        assertThat(s[3]).isLessThanOrEqualTo(bound).isGreaterThan(0.98 * bound);
        assertThat(s[0]).isCloseTo(0, within(0.02 * bound));
        assertThat(s[1]).isCloseTo(bound / Math.sqrt(3), within(0.02 * bound));
    }

    @Test
    void gainsAreThoseOfPyTorch() {
        assertThat(Init.calculateGain(Init.Nonlinearity.LINEAR, Double.NaN)).isEqualTo(1);
        assertThat(Init.calculateGain(Init.Nonlinearity.SIGMOID, Double.NaN)).isEqualTo(1);
        assertThat(Init.calculateGain(Init.Nonlinearity.TANH, Double.NaN)).isEqualTo(5.0 / 3);
        assertThat(Init.calculateGain(Init.Nonlinearity.RELU, Double.NaN)).isEqualTo(Math.sqrt(2));
        assertThat(Init.calculateGain(Init.Nonlinearity.LEAKY_RELU, Double.NaN))
                .isEqualTo(Math.sqrt(2 / (1 + 0.01 * 0.01)));
        assertThat(Init.calculateGain(Init.Nonlinearity.LEAKY_RELU, Math.sqrt(5))).isEqualTo(Math.sqrt(2.0 / 6));
        assertThat(Init.calculateGain(Init.Nonlinearity.SELU, Double.NaN)).isEqualTo(0.75);
    }

    @Test
    void fansCountTheReceptiveField() {
        assertThat(Init.fans(Tensor.zeros(16, 3, 5, 5))).containsExactly(75, 400);
        assertThat(Init.fans(Tensor.zeros(4, 7))).containsExactly(7, 4);
        assertThatThrownBy(() -> Init.fans(Tensor.zeros(3))).hasMessageContaining("rank 2 or more, got shape [3]");
    }

    @Test
    void linearAndConvolutionDefaultsAreUniformOnOneOverSqrtFanIn() {
        Linear linear = new Linear(400, 500);
        linear.resetParameters(Rng.seeded(1));
        assertUniform(linear.weight(), 1 / Math.sqrt(400));
        Linear wide = new Linear(50, 40000);
        wide.resetParameters(Rng.seeded(2));
        assertUniform(wide.bias(), 1 / Math.sqrt(50));

        Conv2d conv = new Conv2d(8, 64, 5, ConvOptions.DEFAULT.withGroups(2));
        conv.resetParameters(Rng.seeded(3));
        assertUniform(conv.weight(), 1 / Math.sqrt(4 * 25));
        ConvTranspose2d up = new ConvTranspose2d(64, 32, 4);
        up.resetParameters(Rng.seeded(4));
        assertUniform(up.weight(), 1 / Math.sqrt(32 * 16));
        Conv1d conv1 = new Conv1d(20, 200, 7);
        conv1.resetParameters(Rng.seeded(5));
        assertUniform(conv1.weight(), 1 / Math.sqrt(140));

        Bilinear bilinear = new Bilinear(30, 20, 40);
        bilinear.resetParameters(Rng.seeded(6));
        assertUniform(bilinear.weight, 1 / Math.sqrt(30));
    }

    @Test
    void embeddingIsStandardNormalWithAZeroPaddingRow() {
        Embedding e = new Embedding(5000, 20, 3);
        e.resetParameters(Rng.seeded(7));
        double[] s = stats(e.weight());
        assertThat(s[0]).isCloseTo(0, within(0.02));
        assertThat(s[1]).isCloseTo(1, within(0.02));
        assertThat(e.weight().select(0, 3).toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void normalizationLayersStartAsIdentity() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertThat(bn.weight.toDoubleArray()).containsOnly(1.0);
        assertThat(bn.bias.toDoubleArray()).containsOnly(0.0);
        assertThat(bn.runningMean().toDoubleArray()).containsOnly(0.0);
        assertThat(bn.runningVar().toDoubleArray()).containsOnly(1.0);
        LayerNorm ln = new LayerNorm(4);
        assertThat(ln.weight.toDoubleArray()).containsOnly(1.0);
        GroupNorm gn = new GroupNorm(2, 4);
        assertThat(gn.bias.toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void xavierAndKaimingFollowTheirFormulas() {
        Tensor w = Tensor.zeros(300, 200);
        Init.xavierUniform(w, 2, Rng.seeded(8));
        assertUniform(w, 2 * Math.sqrt(6.0 / 500));
        Init.xavierNormal(w, 1, Rng.seeded(9));
        assertThat(stats(w)[1]).isCloseTo(Math.sqrt(2.0 / 500), within(0.001));
        Init.kaimingNormal(w, 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, Rng.seeded(10));
        assertThat(stats(w)[1]).isCloseTo(Math.sqrt(2.0 / 300), within(0.001));
        Init.kaimingUniform(w, 0, Init.FanMode.FAN_IN, Init.Nonlinearity.RELU, Rng.seeded(11));
        assertUniform(w, Math.sqrt(6.0 / 200));
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        Tensor wide = Tensor.zeros(DType.FLOAT64, 3, 7);
        Init.orthogonal(wide, 1, Rng.seeded(12));
        assertThat(wide.matmul(wide.t())).isCloseTo(Tensor.eye(DType.FLOAT64, 3, 3), 0, 1e-12);
        Tensor tall = Tensor.zeros(DType.FLOAT64, 6, 2, 2);
        Init.orthogonal(tall, 2, Rng.seeded(13));
        Tensor flat = tall.reshape(6, 4);
        assertThat(flat.t().matmul(flat)).isCloseTo(Tensor.eye(DType.FLOAT64, 4, 4).mul(4), 0, 1e-12);
    }

    @Test
    void truncatedNormalStaysInsideItsBounds() {
        Tensor t = Tensor.zeros(DType.FLOAT64, 20000);
        Init.truncNormal(t, 0.5, 1, -0.5, 2, Rng.seeded(14));
        double[] s = stats(t);
        assertThat(s[2]).isGreaterThanOrEqualTo(-0.5);
        assertThat(s[3]).isLessThanOrEqualTo(2);
        // mean of N(0.5, 1) truncated to [-0.5, 2]: 0.5 + (phi(-1) - phi(1.5)) / (Phi(1.5) - Phi(-1))
        double expected = 0.5 + (density(-1) - density(1.5)) / (cdf(1.5) - cdf(-1));
        assertThat(expected).isCloseTo(0.6452, within(1e-4));
        assertThat(s[0]).isCloseTo(expected, within(0.015));
        assertThatThrownBy(() -> Init.truncNormal(t, 0, 1, 10, 11, Rng.seeded(1)))
                .hasMessageContaining("holds only");
    }

    private static double density(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }

    private static double cdf(double x) {
        return 0.5 * (1 + Tensor.scalar(x / Math.sqrt(2), DType.FLOAT64).erf().item());
    }

    @Test
    void initializationIsReproducibleFromTheGlobalGeneratorToo() {
        Rng.global().reseed(5);
        Linear a = new Linear(3, 3);
        Rng.global().reseed(5);
        Linear b = new Linear(3, 3);
        assertThat(a.weight()).isCloseTo(b.weight(), 0, 0);
    }
}
