package org.backprop4j.nn;

import org.backprop4j.array.internal.Window;
import org.backprop4j.ops.Convolution;
import org.backprop4j.tensor.Tensor;

/**
 * Combines sliding blocks into an image ({@code col2im}), summing where blocks overlap: {@code [N, C kH kW, L] ->
 * [N, C, H, W]} (or unbatched {@code [C kH kW, L] -> [C, H, W]}) for an output of {@code outputSize}, {@code L} being
 * the number of block positions in it. The adjoint of {@link Unfold}.
 */
public class Fold extends Module {
    final int[] outputSize;
    final Unfold blocks;

    public Fold(int outputSize, int kernel) {
        this(new int[] {outputSize}, new int[] {kernel}, new int[] {1}, new int[] {0}, new int[] {1});
    }

    /** PyTorch's positional {@code Fold(output_size, kernel_size, dilation, padding, stride)}. */
    public Fold(int outputSize, int kernel, int dilation, int padding, int stride) {
        this(new int[] {outputSize}, new int[] {kernel}, new int[] {dilation}, new int[] {padding},
                new int[] {stride});
    }

    /** One value or two ({@code (h, w)}) for each setting, in PyTorch's order. */
    public Fold(int[] outputSize, int[] kernel, int[] dilation, int[] padding, int[] stride) {
        this.outputSize = Sizes.resolve("Fold", "output size", Sizes.checked("Fold", "output size", outputSize, 1), 2);
        this.blocks = new Unfold(kernel, dilation, padding, stride);
    }

    @Override
    protected java.util.Map<String, Module> ownChildren() {
        return java.util.Map.of();
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(describe() + ": expected a [N, C kH kW, L] or [C kH kW, L] input, got "
                    + "shape " + input.shape());
        }
        boolean single = input.dim() == 2;
        Tensor x = single ? input.unsqueeze(0) : input;
        Window w = blocks.window;
        int taps = w.area();
        if (x.size(1) % taps != 0) {
            throw new IllegalArgumentException(describe() + ": dimension " + (single ? 0 : 1) + " of input shape "
                    + input.shape() + " must be divisible by the kernel's " + taps + " elements (" + blocks.repr()
                    + ")");
        }
        int bh = w.outHeight(outputSize[0]);
        int bw = w.outWidth(outputSize[1]);
        if (bh < 1 || bw < 1 || x.size(2) != bh * bw) {
            throw new IllegalArgumentException(describe() + ": an output of " + Sizes.tuple(outputSize) + " with "
                    + blocks.repr() + " has " + bh + " * " + bw + " = " + bh * bw + " blocks, but dimension "
                    + (single ? 1 : 2) + " of input shape " + input.shape() + " is " + x.size(2));
        }
        Tensor image = Convolution.col2im(x, x.size(1) / taps, outputSize[0], outputSize[1], w);
        return single ? image.squeeze(0) : image;
    }

    @Override
    protected String extraRepr() {
        return "outputSize=" + Sizes.tuple(outputSize) + ", " + blocks.repr();
    }
}
