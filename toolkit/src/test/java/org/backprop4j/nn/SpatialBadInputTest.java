package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.ops.Padding;
import org.backprop4j.ops.Resampling.Mode;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad inputs and settings of the convolution, pooling, normalization, resampling and padding layers of issue 17: each
 * error names the layer (its dotted path once it has one) and every shape involved, and refuses what PyTorch
 * refuses.
 */
class SpatialBadInputTest {
    static final class Net extends Module {
        final Conv3d volume = new Conv3d(2, 4, 3);
        final Conv1d reflect = new Conv1d(2, 2, 3, ConvOptions.DEFAULT.withPadding(3)
                .withPaddingMode(Padding.Mode.REFLECT));
        final ConvTranspose1d up1d = new ConvTranspose1d(2, 2, 3, ConvOptions.DEFAULT.withStride(3));
        final MaxPool2d pool = new MaxPool2d(2);
        final MaxUnpool2d unpool = new MaxUnpool2d(2);
        final AdaptiveMaxPool2d adaptive = new AdaptiveMaxPool2d(2);
        final InstanceNorm1d norm = new InstanceNorm1d(3, 1e-5, 0.1, true, false);
        final LocalResponseNorm lrn = new LocalResponseNorm(2);
        final Upsample up = Upsample.scale(2).withMode(Mode.BILINEAR);
        final PixelShuffle shuffle = new PixelShuffle(2);
        final Fold fold = new Fold(3, 2);
        final Unfold unfold = new Unfold(5);
        final ReflectionPad1d pad = new ReflectionPad1d(3);
        final ConstantPad2d constant = new ConstantPad2d(1, 0);
    }

    private Net net;

    @BeforeEach
    void build() {
        net = new Net();
        net.parameters(); // names every layer
    }

    @Test
    void convolutionInputs() {
        assertThatThrownBy(() -> net.volume.call(Tensor.zeros(2, 4, 4, 4)))
                .hasMessage("volume (Conv3d): expected a [N, C, D, H, W] input of rank 5, got shape [2, 4, 4, 4]");
        assertThatThrownBy(() -> net.volume.call(Tensor.zeros(1, 3, 4, 4, 4)))
                .hasMessage("volume (Conv3d): expected 2 channels at dimension 1 of a [N, C, D, H, W] input, got "
                        + "shape [1, 3, 4, 4, 4]");
        assertThatThrownBy(() -> net.volume.call(Tensor.zeros(1, 2, 2, 5, 5)))
                .hasMessage("volume (Conv3d): input of shape [1, 2, 2, 5, 5] is smaller than the kernel (kernel "
                        + "3x3x3, stride 1x1x1, padding 0x0x0, dilation 1x1x1)");
        assertThatThrownBy(() -> net.reflect.call(Tensor.zeros(1, 2, 3)))
                .hasMessage("reflect (Conv1d): pad (reflect): padding (3, 3) of dimension 2 must be less than its size "
                        + "3, for pads [3, 3] and input shape [1, 2, 3]");
        assertThatThrownBy(() -> net.up1d.forward(Tensor.zeros(1, 2, 4), 20))
                .hasMessage("up1d (ConvTranspose1d): requested an output size of [20], but valid sizes of dimension 2 "
                        + "range from 12 to 14 (for an input of shape [1, 2, 4])");
        assertThatThrownBy(() -> net.up1d.forward(Tensor.zeros(1, 2, 4), 20, 3))
                .hasMessage("up1d (ConvTranspose1d): for a 3-D input, the output size must have 1 or 3 elements, got "
                        + "[20, 3]");
    }

