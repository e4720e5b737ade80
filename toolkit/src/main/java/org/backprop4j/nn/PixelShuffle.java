package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Resampling;
import org.backprop4j.tensor.Tensor;

/**
 * Rearranges {@code [*, C r^2, H, W]} into {@code [*, C, H r, W r]}: each group of {@code r^2} channels becomes an
 * {@code r x r} block of pixels (Shi et al., 2016, sub-pixel convolution).
 */
public class PixelShuffle extends Module {
    final int upscaleFactor;

    public PixelShuffle(int upscaleFactor) {
        this.upscaleFactor = Check.positive("PixelShuffle", "upscaleFactor", upscaleFactor);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3 || input.size(-3) % (upscaleFactor * upscaleFactor) != 0) {
            throw new IllegalArgumentException(describe() + ": expected an input [*, C, H, W] with at least 3 "
                    + "dimensions and channels divisible by " + upscaleFactor * upscaleFactor + " (the square of the "
                    + "upscale factor), got shape " + input.shape());
        }
        return Resampling.pixelShuffle(input, upscaleFactor);
    }

    @Override
    protected String extraRepr() {
        return "upscaleFactor=" + upscaleFactor;
    }
}
