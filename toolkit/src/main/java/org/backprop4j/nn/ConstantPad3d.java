package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 3 dimensions with a constant: {@code padding} on every side, or per side as
 * {@code (left, right, top, bottom, front, back)}; negative amounts crop. Any input with at least 3 dimensions.
 */
public class ConstantPad3d extends PadNd {
    public ConstantPad3d(int padding, double value) {
        this(new int[] {padding}, value);
    }

    /** Per side, {@code (left, right, top, bottom, front, back)}. */
    public ConstantPad3d(int[] padding, double value) {
        super("ConstantPad3d", 3, padding, Padding.Mode.CONSTANT, value);
    }
}