    @Test
    void convolutionSettings() {
        assertThatThrownBy(() -> new Conv3d(2, 2, 3, ConvOptions.DEFAULT.withStride(2, 1)))
                .hasMessage("Conv3d: stride (2, 1) has 2 values, but the layer has 3 spatial dimensions; give one "
                        + "value or 3");
        assertThatThrownBy(() -> new Conv3d(2, 2, 0)).hasMessage("Conv3d: kernel size must be >= 1, got (0, 0, 0)");
        assertThatThrownBy(() -> new ConvTranspose1d(2, 2, 3, ConvOptions.DEFAULT
                .withPaddingMode(Padding.Mode.REFLECT)))
                .hasMessage("ConvTranspose1d: only zeros padding mode is supported for transposed convolutions, got "
                        + "reflect");
        assertThatThrownBy(() -> new ConvTranspose2d(2, 2, 3, ConvOptions.DEFAULT.withStride(2)
                .withOutputPadding(2)))
                .hasMessage("ConvTranspose2d: output padding 2x2 must be smaller than either stride 2x2 or dilation "
                        + "1x1");
        assertThatThrownBy(() -> new ConvTranspose3d(2, 2, 3, ConvOptions.DEFAULT.withSamePadding()))
                .hasMessage("ConvTranspose3d: padding 'same' is not defined for transposed convolutions");
        assertThatThrownBy(() -> ConvOptions.DEFAULT.withPadding(1, 2, 3, 4))
                .hasMessage("ConvOptions: padding must be 1 to 3 values >= 0, got (1, 2, 3, 4)");
    }

