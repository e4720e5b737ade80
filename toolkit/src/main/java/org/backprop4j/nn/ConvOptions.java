package org.backprop4j.nn;

import java.util.Arrays;
import java.util.Objects;

import org.backprop4j.ops.Padding;

/**
 * Settings of a convolution layer beyond channels and kernel size, with PyTorch's defaults: stride 1, padding 0,
 * dilation 1, one group, a bias, zero padding ({@code padding_mode='zeros'}), no output padding (transposed
 * convolutions only). Each size takes one value for every spatial dimension or one value per dimension (a tuple in
 * PyTorch: {@code withStride(2, 1)} for {@code stride=(2, 1)}); the layer checks the count against its dimensions.
 * {@link #withSamePadding()} pads so the output keeps the input's size (stride 1 only; an odd total puts the extra
 * element after, as PyTorch).
 *
 * {@snippet file="SpatialSnippets.java" region="convOptions"}
 */
public final class ConvOptions {
    public static final ConvOptions DEFAULT = new ConvOptions(new int[] {1}, new int[] {0}, false, new int[] {1}, 1,
            true, new int[] {0}, Padding.Mode.CONSTANT);

    private final int[] stride;
    private final int[] padding;
    private final boolean samePadding;
    private final int[] dilation;
    private final int groups;
    private final boolean bias;
    private final int[] outputPadding;
    private final Padding.Mode paddingMode;

    private ConvOptions(int[] stride, int[] padding, boolean samePadding, int[] dilation, int groups, boolean bias,
            int[] outputPadding, Padding.Mode paddingMode) {
        this.stride = checked("stride", stride, 1);
        this.padding = checked("padding", padding, 0);
        this.samePadding = samePadding;
        this.dilation = checked("dilation", dilation, 1);
        this.outputPadding = checked("output padding", outputPadding, 0);
        if (groups < 1) {
            throw new IllegalArgumentException("ConvOptions: groups must be >= 1, got " + groups);
        }
        this.groups = groups;
        this.bias = bias;
        this.paddingMode = Objects.requireNonNull(paddingMode, "paddingMode");
    }

    private static int[] checked(String name, int[] values, int min) {
        return Sizes.checked("ConvOptions", name, values, min);
    }

    /** Stride of the window: one value, or one per spatial dimension. */
    public ConvOptions withStride(int... values) {
        return new ConvOptions(values, padding, samePadding, dilation, groups, bias, outputPadding, paddingMode);
    }

    /** Padding on both sides of every spatial dimension: one value, or one per dimension. */
    public ConvOptions withPadding(int... values) {
        return new ConvOptions(stride, values, false, dilation, groups, bias, outputPadding, paddingMode);
    }

    /** PyTorch's {@code padding='same'}. */
    public ConvOptions withSamePadding() {
        return new ConvOptions(stride, new int[] {0}, true, dilation, groups, bias, outputPadding, paddingMode);
    }

    /** Spacing between kernel taps: one value, or one per spatial dimension. */
    public ConvOptions withDilation(int... values) {
        return new ConvOptions(stride, padding, samePadding, values, groups, bias, outputPadding, paddingMode);
    }

    public ConvOptions withGroups(int value) {
        return new ConvOptions(stride, padding, samePadding, dilation, value, bias, outputPadding, paddingMode);
    }

    public ConvOptions withBias(boolean value) {
        return new ConvOptions(stride, padding, samePadding, dilation, groups, value, outputPadding, paddingMode);
    }

    /** Extra size added to one side of a transposed convolution's output: one value, or one per dimension. */
    public ConvOptions withOutputPadding(int... values) {
        return new ConvOptions(stride, padding, samePadding, dilation, groups, bias, values, paddingMode);
    }

    /**
     * How the input is padded: {@code CONSTANT} (zeros, PyTorch's {@code 'zeros'}), {@code REFLECT},
     * {@code REPLICATE} or {@code CIRCULAR}. Transposed convolutions take zeros only.
     */
    public ConvOptions withPaddingMode(Padding.Mode mode) {
        return new ConvOptions(stride, padding, samePadding, dilation, groups, bias, outputPadding, mode);
    }

    public boolean samePadding() {
        return samePadding;
    }

    public int groups() {
        return groups;
    }

    public boolean bias() {
        return bias;
    }

    public Padding.Mode paddingMode() {
        return paddingMode;
    }

    /** The stride per spatial dimension of a {@code rank}-dimensional layer. */
    public int[] stride(int rank) {
        return resolve("ConvOptions", "stride", rank);
    }

    /** The padding per spatial dimension (0 with 'same' padding, which the layer computes). */
    public int[] padding(int rank) {
        return resolve("ConvOptions", "padding", rank);
    }

    public int[] dilation(int rank) {
        return resolve("ConvOptions", "dilation", rank);
    }

    public int[] outputPadding(int rank) {
        return resolve("ConvOptions", "output padding", rank);
    }

    /** The setting {@code name} per dimension of a {@code rank}-dimensional layer; errors name {@code where}. */
    int[] resolve(String where, String name, int rank) {
        int[] values = switch (name) {
            case "stride" -> stride;
            case "padding" -> padding;
            case "dilation" -> dilation;
            case "output padding" -> outputPadding;
            default -> throw new IllegalArgumentException("unknown setting " + name);
        };
        return Sizes.resolve(where, name, values, rank);
    }

    /** The settings that differ from the defaults, as {@code , stride=2, padding=(1, 0)}. */
    String describe(boolean transposed) {
        StringBuilder sb = new StringBuilder();
        if (Arrays.stream(stride).anyMatch(v -> v != 1)) {
            sb.append(", stride=").append(Sizes.tuple(stride));
        }
        if (samePadding) {
            sb.append(", padding=same");
        } else if (Arrays.stream(padding).anyMatch(v -> v != 0)) {
            sb.append(", padding=").append(Sizes.tuple(padding));
        }
        if (transposed && Arrays.stream(outputPadding).anyMatch(v -> v != 0)) {
            sb.append(", outputPadding=").append(Sizes.tuple(outputPadding));
        }
        if (Arrays.stream(dilation).anyMatch(v -> v != 1)) {
            sb.append(", dilation=").append(Sizes.tuple(dilation));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (!bias) {
            sb.append(", bias=false");
        }
        if (paddingMode != Padding.Mode.CONSTANT) {
            sb.append(", paddingMode=").append(paddingMode.torchName());
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvOptions c && Arrays.equals(stride, c.stride) && Arrays.equals(padding, c.padding)
                && samePadding == c.samePadding && Arrays.equals(dilation, c.dilation) && groups == c.groups
                && bias == c.bias && Arrays.equals(outputPadding, c.outputPadding) && paddingMode == c.paddingMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(stride), Arrays.hashCode(padding), samePadding, Arrays.hashCode(dilation),
                groups, bias, Arrays.hashCode(outputPadding), paddingMode);
    }

    @Override
    public String toString() {
        return "ConvOptions(stride=" + Sizes.tuple(stride) + ", padding="
                + (samePadding ? "same" : Sizes.tuple(padding))
                + ", dilation=" + Sizes.tuple(dilation) + ", groups=" + groups + ", bias=" + bias + ", outputPadding="
                + Sizes.tuple(outputPadding) + ", paddingMode=" + (paddingMode == Padding.Mode.CONSTANT ? "zeros"
                        : paddingMode.torchName()) + ")";
    }
}
