package org.backprop4j.nn;

import org.backprop4j.array.internal.Window;
import org.backprop4j.ops.Convolution;
import org.backprop4j.tensor.Tensor;

/**
 * Extracts sliding blocks ({@code im2col}): {@code [N, C, H, W] -> [N, C kH kW, L]} (or unbatched
 * {@code [C, H, W] -> [C kH kW, L]}), each column one block, {@code L} the number of block positions
 * {@code prod floor((S + 2 padding - dilation (k - 1) - 1) / stride) + 1}. {@link Fold} is its adjoint.
 */
public class Unfold extends Module {
    final int[] kernel;
    final int[] dilation;
    final int[] padding;
    final int[] stride;
    final Window window;

    public Unfold(int kernel) {
        this(kernel, 1, 0, 1);
    }

    /** PyTorch's positional {@code Unfold(kernel_size, dilation, padding, stride)}. */
    public Unfold(int kernel, int dilation, int padding, int stride) {
        this(new int[] {kernel}, new int[] {dilation}, new int[] {padding}, new int[] {stride});
    }

    /** One value or two ({@code (h, w)}) for each setting, in PyTorch's order. */
    public Unfold(int[] kernel, int[] dilation, int[] padding, int[] stride) {
        this.kernel = Sizes.resolve("Unfold", "kernel size", Sizes.checked("Unfold", "kernel size", kernel, 1), 2);
        this.dilation = Sizes.resolve("Unfold", "dilation", Sizes.checked("Unfold", "dilation", dilation, 1), 2);
        this.padding = Sizes.resolve("Unfold", "padding", Sizes.checked("Unfold", "padding", padding, 0), 2);
        this.stride = Sizes.resolve("Unfold", "stride", Sizes.checked("Unfold", "stride", stride, 1), 2);
        this.window = new Window(this.kernel[0], this.kernel[1], this.stride[0], this.stride[1], this.padding[0],
                this.padding[1], this.dilation[0], this.dilation[1]);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException(describe() + ": expected a [N, C, H, W] or [C, H, W] input, got shape "
                    + input.shape());
        }
        boolean single = input.dim() == 3;
        Tensor x = single ? input.unsqueeze(0) : input;
        int blocksH = window.outHeight(x.size(2));
        int blocksW = window.outWidth(x.size(3));
        if (blocksH < 1 || blocksW < 1) {
            throw new IllegalArgumentException(describe() + ": input of shape " + input.shape() + " with " + repr()
                    + " gives " + blocksH + "x" + blocksW + " blocks; there must be at least one along each dimension");
        }
        Tensor cols = Convolution.im2col(x, window, 0);
        return single ? cols.squeeze(0) : cols;
    }

    String repr() {
        return "kernelSize=" + Sizes.tuple(kernel) + ", dilation=" + Sizes.tuple(dilation) + ", padding="
                + Sizes.tuple(padding) + ", stride=" + Sizes.tuple(stride);
    }

    @Override
    protected String extraRepr() {
        return repr();
    }
}
