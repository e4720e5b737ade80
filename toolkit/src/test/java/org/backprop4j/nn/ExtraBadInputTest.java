package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.nn.functional.F;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad inputs and settings of ReLU6, the shrinking activations, LPPool1d/2d, FractionalMaxPool2d/3d and
 * AdaptiveLogSoftmaxWithLoss: each error names the layer (its dotted path once it has one), the shapes or values
 * involved and the rule broken.
 */
class ExtraBadInputTest {
    static final class Net extends Module {
        final Hardshrink shrink = new Hardshrink();
        final LPPool2d lp = new LPPool2d(2, 2);
        final LPPool1d lp1 = new LPPool1d(2, 3);
        final FractionalMaxPool2d frac = new FractionalMaxPool2d(2, 4);
        final FractionalMaxPool3d fixed = new FractionalMaxPool3d(new int[] {2}, new int[] {2}, null,
                Tensor.full(0.5, 1, 2, 3), null);
        final AdaptiveLogSoftmaxWithLoss asm = new AdaptiveLogSoftmaxWithLoss(16, 10, new int[] {4, 7});
    }

    private Net net;

    @BeforeEach
    void build() {
        net = new Net();
        net.parameters(); // names every layer
    }

    @Test
    void activations() {
        assertThatThrownBy(() -> new Softshrink(-0.5))
                .hasMessage("Softshrink: lambda must be greater or equal to 0, got -0.5");
        assertThatThrownBy(() -> F.softshrink(Tensor.zeros(2), Double.NaN))
                .hasMessage("softshrink: lambda must be greater or equal to 0, got NaN");
        assertThatThrownBy(() -> net.shrink.call(Tensor.of(1L, 2L)))
                .hasMessage("shrink (Hardshrink): hardshrink: expected a floating tensor (float32 or float64), got int64 "
                        + "of shape [2]; convert with .to(DType.FLOAT32)");
        assertThatThrownBy(() -> new ReLU6().call(Tensor.of(true, false)))
                .hasMessageStartingWith("ReLU6: relu6: expected a floating tensor (float32 or float64), got bool of "
                        + "shape [2]");
    }

    @Test
    void powerAveragePooling() {
        assertThatThrownBy(() -> new LPPool2d(0, 2)).hasMessage("LPPool2d: norm type must be finite and non-zero, got 0.0");
        assertThatThrownBy(() -> new LPPool1d(Double.POSITIVE_INFINITY, 2))
                .hasMessage("LPPool1d: norm type must be finite and non-zero, got Infinity");
        assertThatThrownBy(() -> new LPPool2d(2, new int[] {2, 2, 2}, null, false))
                .hasMessage("LPPool2d: kernel size must have 2 values (height, width), got (2, 2, 2)");
        assertThatThrownBy(() -> new LPPool1d(2, 0)).hasMessage("LPPool1d: kernel size must be 1 to 3 values >= 1, got 0");
        assertThatThrownBy(() -> net.lp.call(Tensor.zeros(1, 2, 1, 4)))
                .hasMessage("lp (LPPool2d): lpPool2d: input of shape [1, 2, 1, 4] is too small for kernel 2x2, stride "
                        + "2x2, padding 0x0, dilation 1x1: the output would be [0, 2]");
        assertThatThrownBy(() -> net.lp1.call(Tensor.zeros(4)))
                .hasMessage("lp1 (LPPool1d): expected a [N, C, L] or [C, L] input, got shape [4]");
        assertThatThrownBy(() -> F.lpPool2d(Tensor.zeros(1, 1, 4, 4), -0.0, 2))
                .hasMessage("lpPool2d: norm type must be finite and non-zero, got -0.0");
    }

    @Test
    void fractionalPoolingSettings() {
        assertThatThrownBy(() -> new FractionalMaxPool2d(new int[] {2}, new int[] {3}, new double[] {0.5}, null, null))
                .hasMessage("FractionalMaxPool2d: give either an output size or an output ratio, not both");
        assertThatThrownBy(() -> new FractionalMaxPool3d(new int[] {2}, null, null, null, null))
                .hasMessage("FractionalMaxPool3d: give either an output size or an output ratio, got neither");
        assertThatThrownBy(() -> new FractionalMaxPool2d(2, 1.5))
                .hasMessage("FractionalMaxPool2d: output ratio must be 1 or 2 values in (0, 1), got [1.5]");
        assertThatThrownBy(() -> new FractionalMaxPool2d(new int[] {2}, new int[] {3}, null, Tensor.zeros(1, 2, 3),
                null)).hasMessage("FractionalMaxPool2d: random samples must be [N, C, 2], got [1, 2, 3]");
    }

