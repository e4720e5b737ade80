package org.backprop4j.nn;

import java.util.function.Function;

import org.backprop4j.array.internal.Window3d;
import org.backprop4j.tensor.Tensor;

/**
 * What the max and average pooling layers share: the window resolved per spatial dimension, PyTorch's checks, and
 * unbatched inputs ({@code [C, *S]} as well as {@code [N, C, *S]}).
 */
abstract class PoolNd extends Module {
    private static final String[] LAYOUTS = {"", "[N, C, L] or [C, L]", "[N, C, H, W] or [C, H, W]",
        "[N, C, D, H, W] or [C, D, H, W]"};

    final int[] kernel;
    final int[] stride;
    final int[] padding;
    final int[] dilation;
    final PoolOptions options;
    final Window3d window;

    PoolNd(String layer, int[] kernel, PoolOptions options) {
        int rank = kernel.length;
        this.kernel = Sizes.checked(layer, "kernel size", kernel, 1);
        this.stride = options.stride(layer, kernel);
        this.padding = options.padding(layer, rank);
        this.dilation = options.dilation(layer, rank);
        this.options = options;
        for (int a = 0; a < rank; a++) {
            if (padding[a] > kernel[a] / 2) {
                throw new IllegalArgumentException(layer + ": padding " + Sizes.tuple(padding) + " must be at most "
                        + "half the kernel size " + Sizes.tuple(kernel));
            }
        }
        this.window = new Window3d(kernel, stride, padding, dilation);
    }

    int rank() {
        return kernel.length;
    }

    /** {@code op} applied to {@code input} batched: an unbatched input gets a batch of one, removed after. */
    <T> T batched(Tensor input, Function<Tensor, T> op, Function<T, T> unbatch) {
        int rank = rank();
        if (input.dim() != rank + 1 && input.dim() != rank + 2) {
            throw new IllegalArgumentException(describe() + ": expected a " + LAYOUTS[rank] + " input, got shape "
                    + input.shape());
        }
        boolean single = input.dim() == rank + 1;
        try {
            T out = op.apply(single ? input.unsqueeze(0) : input);
            return single ? unbatch.apply(out) : out;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
    }

    String windowRepr() {
        return "kernelSize=" + Sizes.compact(kernel) + ", stride=" + Sizes.compact(stride) + ", padding="
                + Sizes.compact(padding);
    }
}