    @Test
    void poolingInputs() {
        assertThatThrownBy(() -> net.pool.call(Tensor.zeros(1, 3, 1, 4)))
                .hasMessage("pool (MaxPool2d): maxPool2d: input of shape [1, 3, 1, 4] is too small for kernel 2x2, "
                        + "stride 2x2, padding 0x0, dilation 1x1: the output would be [0, 2]");
        assertThatThrownBy(() -> net.pool.call(Tensor.zeros(2, 3)))
                .hasMessage("pool (MaxPool2d): expected a [N, C, H, W] or [C, H, W] input, got shape [2, 3]");
        assertThatThrownBy(() -> net.adaptive.call(Tensor.zeros(4, 4)))
                .hasMessage("adaptive (AdaptiveMaxPool2d): expected an input with 2 spatial dimensions after [N, C] "
                        + "or [C], got shape [4, 4]");
        assertThatThrownBy(() -> net.unpool.forward(Tensor.zeros(1, 1, 2, 2), Tensor.of(0L, 1, 2, 30)
                .reshape(1, 1, 2, 2)))
                .hasMessage("unpool (MaxUnpool2d): maxUnpool2d: index 30 is outside the output plane [4, 4] (16 "
                        + "elements), for input [1, 1, 2, 2]");
        assertThatThrownBy(() -> net.unpool.forward(Tensor.zeros(1, 1, 2, 2), Tensor.of(0L, 1, 2, 3)
                .reshape(1, 1, 2, 2), 6, 6))
                .hasMessage("unpool (MaxUnpool2d): invalid output size [6, 6] (dimension 0 must be between 2 and 6, "
                        + "exclusive, for an input of shape [1, 1, 2, 2])");
        assertThatThrownBy(() -> net.unpool.forward(Tensor.zeros(1, 1, 2, 2), Tensor.of(0L, 1, 2, 3)))
                .hasMessage("unpool (MaxUnpool2d): indices of shape [4] must have the input's shape [1, 1, 2, 2]");
        assertThatThrownBy(() -> net.unpool.forward(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 2, 2)))
                .hasMessage("unpool (MaxUnpool2d): maxUnpool2d: indices must be int64, got float32 of shape "
                        + "[1, 1, 2, 2]");
    }

    @Test
    void poolingSettings() {
        assertThatThrownBy(() -> new MaxPool2d(3, 1, 2))
                .hasMessage("MaxPool2d: padding (2, 2) must be at most half the kernel size (3, 3)");
        assertThatThrownBy(() -> new MaxPool2d(2, PoolOptions.DEFAULT.withCountIncludePad(false)))
                .hasMessage("MaxPool2d: countIncludePad and divisorOverride apply to average pooling only");
        assertThatThrownBy(() -> new AvgPool2d(2, PoolOptions.DEFAULT.withDilation(2)))
                .hasMessage("AvgPool2d: average pooling takes no dilation, got (2, 2)");
        assertThatThrownBy(() -> new AvgPool1d(2, PoolOptions.DEFAULT.withStride(2, 2)))
                .hasMessage("AvgPool1d: stride (2, 2) has 2 values, but the layer has 1 spatial dimension; give one "
                        + "value or 1");
        assertThatThrownBy(() -> PoolOptions.DEFAULT.withDivisorOverride(-1))
                .hasMessage("PoolOptions: divisor override must be positive (or 0 for none), got -1");
        assertThatThrownBy(() -> new AdaptiveAvgPool2d(0, 3))
                .hasMessage("AdaptiveAvgPool2d: output sizes must be >= 1 (or null to keep the input's), got [0, 3]");
    }

    @Test
    void normalization() {
        assertThatThrownBy(() -> new InstanceNorm1d(3).call(Tensor.zeros(1, 3, 1)))
                .hasMessage("InstanceNorm1d: instanceNorm: expected more than one spatial element per channel when "
                        + "using the input's statistics, got input of shape [1, 3, 1]");
        assertThatThrownBy(() -> net.norm.call(Tensor.zeros(2, 4, 5)))
                .hasMessage("norm (InstanceNorm1d): expected 3 channels at dimension 1 of a [N, C, L] or [C, L] "
                        + "input, got shape [2, 4, 5]");
        assertThatThrownBy(() -> net.norm.call(Tensor.zeros(2, 3, 4, 5)))
                .hasMessage("norm (InstanceNorm1d): expected a [N, C, L] or [C, L] input, got shape [2, 3, 4, 5]");
        assertThatThrownBy(() -> net.lrn.call(Tensor.zeros(2, 4)))
                .hasMessage("lrn (LocalResponseNorm): expected an input of 3 or more dimensions [N, C, *], got shape "
                        + "[2, 4]");
        assertThatThrownBy(() -> new BatchNorm1d(3, 1e-5, 1.5, true, true))
                .hasMessage("BatchNorm1d: eps must be positive and momentum in [0, 1] (or null for a cumulative "
                        + "average), got eps 1.0E-5, momentum 1.5");
    }

    @Test
    void resampling() {
        assertThatThrownBy(() -> net.up.call(Tensor.zeros(2, 3, 4)))
                .hasMessage("up (Upsample): interpolate (bilinear): got a 3-D input of shape [2, 3, 4], but bilinear "
                        + "mode needs a 4-D input");
        assertThatThrownBy(() -> Upsample.size(2, 3).call(Tensor.zeros(1, 2, 3)))
                .hasMessage("Upsample: interpolate (nearest): input of shape [1, 2, 3] has 1 spatial dimension, but "
                        + "the size [2, 3] has 2 values");
        assertThatThrownBy(() -> Upsample.scale(0.2).call(Tensor.zeros(1, 2, 3)))
                .hasMessage("Upsample: interpolate (nearest): input and output sizes must be positive, got input shape "
                        + "[1, 2, 3] and output size [0]");
        assertThatThrownBy(() -> Upsample.scale(2).call(Tensor.zeros(2, 3)))
                .hasMessage("Upsample: interpolate (nearest): expected a 3-D, 4-D or 5-D input [N, C, *S], got shape "
                        + "[2, 3]");
        assertThatThrownBy(() -> new Upsample(new int[] {2}, new double[] {2}, Mode.NEAREST, null, false))
                .hasMessage("Upsample: give exactly one of size and scale factor");
        assertThatThrownBy(() -> Upsample.scale(2).withAlignCorners(true))
                .hasMessage("Upsample: alignCorners can only be set with the interpolating modes linear, bilinear and "
                        + "trilinear, not nearest");
        assertThatThrownBy(() -> net.shuffle.call(Tensor.zeros(1, 3, 2, 2)))
                .hasMessage("shuffle (PixelShuffle): expected an input [*, C, H, W] with at least 3 dimensions and "
                        + "channels divisible by 4 (the square of the upscale factor), got shape [1, 3, 2, 2]");
        assertThatThrownBy(() -> net.fold.call(Tensor.zeros(1, 13, 4)))
                .hasMessage("fold (Fold): dimension 1 of input shape [1, 13, 4] must be divisible by the kernel's 4 "
                        + "elements (kernelSize=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1))");
        assertThatThrownBy(() -> net.fold.call(Tensor.zeros(1, 12, 5)))
                .hasMessage("fold (Fold): an output of (3, 3) with kernelSize=(2, 2), dilation=(1, 1), padding=(0, 0), "
                        + "stride=(1, 1) has 2 * 2 = 4 blocks, but dimension 2 of input shape [1, 12, 5] is 5");
        assertThatThrownBy(() -> net.unfold.call(Tensor.zeros(1, 3, 4, 4)))
                .hasMessage("unfold (Unfold): input of shape [1, 3, 4, 4] with kernelSize=(5, 5), dilation=(1, 1), "
                        + "padding=(0, 0), stride=(1, 1) gives 0x0 blocks; there must be at least one along each "
                        + "dimension");
    }

    @Test
    void padding() {
        assertThatThrownBy(() -> net.pad.call(Tensor.zeros(2, 3, 4, 5)))
                .hasMessage("pad (ReflectionPad1d): pad (reflect): expected (before, after) pairs for the last 1 to 3 "
                        + "dimensions of a tensor with 1 or 2 more dimensions, got pads [3, 3] for shape [2, 3, 4, 5]");
        assertThatThrownBy(() -> net.pad.call(Tensor.zeros(1, 2, 3)))
                .hasMessage("pad (ReflectionPad1d): pad (reflect): padding (3, 3) of dimension 2 must be less than its "
                        + "size 3, for pads [3, 3] and input shape [1, 2, 3]");
        assertThatThrownBy(() -> new ReplicationPad2d(1).call(Tensor.zeros(1, 2, 0, 3)))
                .hasMessage("ReplicationPad2d: pad (replicate): padding (1, 1) of dimension 2 needs a non-empty "
                        + "dimension, got size 0, for pads [1, 1, 1, 1] and input shape [1, 2, 0, 3]");
        assertThatThrownBy(() -> new Conv1d(1, 1, 3, ConvOptions.DEFAULT.withPadding(4)
                .withPaddingMode(Padding.Mode.CIRCULAR)).call(Tensor.zeros(1, 1, 3)))
                .hasMessage("Conv1d: pad (circular): padding (4, 4) of dimension 2 must be at most its size 3 (more "
                        + "would wrap around more than once), for pads [4, 4] and input shape [1, 1, 3]");
        assertThatThrownBy(() -> net.constant.call(Tensor.zeros(4)))
                .hasMessage("constant (ConstantPad2d): pad: expects (before, after) pairs for at most 1 dimensions of "
                        + "shape [4], got [1, 1, 1, 1]");
        assertThatThrownBy(() -> new ReflectionPad2d(new int[] {1, 2, 3}))
                .hasMessage("ReflectionPad2d: expected one padding or 4 (left, right, top, bottom), got [1, 2, 3]");
    }

    @Test
    void parametrizations() {
        assertThatThrownBy(() -> Parametrizations.weightNorm(new Linear(2, 3), "wieght", 0))
                .hasMessage("Linear: has no parameter 'wieght' (its parameters: [weight, bias])");
        assertThatThrownBy(() -> Parametrizations.weightNorm(new Linear(2, 3), "weight", 2))
                .hasMessage("WeightNorm: dim must be null, -1 (the whole tensor) or in [0, 2), got 2");
        assertThatThrownBy(() -> Parametrizations.spectralNorm(new Linear(2, 3), "weight", 1, 1e-12, 3))
                .hasMessage("SpectralNorm: dim 3 is out of range for a weight of shape [3, 2] (expected a value in "
                        + "[-2, 1])");
        Conv2d conv = Parametrizations.weightNorm(new Conv2d(2, 2, 2), "bias", 0);
        assertThatThrownBy(() -> conv.call(Tensor.zeros(1, 2, 3, 3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Conv2d: its forward did not read the parametrized 'bias'; Conv2d does not support "
                        + "parametrizing it (remove the parametrization)");
        assertThatThrownBy(() -> Parametrizations.remove(new Linear(2, 2), "weight", true))
                .hasMessage("Linear: parameter 'weight' is not parametrized");
        assertThatThrownBy(() -> Parametrizations.remove(Parametrizations.weightNorm(new Linear(2, 2)), "weight",
                false))
                .hasMessage("Linear: cannot give 'weight' its original's value: it has 2 originals; remove with "
                        + "leaveParametrized");
    }
}
