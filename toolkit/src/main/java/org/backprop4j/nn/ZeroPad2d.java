package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 2 dimensions with zeros: {@code padding} on every side, or per side as
 * {@code (left, right, top, bottom)}; negative amounts crop.
 */
public class ZeroPad2d extends PadNd {
    public ZeroPad2d(int padding) {
        this(new int[] {padding});
    }

    /** Per side, {@code (left, right, top, bottom)}. */
    public ZeroPad2d(int[] padding) {
        super("ZeroPad2d", 2, padding, Padding.Mode.CONSTANT, 0);
    }
}
