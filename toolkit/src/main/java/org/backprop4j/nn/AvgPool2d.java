package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Pooling;
import org.backprop4j.array.internal.Window;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Window;

/**
 * Mean over {@code k x k} windows of {@code [N, C, H, W]}; stride defaults to the kernel size, and zero padding
 * counts in the divisor unless {@code countIncludePad} is false (PyTorch's default: true).
 */
public class AvgPool2d extends Module {
    final Window window;
    final boolean countIncludePad;

    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0, true);
    }

    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        this.window = Window.of(kernel, stride, padding, 1);
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor input) {
        Check.layout(describe(), input, "[N, C, H, W]", 1, -1, 4);
        return Pooling.avgPool2d(input, window, countIncludePad);
    }

    @Override
    protected String extraRepr() {
        return "kernelSize=" + window.kernelH() + ", stride=" + window.strideH() + ", padding=" + window.padH();
    }
}
