package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 3 dimensions of {@code [N, C, D, H, W] or [C, D, H, W]} with the reflection of the input about its edge
 * (the edge itself not repeated): {@code padding} on every side, or per side as
 * {@code (left, right, top, bottom, front, back)}, each smaller than the dimension it pads.
 */
public class ReflectionPad3d extends PadNd {
    public ReflectionPad3d(int padding) {
        this(new int[] {padding});
    }

    /** Per side, {@code (left, right, top, bottom, front, back)}. */
    public ReflectionPad3d(int[] padding) {
        super("ReflectionPad3d", 3, padding, Padding.Mode.REFLECT, 0);
    }
}
