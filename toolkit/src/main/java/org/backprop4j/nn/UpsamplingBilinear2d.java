package org.backprop4j.nn;

import org.backprop4j.ops.Resampling.Mode;

/**
 * {@link Upsample} of {@code [N, C, H, W]} in bilinear mode with aligned corners (PyTorch's
 * {@code UpsamplingBilinear2d}).
 */
public class UpsamplingBilinear2d extends Upsample {
    /** Upsampling by {@code scaleFactor} along height and width. */
    public UpsamplingBilinear2d(double scaleFactor) {
        super("UpsamplingBilinear2d", null, new double[] {scaleFactor}, Mode.BILINEAR, true, false);
    }

    /** Resizing to {@code outH x outW}. */
    public UpsamplingBilinear2d(int outH, int outW) {
        super("UpsamplingBilinear2d", new int[] {outH, outW}, null, Mode.BILINEAR, true, false);
    }
}
