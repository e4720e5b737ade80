package org.backprop4j.nn;

/**
 * Settings of a convolution layer beyond channels and kernel size, with PyTorch's defaults: stride 1, padding 0,
 * dilation 1, one group, a bias, no output padding (transposed convolutions only). {@link #withSamePadding()} pads
 * so the output keeps the input's size (stride 1 only; an odd total puts the extra element after, as PyTorch).
 *
 * <pre>{@code
 * new Conv2d(3, 16, 3, ConvOptions.DEFAULT.withStride(2).withPadding(1));
 * }</pre>
 */
public record ConvOptions(int strideH, int strideW, int padH, int padW, boolean samePadding, int dilationH,
        int dilationW, int groups, boolean bias, int outputPadH, int outputPadW) {

    public static final ConvOptions DEFAULT = new ConvOptions(1, 1, 0, 0, false, 1, 1, 1, true, 0, 0);

    public ConvOptions {
        if (strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0 || groups <= 0 || padH < 0 || padW < 0
                || outputPadH < 0 || outputPadW < 0) {
            throw new IllegalArgumentException("ConvOptions: stride, dilation and groups must be positive and "
                    + "padding non-negative, got " + new java.util.StringJoiner(", ").add("stride " + strideH + "x"
                    + strideW).add("padding " + padH + "x" + padW).add("dilation " + dilationH + "x" + dilationW)
                    .add("groups " + groups).add("output padding " + outputPadH + "x" + outputPadW));
        }
    }

    public ConvOptions withStride(int stride) {
        return withStride(stride, stride);
    }

    public ConvOptions withStride(int h, int w) {
        return new ConvOptions(h, w, padH, padW, samePadding, dilationH, dilationW, groups, bias, outputPadH,
                outputPadW);
    }

    public ConvOptions withPadding(int padding) {
        return withPadding(padding, padding);
    }

    public ConvOptions withPadding(int h, int w) {
        return new ConvOptions(strideH, strideW, h, w, false, dilationH, dilationW, groups, bias, outputPadH,
                outputPadW);
    }

    /** PyTorch's {@code padding='same'}. */
    public ConvOptions withSamePadding() {
        return new ConvOptions(strideH, strideW, 0, 0, true, dilationH, dilationW, groups, bias, outputPadH,
                outputPadW);
    }

    public ConvOptions withDilation(int dilation) {
        return withDilation(dilation, dilation);
    }

    public ConvOptions withDilation(int h, int w) {
        return new ConvOptions(strideH, strideW, padH, padW, samePadding, h, w, groups, bias, outputPadH,
                outputPadW);
    }

    public ConvOptions withGroups(int value) {
        return new ConvOptions(strideH, strideW, padH, padW, samePadding, dilationH, dilationW, value, bias,
                outputPadH, outputPadW);
    }

    public ConvOptions withBias(boolean value) {
        return new ConvOptions(strideH, strideW, padH, padW, samePadding, dilationH, dilationW, groups, value,
                outputPadH, outputPadW);
    }

    /** Extra size added to one side of a transposed convolution's output. */
    public ConvOptions withOutputPadding(int padding) {
        return new ConvOptions(strideH, strideW, padH, padW, samePadding, dilationH, dilationW, groups, bias,
                padding, padding);
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        if (strideH != 1 || strideW != 1) {
            sb.append(", stride=").append(pair(strideH, strideW));
        }
        if (samePadding) {
            sb.append(", padding=same");
        } else if (padH != 0 || padW != 0) {
            sb.append(", padding=").append(pair(padH, padW));
        }
        if (dilationH != 1 || dilationW != 1) {
            sb.append(", dilation=").append(pair(dilationH, dilationW));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (!bias) {
            sb.append(", bias=false");
        }
        return sb.toString();
    }

    private static String pair(int h, int w) {
        return h == w ? Integer.toString(h) : "(" + h + ", " + w + ")";
    }
}