    @Test
    void fractionalPoolingInputs() {
        assertThatThrownBy(() -> net.frac.call(Tensor.zeros(1, 1, 4, 6)))
                .hasMessage("frac (FractionalMaxPool2d): fractionalMaxPool2d: pool height 2 too large relative to "
                        + "input height 4 for output height 4 (needs output + kernel - 1 <= input), input shape "
                        + "[1, 1, 4, 6]");
        assertThatThrownBy(() -> net.frac.call(Tensor.zeros(6, 6)))
                .hasMessage("frac (FractionalMaxPool2d): expected a [N, C, H, W] or [C, H, W] input, got shape [6, 6]");
        assertThatThrownBy(() -> net.fixed.call(Tensor.zeros(2, 2, 4, 4, 4)))
                .hasMessage("fixed (FractionalMaxPool3d): fractionalMaxPool3d: expected random samples of shape [2, 2, "
                        + "3] for an input of shape [2, 2, 4, 4, 4], got [1, 2, 3]");
        FractionalMaxPool2d outside = new FractionalMaxPool2d(new int[] {2}, new int[] {2}, null,
                Tensor.of(0.5, 1.0).reshape(1, 1, 2), null);
        assertThatThrownBy(() -> outside.call(Tensor.zeros(1, 1, 5, 5)))
                .hasMessage("FractionalMaxPool2d: fractionalMaxPool2d: random samples must lie in [0, 1), got 1.0");
    }

    @Test
    void adaptiveLogSoftmaxSettings() {
        String rule = "AdaptiveLogSoftmaxWithLoss: cutoffs should be a sequence of unique, positive integers sorted in "
                + "an increasing order, where each value is between 1 and nClasses-1 (9), got ";
        assertThatThrownBy(() -> new AdaptiveLogSoftmaxWithLoss(8, 10, new int[] {5, 3})).hasMessage(rule + "[5, 3]");
        assertThatThrownBy(() -> new AdaptiveLogSoftmaxWithLoss(8, 10, new int[] {0, 3})).hasMessage(rule + "[0, 3]");
        assertThatThrownBy(() -> new AdaptiveLogSoftmaxWithLoss(8, 10, new int[] {3, 10})).hasMessage(rule + "[3, 10]");
        assertThatThrownBy(() -> new AdaptiveLogSoftmaxWithLoss(8, 10, new int[] {3, 3})).hasMessage(rule + "[3, 3]");
        assertThatThrownBy(() -> new AdaptiveLogSoftmaxWithLoss(8, 10, new int[] {})).hasMessage(rule + "[]");
        assertThatThrownBy(() -> new AdaptiveLogSoftmaxWithLoss(4, 10, new int[] {2, 5, 8}))
                .hasMessage("AdaptiveLogSoftmaxWithLoss: cluster 1 would have floor(inFeatures / divValue^2) = floor(4 "
                        + "/ 4.0^2) = 0 hidden features; use fewer cutoffs, a smaller divValue or more inFeatures");
        assertThatThrownBy(() -> new AdaptiveLogSoftmaxWithLoss(8, 10, new int[] {3}, 0, false))
                .hasMessage("AdaptiveLogSoftmaxWithLoss: divValue must be positive and finite, got 0.0");
    }

    @Test
    void adaptiveLogSoftmaxInputs() {
        Tensor x = Tensor.zeros(3, 16);
        assertThatThrownBy(() -> net.asm.forward(x, Tensor.of(0L, 10L, 2L)))
                .hasMessage("asm (AdaptiveLogSoftmaxWithLoss): target values should be in [0, 9], but values in range "
                        + "[0, 10] were found");
        assertThatThrownBy(() -> net.asm.forward(x, Tensor.of(-1L, 3L, 2L)))
                .hasMessage("asm (AdaptiveLogSoftmaxWithLoss): target values should be in [0, 9], but values in range "
                        + "[-1, 3] were found");
        assertThatThrownBy(() -> net.asm.forward(x, Tensor.of(0.0, 1.0, 2.0)))
                .hasMessage("asm (AdaptiveLogSoftmaxWithLoss): target must be int64, got float64 of shape [3]");
        assertThatThrownBy(() -> net.asm.forward(x, Tensor.of(0L, 1L)))
                .hasMessage("asm (AdaptiveLogSoftmaxWithLoss): a 1-D target expects a 2-D input [N, inFeatures] with "
                        + "as many rows, got input [3, 16] and target [2]");
        assertThatThrownBy(() -> net.asm.forward(x, Tensor.zeros(org.backprop4j.array.DType.INT64, 3, 1)))
                .hasMessage("asm (AdaptiveLogSoftmaxWithLoss): 0-D or 1-D target expected, multi-target not "
                        + "supported; got target [3, 1]");
        assertThatThrownBy(() -> net.asm.forward(Tensor.zeros(3, 5), Tensor.of(0L, 1L, 2L)))
                .hasMessageStartingWith("asm (AdaptiveLogSoftmaxWithLoss): ").hasMessageContaining("[3, 5]")
                .hasMessageContaining("16");
        assertThatThrownBy(() -> net.asm.logProb(Tensor.zeros(16)))
                .hasMessage("asm (AdaptiveLogSoftmaxWithLoss).logProb: expected an input [N, inFeatures] = [N, 16], got "
                        + "[16]");
        assertThatThrownBy(() -> net.asm.predict(Tensor.zeros(2, 7)))
                .hasMessage("asm (AdaptiveLogSoftmaxWithLoss).predict: expected an input [N, inFeatures] = [N, 16], got "
                        + "[2, 7]");
    }
}
