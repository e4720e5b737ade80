package org.backprop4j.nn;

import java.util.Arrays;

import org.backprop4j.ops.Resampling;
import org.backprop4j.ops.Resampling.Mode;
import org.backprop4j.tensor.Tensor;

/**
 * Resizes the spatial dimensions of {@code [N, C, L]}, {@code [N, C, H, W]} or {@code [N, C, D, H, W]} to a size or
 * by a scale factor ({@code F.interpolate}), in PyTorch's modes: {@code nearest} (the default), {@code nearest-exact},
 * {@code linear}, {@code bilinear}, {@code trilinear} and {@code area}; the linear modes take {@code alignCorners}
 * (false unless set). A scale factor gives {@code floor(S scale)} outputs and, unless {@code recomputeScaleFactor},
 * is itself used to map output to input coordinates, as PyTorch does.
 *
 * {@snippet file="SpatialSnippets.java" region="upsample"}
 */
public class Upsample extends Module {
    final int[] size;
    final double[] scaleFactor;
    final Mode mode;
    final Boolean alignCorners;
    final boolean recomputeScaleFactor;

    /**
     * PyTorch's {@code Upsample(size, scale_factor, mode, align_corners, recompute_scale_factor)}: exactly one of
     * {@code size} and {@code scaleFactor}, each one value for every spatial dimension or one per dimension;
     * {@code alignCorners} null unless the mode is linear.
     *
     * @throws IllegalArgumentException if both or neither size and scale factor are given, a value is not positive,
     *                                  or {@code alignCorners} is set for a mode that does not interpolate
     */
    public Upsample(int[] size, double[] scaleFactor, Mode mode, Boolean alignCorners, boolean recomputeScaleFactor) {
        this("Upsample", size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    Upsample(String layer, int[] size, double[] scaleFactor, Mode mode, Boolean alignCorners,
            boolean recomputeScaleFactor) {
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException(layer + ": give exactly one of size and scale factor");
        }
        if (size != null && (size.length < 1 || size.length > 3 || Arrays.stream(size).anyMatch(s -> s < 1))) {
            throw new IllegalArgumentException(layer + ": size must be 1 to 3 values >= 1, got "
                    + Arrays.toString(size));
        }
        if (scaleFactor != null && (scaleFactor.length < 1 || scaleFactor.length > 3
                || Arrays.stream(scaleFactor).anyMatch(s -> !(s > 0) || Double.isInfinite(s)))) {
            throw new IllegalArgumentException(layer + ": scale factor must be 1 to 3 finite values > 0, got "
                    + Arrays.toString(scaleFactor));
        }
        if (alignCorners != null && mode != Mode.LINEAR && mode != Mode.BILINEAR && mode != Mode.TRILINEAR) {
            throw new IllegalArgumentException(layer + ": alignCorners can only be set with the interpolating modes "
                    + "linear, bilinear and trilinear, not " + mode.torchName());
        }
        if (recomputeScaleFactor && size != null) {
            throw new IllegalArgumentException(layer + ": recomputeScaleFactor is not meaningful with an explicit "
                    + "size");
        }
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.alignCorners = alignCorners;
        this.recomputeScaleFactor = recomputeScaleFactor;
    }

    /** Nearest-neighbour upsampling by {@code factors} (one for every spatial dimension, or one per dimension). */
    public static Upsample scale(double... factors) {
        return new Upsample(null, factors, Mode.NEAREST, null, false);
    }

    /** Nearest-neighbour resizing to {@code size} (one for every spatial dimension, or one per dimension). */
    public static Upsample size(int... size) {
        return new Upsample(size, null, Mode.NEAREST, null, false);
    }

    /** This resizing in another mode ({@code alignCorners} dropped unless the new mode interpolates). */
    public Upsample withMode(Mode value) {
        boolean linear = value == Mode.LINEAR || value == Mode.BILINEAR || value == Mode.TRILINEAR;
        return new Upsample(size, scaleFactor, value, linear ? alignCorners : null, recomputeScaleFactor);
    }

    /** This resizing with PyTorch's {@code align_corners} (linear modes only). */
    public Upsample withAlignCorners(boolean value) {
        return new Upsample(size, scaleFactor, mode, value, recomputeScaleFactor);
    }

    @Override
    public Tensor forward(Tensor input) {
        try {
            return Resampling.interpolate(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected String extraRepr() {
        String s = size != null ? "size=" + Sizes.tuple(size) : "scaleFactor=" + (scaleFactor.length == 1
                ? Double.toString(scaleFactor[0]) : Arrays.toString(scaleFactor).replace('[', '(').replace(']', ')'));
        return s + ", mode=" + mode.torchName() + (alignCorners != null ? ", alignCorners=" + alignCorners : "");
    }
}
