package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 1 dimension with a constant: {@code padding} on every side, or per side as
 * {@code (left, right)}; negative amounts crop. Any input with at least 1 dimension.
 */
public class ConstantPad1d extends PadNd {
    public ConstantPad1d(int padding, double value) {
        this(new int[] {padding}, value);
    }

    /** Per side, {@code (left, right)}. */
    public ConstantPad1d(int[] padding, double value) {
        super("ConstantPad1d", 1, padding, Padding.Mode.CONSTANT, value);
    }
}
