package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 2 dimensions of {@code [N, C, H, W] or [C, H, W]} by repeating the edge element: {@code padding}
 * on every side, or per side as {@code (left, right, top, bottom)}.
 */
public class ReplicationPad2d extends PadNd {
    public ReplicationPad2d(int padding) {
        this(new int[] {padding});
    }

    /** Per side, {@code (left, right, top, bottom)}. */
    public ReplicationPad2d(int[] padding) {
        super("ReplicationPad2d", 2, padding, Padding.Mode.REPLICATE, 0);
    }
}
