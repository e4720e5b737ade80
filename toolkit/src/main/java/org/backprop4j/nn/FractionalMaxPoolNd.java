package org.backprop4j.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.array.Rng;
import org.backprop4j.ops.FractionalPooling;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;

/**
 * Fractional max pooling in 2 or 3 dimensions (PyTorch's {@code FractionalMaxPool2d/3d}): a fixed kernel, the
 * output size given directly or as a ratio of the input size ({@code floor(in * ratio)}, as PyTorch's
 * {@code int(in * ratio)}), and window placements drawn per call from {@code rng} (the global generator if null)
 * unless fixed random samples are given (PyTorch's {@code _random_samples}, a buffer of that name).
 */
abstract class FractionalMaxPoolNd extends Module {
    private static final String[] LAYOUTS = {"", "", "[N, C, H, W] or [C, H, W]", "[N, C, D, H, W] or [C, D, H, W]"};

    final int[] kernel;
    final int[] outputSize;
    final double[] outputRatio;
    final Buffer randomSamples;
    final Rng rng;

    FractionalMaxPoolNd(String layer, int rank, int[] kernel, int[] outputSize, double[] outputRatio,
            Tensor randomSamples, Rng rng) {
        this.kernel = Sizes.resolve(layer, "kernel size", Sizes.checked(layer, "kernel size", kernel, 1), rank);
        if ((outputSize == null) == (outputRatio == null)) {
            throw new IllegalArgumentException(layer + ": give either an output size or an output ratio"
                    + (outputSize == null ? ", got neither" : ", not both"));
        }
        this.outputSize = outputSize == null ? null
                : Sizes.resolve(layer, "output size", Sizes.checked(layer, "output size", outputSize, 1), rank);
        if (outputRatio != null) {
            double[] ratio = outputRatio.length == 1 ? fill(outputRatio[0], rank) : outputRatio.clone();
            if (ratio.length != rank || Arrays.stream(ratio).anyMatch(r -> !(r > 0 && r < 1))) {
                throw new IllegalArgumentException(layer + ": output ratio must be 1 or " + rank + " values in (0, 1), "
                        + "got " + Arrays.toString(outputRatio));
            }
            this.outputRatio = ratio;
        } else {
            this.outputRatio = null;
        }
        if (randomSamples != null && (randomSamples.dim() != 3 || randomSamples.size(2) != rank)) {
            throw new IllegalArgumentException(layer + ": random samples must be [N, C, " + rank + "], got "
                    + randomSamples.shape());
        }
        this.randomSamples = randomSamples == null ? null : new Buffer(randomSamples);
        this.rng = rng;
    }

    private static double[] fill(double v, int n) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }

    int rank() {
        return kernel.length;
    }

    /** PyTorch's name for the fixed samples. */
    @Override
    protected Map<String, Buffer> ownBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        if (randomSamples != null) {
            out.put("_random_samples", randomSamples);
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor input) {
        return forwardWithIndices(input).values();
    }

    /**
     * The pooled values and the int64 positions of the maxima within each input plane (PyTorch's
     * {@code return_indices=True}).
     *
     * @throws IllegalArgumentException if the input's rank does not fit, the output does not fit the input, or the
     *                                  fixed samples do not match the input's batch and channels
     */
    public ValuesAndIndices forwardWithIndices(Tensor input) {
        int rank = rank();
        if (input.dim() != rank + 1 && input.dim() != rank + 2) {
            throw new IllegalArgumentException(describe() + ": expected a " + LAYOUTS[rank] + " input, got shape "
                    + input.shape());
        }
        boolean single = input.dim() == rank + 1;
        Tensor x = single ? input.unsqueeze(0) : input;
        int[] size = outputSize;
        if (size == null) {
            size = new int[rank];
            for (int d = 0; d < rank; d++) {
                size[d] = (int) (x.size(2 + d) * outputRatio[d]);
            }
        }
        int[] out = size;
        return LayerErrors.named(this, () -> {
            Tensor samples = randomSamples != null ? randomSamples : FractionalPooling.samples(x, rank, rng);
            ValuesAndIndices r = FractionalPooling.fractionalMaxPool(x, kernel, out, samples);
            return single ? new ValuesAndIndices(r.values().squeeze(0), r.indices().squeeze(0)) : r;
        });
    }

    @Override
    protected String extraRepr() {
        return "kernelSize=" + Sizes.compact(kernel) + (outputSize != null ? ", outputSize=" + Sizes.compact(outputSize)
                : ", outputRatio=" + Arrays.toString(outputRatio)) + (randomSamples != null ? ", fixed samples" : "");
    }
}
