package org.backprop4j.nn;

import org.backprop4j.ops.Resampling.Mode;

/** {@link Upsample} of {@code [N, C, H, W]} in nearest mode (PyTorch's {@code UpsamplingNearest2d}). */
public class UpsamplingNearest2d extends Upsample {
    /** Upsampling by {@code scaleFactor} along height and width. */
    public UpsamplingNearest2d(double scaleFactor) {
        super("UpsamplingNearest2d", null, new double[] {scaleFactor}, Mode.NEAREST, null, false);
    }

    /** Resizing to {@code outH x outW}. */
    public UpsamplingNearest2d(int outH, int outW) {
        super("UpsamplingNearest2d", new int[] {outH, outW}, null, Mode.NEAREST, null, false);
    }
}
