package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 1 dimension with zeros: {@code padding} on every side, or per side as
 * {@code (left, right)}; negative amounts crop.
 */
public class ZeroPad1d extends PadNd {
    public ZeroPad1d(int padding) {
        this(new int[] {padding});
    }

    /** Per side, {@code (left, right)}. */
    public ZeroPad1d(int[] padding) {
        super("ZeroPad1d", 1, padding, Padding.Mode.CONSTANT, 0);
    }
}
