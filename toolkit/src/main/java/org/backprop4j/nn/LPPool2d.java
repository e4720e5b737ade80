package org.backprop4j.nn;

/**
 * Power-average pooling over {@code kH x kW} windows of {@code [N, C, H, W]} (or {@code [C, H, W]}), PyTorch's
 * {@code nn.LPPool2d(norm_type, kernel_size, stride=None, ceil_mode=False)}: {@code (sum over the window of
 * x^p)^(1/p)}, computed as PyTorch does, through average pooling (see {@code Pooling.lpPool}). Stride defaults to the
 * kernel size.
 *
 * {@snippet file="ExtraLayersSnippets.java" region="lpPool"}
 */
public class LPPool2d extends LPPoolNd {
    public LPPool2d(double normType, int kernel) {
        this(normType, new int[] {kernel, kernel}, null, false);
    }

    public LPPool2d(double normType, int kernel, int stride, boolean ceilMode) {
        this(normType, new int[] {kernel, kernel}, new int[] {stride, stride}, ceilMode);
    }

    /**
     * A {@code kernel = {kH, kW}} window with {@code stride = {sH, sW}} (null: the kernel size), PyTorch's tuples.
     *
     * @throws IllegalArgumentException if {@code normType} is 0 or not finite, or a size is not positive or not one
     *                                  per spatial dimension
     */
    public LPPool2d(double normType, int[] kernel, int[] stride, boolean ceilMode) {
        super("LPPool2d", normType, checkedPair("kernel size", kernel), stride == null ? null
                : checkedPair("stride", stride), ceilMode);
    }

    private static int[] checkedPair(String name, int[] values) {
        if (values == null || values.length != 2) {
            throw new IllegalArgumentException("LPPool2d: " + name + " must have 2 values (height, width), got "
                    + (values == null ? "null" : Sizes.tuple(values)));
        }
        return values;
    }
}
