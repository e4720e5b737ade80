package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 3 dimensions of {@code [N, C, D, H, W] or [C, D, H, W]} by repeating the edge element: {@code padding}
 * on every side, or per side as {@code (left, right, top, bottom, front, back)}.
 */
public class ReplicationPad3d extends PadNd {
    public ReplicationPad3d(int padding) {
        this(new int[] {padding});
    }

    /** Per side, {@code (left, right, top, bottom, front, back)}. */
    public ReplicationPad3d(int[] padding) {
        super("ReplicationPad3d", 3, padding, Padding.Mode.REPLICATE, 0);
    }
}
