package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.backprop4j.testing.TensorAssert.assertThat;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Gumbel-softmax samples: seeded, normalized, one-hot when hard, distributed as softmax(logits), differentiable. */
class GumbelSoftmaxTest {
    private static final Tensor LOGITS = Tensor.of(new double[][] {{0.5, -1.0, 2.0, 0.1}, {1.5, 1.4, -0.3, 0.0}});

    @Test
    void softSamplesAreSeededAndSumToOne() {
        Tensor a = GumbelSoftmax.sample(LOGITS, 0.7, false, 1, Rng.seeded(1));
        assertThat(a).isBitwiseEqualTo(GumbelSoftmax.sample(LOGITS, 0.7, false, 1, Rng.seeded(1)));
        assertThat(a).isNotCloseTo(GumbelSoftmax.sample(LOGITS, 0.7, false, 1, Rng.seeded(2)));
        assertThat(a.sum(1)).isCloseTo(Tensor.of(1.0, 1.0), 1e-15, 1e-15);
        assertThat(a.min().item()).isPositive();
    }

    @Test
    void hardSamplesAreOneHotAtTheSoftArgmaxWithTheSoftGradient() {
        Tensor logits = LOGITS.detach().clone().requiresGrad(true);
        Tensor w = Tensor.randn(Rng.seeded(3), DType.FLOAT64, 2, 4);
        Tensor soft = GumbelSoftmax.sample(logits, 0.5, false, -1, Rng.seeded(4));
        Tensor hard = GumbelSoftmax.sample(logits, 0.5, true, -1, Rng.seeded(4));
        assertThat(hard.sum(1)).hasValues(1, 1);
        assertThat(hard.eq(0).logicalOr(hard.eq(1)).logicalNot().to(DType.FLOAT64).sum()).hasValues(0);
        assertThat(hard.argmax(1, false)).isBitwiseEqualTo(soft.argmax(1, false));
        Tensor gSoft = Autograd.grad(soft.mul(w).sum(), logits)[0];
        Tensor gHard = Autograd.grad(hard.mul(w).sum(), logits)[0];
        assertThat(gHard).isBitwiseEqualTo(gSoft);
    }

    @Test
    void hardSamplesFollowTheSoftmaxOfTheLogits() {
        // The Gumbel-max trick: argmax(logits + g) is distributed as softmax(logits), whatever tau.
        double[] p = {0.2, 0.3, 0.5};
        int n = 20000;
        Tensor logits = Tensor.of(Math.log(p[0]), Math.log(p[1]), Math.log(p[2])).unsqueeze(0).expand(n, 3);
        Tensor counts = GumbelSoftmax.sample(logits, 2.0, true, 1, Rng.seeded(5)).sum(0);
        for (int k = 0; k < 3; k++) {
            // standard error sqrt(p (1 - p) / n) <= 0.0036; allow four of them
            assertThat(counts.toDoubleArray()[k] / n).as("frequency of class " + k).isCloseTo(p[k], within(0.015));
        }
    }

    @Test
    void lowTemperaturesGiveNearlyOneHotSamplesAndHighOnesNearlyUniform() {
        Tensor logits = Tensor.randn(Rng.seeded(6), DType.FLOAT64, 500, 5);
        double cold = GumbelSoftmax.sample(logits, 0.05, false, 1, Rng.seeded(7)).amax(new int[] {1}, false).mean()
                .item();
        double hot = GumbelSoftmax.sample(logits, 100, false, 1, Rng.seeded(7)).amax(new int[] {1}, false).mean()
                .item();
        assertThat(cold).isGreaterThan(0.97);
        assertThat(hot).isLessThan(0.25);
    }

    @Test
    void theSoftSamplePassesFirstAndSecondOrderGradientChecks() {
        Tensor logits = Tensor.randn(Rng.seeded(8), DType.FLOAT64, 2, 3).requiresGrad(true);
        java.util.function.Function<Tensor[], Tensor> f = in -> GumbelSoftmax.sample(in[0], 0.8, false, 1,
                Rng.seeded(9));
        assertThat(GradCheck.check(f, logits).compared()).isEqualTo(36);
        assertThat(GradCheck.checkSecondOrder(f, logits).compared()).isPositive();
    }

    @Test
    void aTemperatureThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> GumbelSoftmax.sample(LOGITS, 0, false, 1, Rng.seeded(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GumbelSoftmax.sample: tau must be positive and finite, got 0.0");
    }
}
