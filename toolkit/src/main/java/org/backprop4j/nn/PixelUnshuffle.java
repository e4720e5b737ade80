package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Resampling;
import org.backprop4j.tensor.Tensor;

/** The inverse of {@link PixelShuffle}: {@code [*, C, H r, W r]} into {@code [*, C r^2, H, W]}. */
public class PixelUnshuffle extends Module {
    final int downscaleFactor;

    public PixelUnshuffle(int downscaleFactor) {
        this.downscaleFactor = Check.positive("PixelUnshuffle", "downscaleFactor", downscaleFactor);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3 || input.size(-2) % downscaleFactor != 0 || input.size(-1) % downscaleFactor != 0) {
            throw new IllegalArgumentException(describe() + ": expected an input [*, C, H, W] with at least 3 "
                    + "dimensions and height and width divisible by the downscale factor " + downscaleFactor
                    + ", got shape " + input.shape());
        }
        return Resampling.pixelUnshuffle(input, downscaleFactor);
    }

    @Override
    protected String extraRepr() {
        return "downscaleFactor=" + downscaleFactor;
    }
}
