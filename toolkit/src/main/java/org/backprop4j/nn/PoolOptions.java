package org.backprop4j.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * Settings of a pooling layer beyond its kernel, with PyTorch's defaults: stride equal to the kernel size, padding 0,
 * dilation 1 (max pooling), floor rounding of the output size ({@code ceilMode} false), padding counted in averages
 * ({@code countIncludePad} true) and no divisor override (average pooling). Sizes take one value for every spatial
 * dimension or one per dimension (a tuple in PyTorch).
 *
 * {@snippet file="SpatialSnippets.java" region="poolOptions"}
 */
public final class PoolOptions {
    public static final PoolOptions DEFAULT = new PoolOptions(null, new int[] {0}, new int[] {1}, false, true, 0);

    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final int divisorOverride;

    private PoolOptions(int[] stride, int[] padding, int[] dilation, boolean ceilMode, boolean countIncludePad,
            int divisorOverride) {
        this.stride = stride == null ? null : Sizes.checked("PoolOptions", "stride", stride, 1);
        this.padding = Sizes.checked("PoolOptions", "padding", padding, 0);
        this.dilation = Sizes.checked("PoolOptions", "dilation", dilation, 1);
        if (divisorOverride < 0) {
            throw new IllegalArgumentException("PoolOptions: divisor override must be positive (or 0 for none), got "
                    + divisorOverride);
        }
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    /** The step between windows: one value, or one per spatial dimension (default: the kernel size). */
    public PoolOptions withStride(int... values) {
        return new PoolOptions(values, padding, dilation, ceilMode, countIncludePad, divisorOverride);
    }

    /** Implicit padding on both sides (-infinity for max, zeros for average pooling), at most half the kernel. */
    public PoolOptions withPadding(int... values) {
        return new PoolOptions(stride, values, dilation, ceilMode, countIncludePad, divisorOverride);
    }

    /** Spacing between window taps (max pooling only). */
    public PoolOptions withDilation(int... values) {
        return new PoolOptions(stride, padding, values, ceilMode, countIncludePad, divisorOverride);
    }

    /** Round the output size up (PyTorch's {@code ceil_mode}): windows may hang over the input's end. */
    public PoolOptions withCeilMode(boolean value) {
        return new PoolOptions(stride, padding, dilation, value, countIncludePad, divisorOverride);
    }

    /** Whether zero padding counts in an average's divisor (average pooling only). */
    public PoolOptions withCountIncludePad(boolean value) {
        return new PoolOptions(stride, padding, dilation, ceilMode, value, divisorOverride);
    }

    /** A fixed divisor for every average (average pooling only); 0 for none. */
    public PoolOptions withDivisorOverride(int value) {
        return new PoolOptions(stride, padding, dilation, ceilMode, countIncludePad, value);
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** The divisor override, or 0 for none. */
    public int divisorOverride() {
        return divisorOverride;
    }

    /** The stride per dimension of a {@code rank}-dimensional layer with kernel {@code kernel}. */
    int[] stride(String where, int[] kernel) {
        return stride == null ? kernel.clone() : Sizes.resolve(where, "stride", stride, kernel.length);
    }

    int[] padding(String where, int rank) {
        return Sizes.resolve(where, "padding", padding, rank);
    }

    int[] dilation(String where, int rank) {
        return Sizes.resolve(where, "dilation", dilation, rank);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolOptions p && Arrays.equals(stride, p.stride) && Arrays.equals(padding, p.padding)
                && Arrays.equals(dilation, p.dilation) && ceilMode == p.ceilMode
                && countIncludePad == p.countIncludePad && divisorOverride == p.divisorOverride;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(stride), Arrays.hashCode(padding), Arrays.hashCode(dilation), ceilMode,
                countIncludePad, divisorOverride);
    }

    @Override
    public String toString() {
        return "PoolOptions(stride=" + (stride == null ? "kernel" : Sizes.tuple(stride)) + ", padding="
                + Sizes.tuple(padding) + ", dilation=" + Sizes.tuple(dilation) + ", ceilMode=" + ceilMode
                + ", countIncludePad=" + countIncludePad + ", divisorOverride=" + divisorOverride + ")";
    }
}
