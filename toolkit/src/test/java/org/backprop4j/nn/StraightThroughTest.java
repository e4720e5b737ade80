package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.gradcheck.GradCheckException;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Straight-through estimators: the step's exact values forward, the documented surrogate gradient backward. */
class StraightThroughTest {
    private static final Tensor X = Tensor.of(-2.5, -1.0, -0.4, 0.0, 0.5, 1.0, 1.5);
    private static final Tensor V = Tensor.of(0.3, -1.2, 2.0, 0.7, -0.9, 1.1, 4.0);

    private static Tensor gradOf(java.util.function.UnaryOperator<Tensor> f) {
        Tensor x = X.detach().clone().requiresGrad(true);
        return Autograd.grad(List.of(f.apply(x)), List.of(V), List.of(x), BackwardOptions.DEFAULT)[0];
    }

    @Test
    void signIsExactForwardAndTheIdentityBackward() {
        assertThat(StraightThrough.sign(X)).hasValues(-1, -1, -1, 0, 1, 1, 1);
        assertThat(gradOf(StraightThrough::sign)).isBitwiseEqualTo(V);
    }

    @Test
    void binarizeGivesPlusOrMinusOneAndTheClippedIdentityBackward() {
        assertThat(StraightThrough.binarize(X)).hasValues(-1, -1, -1, 1, 1, 1, 1);
        // 1 where |x| <= 1, the bounds included (Hubara et al.'s 1_{|x| <= 1})
        assertThat(gradOf(StraightThrough::binarize)).hasValues(0, -1.2, 2.0, 0.7, -0.9, 1.1, 0);
    }

    @Test
    void roundRoundsHalfToEvenAndPassesTheGradientThrough() {
        Tensor x = Tensor.of(DType.FLOAT32, -1.5, -0.5, 0.49, 0.5, 1.5, 2.5, 2.51);
        Tensor r = StraightThrough.round(x);
        assertThat(r).hasDtype(DType.FLOAT32).hasValues(-2, -0, 0, 0, 2, 2, 3);
        assertThat(gradOf(StraightThrough::round)).isBitwiseEqualTo(V);
    }

    @Test
    void theValueIsExactlyTheHardOneEvenWhereTheIdiomRoundsOff() {
        // 0.1f + (1 - 0.1f) in float32 is not 1 for every soft value; the recorded op is exact
        Tensor soft = Tensor.rand(Rng.seeded(1), 1000).requiresGrad(true);
        Tensor hard = Tensor.onesLike(soft);
        assertThat(StraightThrough.estimator(hard, soft)).isBitwiseEqualTo(hard);
    }

    @Test
    void theGradientOfAnyOrderIsTheSurrogates() {
        Tensor x = Tensor.of(0.3, -0.8, 1.7).requiresGrad(true);
        Tensor soft = x.mul(x).mul(x);
        Tensor y = StraightThrough.estimator(soft.detach().sign(), soft);
        Tensor g = Autograd.grad(y.sum(), BackwardOptions.DEFAULT.withCreateGraph(true), x)[0];
        assertThat(g).isCloseTo(x.detach().square().mul(3), 1e-15, 0);
        assertThat(Autograd.grad(g.sum(), x)[0]).isCloseTo(x.detach().mul(6), 1e-15, 0);
        Tensor ge = Autograd.grad(StraightThrough.sign(x).sum(), BackwardOptions.DEFAULT.withCreateGraph(true), x)[0];
        assertThat(ge).hasValues(1, 1, 1);
        assertThat(ge.requiresGrad()).as("a constant even with createGraph: the second derivative is zero").isFalse();
    }

    @Test
    void aGradientCheckSeesThatTheEstimatorIsNotTheTrueDerivative() {
        Tensor x = Tensor.of(-0.4, 0.3, 0.6).requiresGrad(true);
        assertThatThrownBy(() -> GradCheck.check(in -> StraightThrough.binarize(in[0]), x))
                .isInstanceOf(GradCheckException.class);
        var surrogate = GradCheck.check(in -> in[0].clamp(-1, 1), x);
        assertThat(surrogate.compared()).isEqualTo(9);
    }

    @Test
    void mismatchedHardAndSoftAreRefused() {
        assertThatThrownBy(() -> StraightThrough.estimator(Tensor.zeros(2), Tensor.zeros(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StraightThrough.estimator: hard is [2] float32 and soft [3] float32; shapes and dtypes "
                        + "must be equal");
        assertThatThrownBy(() -> StraightThrough.sign(Tensor.of(1L, 2L)))
                .hasMessage("StraightThrough: the input must be floating, got int64");
    }
}
