package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 1 dimension of {@code [N, C, W] or [C, W]} with the reflection of the input about its edge (the edge
 * itself not repeated): {@code padding} on every side, or per side as {@code (left, right)}, each smaller than the
 * dimension it pads.
 */
public class ReflectionPad1d extends PadNd {
    public ReflectionPad1d(int padding) {
        this(new int[] {padding});
    }

    /** Per side, {@code (left, right)}. */
    public ReflectionPad1d(int[] padding) {
        super("ReflectionPad1d", 1, padding, Padding.Mode.REFLECT, 0);
    }
}
