package org.backprop4j.nn;

/**
 * Power-average pooling over windows of length {@code k} along the last dimension of {@code [N, C, L]} (or
 * {@code [C, L]}), PyTorch's {@code nn.LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False)}:
 * {@code (sum over the window of x^p)^(1/p)}, with p the norm type (1: sum pooling; large p tends to max pooling).
 * Computed as PyTorch does, through average pooling (see {@code Pooling.lpPool}): windows whose power sum is
 * negative give NaN, and in ceil mode a window cut short is scaled up to the full kernel length. Stride defaults to
 * the kernel size; output length {@code floor((L - k) / stride) + 1}, or rounded up in ceil mode.
 *
 * {@snippet file="ExtraLayersSnippets.java" region="lpPool"}
 */
public class LPPool1d extends LPPoolNd {
    public LPPool1d(double normType, int kernel) {
        this(normType, kernel, kernel, false);
    }

    /** @throws IllegalArgumentException if {@code normType} is 0 or not finite, or a size is not positive */
    public LPPool1d(double normType, int kernel, int stride, boolean ceilMode) {
        super("LPPool1d", normType, new int[] {kernel}, new int[] {stride}, ceilMode);
    }
}
