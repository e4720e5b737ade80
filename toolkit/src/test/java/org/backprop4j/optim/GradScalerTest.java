package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Dynamic loss scaling with the rules of PyTorch's {@code GradScaler} ({@code _amp_update_scale_}: backoff and reset
 * on Inf/NaN, growth after {@code growthInterval} clean steps in a row, no growth to infinity).
 */
class GradScalerTest {
    private static Tensor param(float... values) {
        return Tensor.of(values).requiresGrad(true);
    }

    /** Gives {@code p} the gradient {@code scale * g} as a backward of the scaled loss sum(p * g) would. */
    private static void backward(GradScaler scaler, Tensor p, float... g) {
        p.zeroGrad();
        scaler.scale(p.mul(Tensor.of(g)).sum()).backward();
    }

    @Test
    void theDefaultsArePyTorchs() {
        GradScaler s = new GradScaler();
        assertThat(s.getScale()).isEqualTo(65536.0);
        assertThat(s.toString()).contains("growthFactor=2.0", "backoffFactor=0.5", "growthInterval=2000");
    }

    @Test
    void aCleanStepUnscalesTheGradientsAndSteps() {
        Tensor p = param(1f, 2f);
        SGD sgd = new SGD(List.of(p), SGD.Options.of(0.5));
        GradScaler scaler = new GradScaler(1024, 2, 0.5, 3);
        backward(scaler, p, 0.25f, -1f);
        assertThat(p.grad().toFloatArray()).containsExactly(256f, -1024f);
        assertThat(scaler.step(sgd)).isTrue();
        assertThat(p.grad().toFloatArray()).containsExactly(0.25f, -1f);
        assertThat(p.toFloatArray()).containsExactly(0.875f, 2.5f);
        scaler.update();
        assertThat(scaler.getScale()).isEqualTo(1024.0);
        assertThat(scaler.growthTracker()).isEqualTo(1);
    }

    @Test
    void aStepWithInfOrNaNIsSkippedAndTheScaleBacksOff() {
        Tensor p = param(1f, 2f);
        Adam adam = new Adam(List.of(p), Adam.Options.DEFAULT.withLr(0.1));
        GradScaler scaler = new GradScaler(1024, 2, 0.5, 3);
        backward(scaler, p, Float.POSITIVE_INFINITY, 1f);
        assertThat(scaler.step(adam)).isFalse();
        assertThat(p.toFloatArray()).containsExactly(1f, 2f);
        assertThat(adam.stateDict().state()).isEmpty();
        scaler.update();
        assertThat(scaler.getScale()).isEqualTo(512.0);
        backward(scaler, p, Float.NaN, 1f);
        assertThat(scaler.step(adam)).isFalse();
        scaler.update();
        assertThat(scaler.getScale()).isEqualTo(256.0);
        assertThat(scaler.skippedSteps()).isEqualTo(2);
    }

    @Test
    void theScaleFollowsPyTorchsUpdateRuleOverASequenceOfSteps() {
        // inf pattern and the scales PyTorch's _amp_update_scale_ gives with init 8, growth 2, backoff 0.5, interval 3
        boolean[] inf = {false, false, false, false, true, false, false, false, false, false, false, true, false};
        double[] expected = {8, 8, 16, 16, 8, 8, 8, 16, 16, 16, 32, 16, 16};
        Tensor p = param(1f);
        SGD sgd = new SGD(List.of(p), SGD.Options.of(0.01));
        GradScaler scaler = new GradScaler(8, 2, 0.5, 3);
        List<Double> scales = new ArrayList<>();
        for (boolean bad : inf) {
            backward(scaler, p, bad ? Float.POSITIVE_INFINITY : 1f);
            scaler.step(sgd);
            scaler.update();
            scales.add(scaler.getScale());
        }
        assertThat(scales).containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Double[]::new));
    }

    @Test
    void theScaleNeverGrowsToInfinity() {
        Tensor p = param(0f);
        SGD sgd = new SGD(List.of(p), SGD.Options.of(0.01));
        GradScaler scaler = new GradScaler(Float.MAX_VALUE, 2, 0.5, 1);
        p.zeroGrad();
        p.mul(0f).sum().backward(); // a zero gradient: finite after unscaling
        scaler.step(sgd);
        scaler.update();
        assertThat(scaler.getScale()).isEqualTo((double) Float.MAX_VALUE);
        assertThat(scaler.growthTracker()).isZero();
    }

    @Test
    void misuseIsRefusedWithClearMessages() {
        Tensor p = param(1f);
        SGD sgd = new SGD(List.of(p), SGD.Options.of(0.1));
        GradScaler scaler = new GradScaler();
        assertThatThrownBy(scaler::update).hasMessageContaining("no Inf/NaN checks");
        backward(scaler, p, 1f);
        scaler.unscale(sgd);
        assertThatThrownBy(() -> scaler.unscale(sgd)).hasMessageContaining("already called");
        scaler.step(sgd);
        assertThatThrownBy(() -> scaler.step(sgd)).hasMessageContaining("already called");
        scaler.update();
        LBFGS lbfgs = new LBFGS(List.of(p));
        assertThatThrownBy(() -> scaler.step(lbfgs)).hasMessageContaining("closure");
        assertThatThrownBy(() -> new GradScaler(0, 2, 0.5, 1)).hasMessageContaining("initScale");
        assertThatThrownBy(() -> new GradScaler(1, 1, 0.5, 1)).hasMessageContaining("growthFactor");
        assertThatThrownBy(() -> new GradScaler(1, 2, 1, 1)).hasMessageContaining("backoffFactor");
        assertThatThrownBy(() -> new GradScaler(1, 2, 0.5, 0)).hasMessageContaining("growthInterval");
    }
}
