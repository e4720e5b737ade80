package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * Fractional max pooling (Graham, 2014) of {@code [N, C, H, W]} (or {@code [C, H, W]}), PyTorch's
 * {@code nn.FractionalMaxPool2d(kernel_size, output_size=None, output_ratio=None, return_indices=False,
 * _random_samples=None)}: max over 2-D windows of a fixed kernel size, pseudo-randomly placed so that the output has
 * the requested size (see {@code FractionalPooling} for PyTorch's placement formula). The placements are drawn per
 * call from the layer's {@link Rng}, or fixed by random samples {@code [N, C, 2] (sample 0 places the width, 1 the height, as in PyTorch)}, values in {@code [0, 1)}, held as the
 * buffer {@code _random_samples} as in PyTorch. {@link #forwardWithIndices} also returns where the maxima came from.
 *
 * {@snippet file="ExtraLayersSnippets.java" region="fractional"}
 */
public class FractionalMaxPool2d extends FractionalMaxPoolNd {
    /** A kernel of {@code kernel} in every dimension and an output of {@code outputSize} in every dimension. */
    public FractionalMaxPool2d(int kernel, int outputSize) {
        this(new int[] {kernel}, new int[] {outputSize}, null, null, null);
    }

    /** The output {@code floor(in * outputRatio)} in every dimension, {@code outputRatio} in (0, 1). */
    public FractionalMaxPool2d(int kernel, double outputRatio) {
        this(new int[] {kernel}, null, new double[] {outputRatio}, null, null);
    }

    /**
     * PyTorch's full constructor: sizes and ratios as one value or one per dimension, exactly one of
     * {@code outputSize} and {@code outputRatio} non-null; {@code randomSamples} (may be null) fixes the window
     * placements, else they come from {@code rng} (the global generator if null).
     *
     * @throws IllegalArgumentException if both or neither output size and ratio are given, a size is not positive, a
     *                                  ratio is not in (0, 1), or the samples are not {@code [N, C, 2]}
     */
    public FractionalMaxPool2d(int[] kernel, int[] outputSize, double[] outputRatio, Tensor randomSamples,
            Rng rng) {
        super("FractionalMaxPool2d", 2, kernel, outputSize, outputRatio, randomSamples, rng);
    }
}
