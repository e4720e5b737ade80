package org.backprop4j.nn;

import java.util.Arrays;

import org.backprop4j.ops.Pooling;
import org.backprop4j.tensor.Tensor;

/**
 * Max unpooling in 1 to 3 dimensions (PyTorch's {@code _MaxUnpoolNd}): the partial inverse of a max pooling, taking
 * the maxima and the indices its {@code forwardWithIndices} returned, all other elements zero. The output size is
 * {@code (S - 1) stride - 2 padding + kernel} per dimension unless given.
 */
abstract class MaxUnpoolNd extends Module {
    final int[] kernel;
    final int[] stride;
    final int[] padding;

    MaxUnpoolNd(String layer, int[] kernel, int[] stride, int[] padding) {
        int rank = kernel.length;
        this.kernel = Sizes.checked(layer, "kernel size", kernel, 1);
        this.stride = Sizes.resolve(layer, "stride", Sizes.checked(layer, "stride", stride, 1), rank);
        this.padding = Sizes.resolve(layer, "padding", Sizes.checked(layer, "padding", padding, 0), rank);
    }

    /** Unpools {@code input} ({@code [N, C, *S]} or {@code [C, *S]}) at {@code indices} to the default size. */
    public Tensor forward(Tensor input, Tensor indices) {
        return forward(input, indices, new int[0]);
    }

    /**
     * Unpools to {@code outputSize} (the spatial sizes, or the whole shape), which must lie strictly within one stride
     * of the default size, as PyTorch's {@code output_size}.
     *
     * @throws IllegalArgumentException naming the layer and the shapes when the input, the indices or the size do not
     *                                  fit, or an index falls outside the output
     */
    public Tensor forward(Tensor input, Tensor indices, int... outputSize) {
        int rank = kernel.length;
        if (input.dim() != rank + 1 && input.dim() != rank + 2) {
            throw new IllegalArgumentException(describe() + ": expected an input with " + rank + " spatial "
                    + "dimensions after [N, C] or [C], got shape " + input.shape());
        }
        if (!indices.shape().equals(input.shape())) {
            throw new IllegalArgumentException(describe() + ": indices of shape " + indices.shape() + " must have the "
                    + "input's shape " + input.shape());
        }
        int[] size = new int[rank];
        int[] given = outputSize.length > rank ? Arrays.copyOfRange(outputSize, outputSize.length - rank,
                outputSize.length) : outputSize;
        if (given.length != 0 && given.length != rank) {
            throw new IllegalArgumentException(describe() + ": the output size must have " + rank + " or " + (rank + 2)
                    + " elements, got " + Arrays.toString(outputSize));
        }
        for (int a = 0; a < rank; a++) {
            int in = input.size(input.dim() - rank + a);
            int standard = (in - 1) * stride[a] + kernel[a] - 2 * padding[a];
            size[a] = given.length == 0 ? standard : given[a];
            if (given.length != 0 && !(standard - stride[a] < size[a] && size[a] < standard + stride[a])) {
                throw new IllegalArgumentException(describe() + ": invalid output size " + Arrays.toString(outputSize)
                        + " (dimension " + a + " must be between " + (standard - stride[a]) + " and "
                        + (standard + stride[a]) + ", exclusive, for an input of shape " + input.shape() + ")");
            }
        }
        boolean single = input.dim() == rank + 1;
        try {
            Tensor out = Pooling.maxUnpool(single ? input.unsqueeze(0) : input,
                    single ? indices.unsqueeze(0) : indices, size);
            return single ? out.squeeze(0) : out;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected String extraRepr() {
        return "kernelSize=" + Sizes.compact(kernel) + ", stride=" + Sizes.compact(stride) + ", padding="
                + Sizes.compact(padding);
    }
}
