package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 2 dimensions of {@code [N, C, H, W] or [C, H, W]} with the reflection of the input about its edge (the
 * edge itself not repeated): {@code padding} on every side, or per side as {@code (left, right, top, bottom)}, each
 * smaller than the dimension it pads.
 */
public class ReflectionPad2d extends PadNd {
    public ReflectionPad2d(int padding) {
        this(new int[] {padding});
    }

    /** Per side, {@code (left, right, top, bottom)}. */
    public ReflectionPad2d(int[] padding) {
        super("ReflectionPad2d", 2, padding, Padding.Mode.REFLECT, 0);
    }
}
