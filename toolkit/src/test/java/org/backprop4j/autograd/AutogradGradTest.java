package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The functional {@code Autograd.grad}: returns gradients, touches no {@code grad()}. */
class AutogradGradTest {
    @Test
    void returnsTheGradientsWithoutTouchingGrad() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor w = Tensor.of(3.0, 4.0).requiresGrad(true);
        Tensor[] g = Autograd.grad(x.mul(w).sum(), x, w);
        assertThat(g[0].toDoubleArray()).containsExactly(3, 4);
        assertThat(g[1].toDoubleArray()).containsExactly(1, 2);
        assertThat(x.grad()).isNull();
        assertThat(w.grad()).isNull();
    }

    @Test
    void leavesAnExistingGradAlone() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        x.mul(x).sum().backward();
        Tensor before = x.grad();
        Autograd.grad(x.mul(5).sum(), x);
        assertThat(x.grad()).isSameAs(before);
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 4);
    }

    @Test
    void differentiatesWithRespectToAnIntermediateTensor() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(3);
        Tensor[] g = Autograd.grad(y.mul(y).sum(), y, x);
        assertThat(g[0].toDoubleArray()).containsExactly(6, 12);
        assertThat(g[1].toDoubleArray()).containsExactly(18, 36);
        assertThat(y.grad()).isNull();
    }

    @Test
    void sumsVectorJacobianProductsOverSeveralOutputs() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor[] g = Autograd.grad(List.of(x.mul(2), x.mul(x).sum()), Arrays.asList(Tensor.of(1.0, -1.0), null),
                List.of(x), BackwardOptions.DEFAULT);
        assertThat(g[0].toDoubleArray()).containsExactly(2 + 2, -2 + 4);
    }

    @Test
    void anUnusedInputIsAnErrorUnlessAllowed() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor unused = Tensor.of(5.0, 6.0).requiresGrad(true);
        assertThatThrownBy(() -> Autograd.grad(x.mul(x).sum(), x, unused)).isInstanceOf(AutogradException.class)
                .hasMessage("grad: input 1 of shape [2] was not used to compute the outputs; pass allowUnused to get "
                        + "null for it");
        Tensor[] g = Autograd.grad(x.mul(x).sum(), BackwardOptions.DEFAULT.withAllowUnused(true), x, unused);
        assertThat(g[0].toDoubleArray()).containsExactly(2, 4);
        assertThat(g[1]).isNull();
    }

    @Test
    void anInputThatDoesNotRequireGradIsRefused() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor c = Tensor.of(1.0, 1.0);
        assertThatThrownBy(() -> Autograd.grad(x.mul(c).sum(), c)).isInstanceOf(AutogradException.class)
                .hasMessage("grad: input 0 of shape [2] does not require grad");
    }

    @Test
    void aNonScalarOutputNeedsAGradOutput() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        assertThatThrownBy(() -> Autograd.grad(x.mul(2), x)).isInstanceOf(AutogradException.class)
                .hasMessageStartingWith("grad: output has shape [2]");
        assertThatThrownBy(() -> Autograd.grad(List.of(x.sum()), List.of(), List.of(x), BackwardOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("grad: 1 outputs but 0 gradOutputs");
    }

    @Test
    void freesTheGraphUnlessRetained() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(x).sum();
        Autograd.grad(y, BackwardOptions.DEFAULT.withRetainGraph(true), x);
        assertThat(Autograd.grad(y, x)[0].toDoubleArray()).containsExactly(2, 4);
        assertThatThrownBy(() -> Autograd.grad(y, x)).hasMessageContaining("retainGraph");
    }

    @Test
    void onlyTheBranchesLeadingToTheInputsAreWalked() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Tensor other = Tensor.of(2.0).requiresGrad(true);
        int[] calls = {0};
        Tensor watched = other.mul(other);
        watched.registerHook(g -> {
            calls[0]++;
            return null;
        });
        Autograd.grad(x.mul(3).add(watched).sum(), x);
        assertThat(calls[0]).isZero();
        assertThat(other.grad()).isNull();
    }
}
