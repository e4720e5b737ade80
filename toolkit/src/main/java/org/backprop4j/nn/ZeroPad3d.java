package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 3 dimensions with zeros: {@code padding} on every side, or per side as
 * {@code (left, right, top, bottom, front, back)}; negative amounts crop.
 */
public class ZeroPad3d extends PadNd {
    public ZeroPad3d(int padding) {
        this(new int[] {padding});
    }

    /** Per side, {@code (left, right, top, bottom, front, back)}. */
    public ZeroPad3d(int[] padding) {
        super("ZeroPad3d", 3, padding, Padding.Mode.CONSTANT, 0);
    }
}
