package org.backprop4j.nn;

import org.backprop4j.ops.Padding;

/**
 * Pads the last 1 dimension of {@code [N, C, W] or [C, W]} by repeating the edge element: {@code padding}
 * on every side, or per side as {@code (left, right)}.
 */
public class ReplicationPad1d extends PadNd {
    public ReplicationPad1d(int padding) {
        this(new int[] {padding});
    }

    /** Per side, {@code (left, right)}. */
    public ReplicationPad1d(int[] padding) {
        super("ReplicationPad1d", 1, padding, Padding.Mode.REPLICATE, 0);
    }
}
