package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.backprop4j.ops.Reduction;
import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * BCELoss at probabilities of exactly 0 and 1, which a float32 sigmoid reaches for logits beyond about 17: the loss
 * is PyTorch's (each log clamped at -100) and the gradient stays finite. Where the clamp is active the gradient is
 * that of the clamped function, 0; PyTorch 1.13 returns {@code (x - y) / max(x (1 - x), 1e-12)} there instead, which
 * is why these points are not in the golden file (through a sigmoid both give 0; see the golden case
 * {@code bce_loss_after_saturated_sigmoid}).
 */
class BceSaturationTest {
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void saturatedProbabilitiesGiveFiniteLossAndGradient(DType dtype) {
        Tensor p = Tensor.of(dtype, 0, 1, 1, 0, 1, 0).requiresGrad(true);
        Tensor y = Tensor.of(dtype, 0, 1, 0, 1, 0.25, 0.25);
        Tensor loss = new BCELoss(null, Reduction.SUM).forward(p, y);
        loss.backward();
        // -(y log p + (1 - y) log(1 - p)) with log 0 read as -100
        assertThat(loss.item()).isCloseTo(100 + 100 + 0.75 * 100 + 0.25 * 100, within(1e-4));
        // d/dp: 1 / (1 - p) at p = 0, y = 0; -1 / p at p = 1, y = 1; 0 where the log is clamped
        assertThat(p.grad().toDoubleArray()).containsExactly(new double[] {1, -1, 0, 0, -0.25, 0.75}, within(1e-7));
    }
}
