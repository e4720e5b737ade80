package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.backprop4j.array.Scope;

/** In-place writes bump a version; a backward that needs a tensor saved at an older version fails clearly. */
class VersionCounterTest {
    @Test
    void modifyingASavedInputUnderNoGradBreaksTheBackward() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor w = Tensor.of(3.0, 4.0).requiresGrad(true);
        Tensor loss = x.mul(w).sum();
        try (Scope _ = GradMode.noGrad()) {
            w.addInPlace(Tensor.of(1.0, 1.0), -0.1);
        }
        assertThatThrownBy(loss::backward).isInstanceOf(AutogradException.class)
                .hasMessage("'mul' saved tensor 1 of shape [2] for its backward, and it has since been modified by an "
                        + "in-place operation (version 0, now 1); use an out-of-place op or clone() before modifying "
                        + "it");
    }

    @Test
    void modifyingASavedOutputIsDetected() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.exp(); // exp saves its output
        Tensor loss = y.sum();
        try (Scope _ = GradMode.noGrad()) {
            y.mulInPlace(2);
        }
        assertThatThrownBy(loss::backward).hasMessageContaining("'exp' saved tensor 0")
                .hasMessageContaining("modified by an in-place operation");
    }

    @Test
    void writingThroughAViewOfASavedTensorIsDetected() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor c = Tensor.of(3.0, 4.0, 5.0);
        Tensor loss = x.mul(c.slice(0, 0, 2)).sum();
        c.select(0, 2).fill(0); // another element of the same storage: still a write PyTorch would flag
        assertThatThrownBy(loss::backward).hasMessageContaining("'mul' saved tensor 1");
        Tensor z = Tensor.of(1.0).requiresGrad(true);
        Tensor loss2 = z.mul(z).sum();
        z.detach().fill(5); // detach shares storage and does not require grad, so grad mode allows it
        assertThatThrownBy(loss2::backward).hasMessageContaining("version 0, now 1");
    }

    @Test
    void aWriteToATensorThatWasNotSavedIsHarmless() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor c = Tensor.of(3.0, 4.0);
        Tensor loss = x.add(c).sum(); // add saves nothing
        c.fill(0);
        loss.backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(1, 1);
    }

    @Test
    void inPlaceOpsOnTensorsThatRequireGradAreRefusedInGradMode() {
        Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
        assertThatThrownBy(() -> w.addInPlace(Tensor.of(1.0, 1.0))).isInstanceOf(AutogradException.class)
                .hasMessage("addInPlace: tensor of shape [2] requires grad, so it cannot be modified in place while "
                        + "grad mode is on; do the update inside GradMode.noGrad()");
        assertThatThrownBy(() -> w.mulInPlace(2)).isInstanceOf(AutogradException.class)
                .hasMessageStartingWith("mulInPlace:");
        assertThatThrownBy(() -> w.copyFrom(Tensor.of(0.0, 0.0))).hasMessageStartingWith("copyFrom:");
        assertThatThrownBy(w::zero).hasMessageStartingWith("fill:");
        Tensor y = w.mul(2);
        assertThatThrownBy(() -> y.fill(0)).isInstanceOf(AutogradException.class)
                .hasMessageEndingWith("do the update inside GradMode.noGrad(), or use the out-of-place op");
        Tensor view = w.slice(0, 0, 1);
        assertThatThrownBy(() -> view.fill(0)).as("a view of a leaf that requires grad")
                .isInstanceOf(AutogradException.class);
        assertThat(w.toDoubleArray()).containsExactly(1, 2);
        assertThat(w.storage().version()).isZero();
    }

    @Test
    void anUpdateUnderNoGradBetweenTwoGraphsIsFine() {
        Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
        w.mul(w).sum().backward();
        try (Scope _ = GradMode.noGrad()) {
            w.addInPlace(w.grad(), -0.25);
        }
        assertThat(w.toDoubleArray()).containsExactly(0.5, 1);
        w.zeroGrad();
        w.mul(w).sum().backward();
        assertThat(w.grad().toDoubleArray()).containsExactly(1, 2);
    }
}
