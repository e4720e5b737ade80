package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.backprop4j.array.Scope;

class GradModeTest {
    @Test
    void gradModeIsOnByDefault() {
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void nothingIsRecordedUnderNoGrad() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y;
        try (Scope _ = GradMode.noGrad()) {
            assertThat(GradMode.isEnabled()).isFalse();
            y = x.mul(x).sum();
        }
        assertThat(y.gradFn()).isNull();
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.item()).isEqualTo(5);
        assertThat(GradMode.isEnabled()).isTrue();
        assertThatThrownBy(y::backward).hasMessageContaining("does not require grad");
    }

    @Test
    void scopesNestAndRestoreThePreviousSetting() {
        try (Scope _ = GradMode.noGrad()) {
            try (Scope _ = GradMode.noGrad()) {
                assertThat(GradMode.isEnabled()).isFalse();
            }
            assertThat(GradMode.isEnabled()).as("the outer noGrad is still open").isFalse();
            try (Scope _ = GradMode.enableGrad()) {
                assertThat(GradMode.isEnabled()).isTrue();
            }
            assertThat(GradMode.isEnabled()).isFalse();
        }
        assertThat(GradMode.isEnabled()).isTrue();
        try (Scope _ = GradMode.set(false)) {
            assertThat(GradMode.isEnabled()).isFalse();
        }
    }

    @Test
    void enableGradInsideNoGradRecords() {
        Tensor x = Tensor.of(3.0).requiresGrad(true);
        Tensor y;
        try (Scope _ = GradMode.noGrad()) {
            try (Scope _ = GradMode.enableGrad()) {
                y = x.mul(x);
            }
            assertThat(x.mul(x).gradFn()).isNull();
        }
        assertThat(y.gradFn().op()).isEqualTo("mul");
        y.sum().backward();
        assertThat(x.grad().item()).isEqualTo(6);
    }

    @Test
    void theSettingIsRestoredAfterAnException() {
        assertThatThrownBy(() -> {
            try (Scope _ = GradMode.noGrad()) {
                throw new IllegalStateException("inside");
            }
        }).hasMessage("inside");
        assertThat(GradMode.isEnabled()).isTrue();
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        assertThat(x.mul(2).gradFn()).isNotNull();
    }

    @Test
    void aFailingBackwardRestoresGradMode() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Tensor y = x.mul(x).sum();
        y.backward();
        assertThatThrownBy(() -> y.backward(null, BackwardOptions.DEFAULT.withCreateGraph(false)))
                .isInstanceOf(AutogradException.class);
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void gradModeIsPerThread() throws InterruptedException {
        AtomicBoolean otherThread = new AtomicBoolean();
        try (Scope _ = GradMode.noGrad()) {
            Thread t = new Thread(() -> otherThread.set(GradMode.isEnabled()));
            t.start();
            t.join();
        }
        assertThat(otherThread).isTrue();
    }

    @Test
    void backwardRunsWithoutRecordingUnlessCreateGraph() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        Tensor[] seen = new Tensor[1];
        x.registerHook(g -> {
            seen[0] = g;
            assertThat(GradMode.isEnabled()).isFalse();
            return null;
        });
        x.mul(x).sum().backward();
        assertThat(seen[0].requiresGrad()).isFalse();
        assertThat(GradMode.isEnabled()).isTrue();
    }
}
