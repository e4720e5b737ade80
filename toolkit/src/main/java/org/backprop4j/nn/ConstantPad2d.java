package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 2 dimensions with a constant: {@code padding} on every side, or per side as
 * {@code (left, right, top, bottom)}; negative amounts crop. Any input with at least 2 dimensions.
 */
public class ConstantPad2d extends PadNd {
    public ConstantPad2d(int padding, double value) {
        this(new int[] {padding}, value);
    }

    /** Per side, {@code (left, right, top, bottom)}. */
    public ConstantPad2d(int[] padding, double value) {
        super("ConstantPad2d", 2, padding, Padding.Mode.CONSTANT, value);
    }
}
