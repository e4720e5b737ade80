package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Pooling;
import org.backprop4j.array.internal.Window;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Window;

/** Max over {@code k x k} windows of {@code [N, C, H, W]}; stride defaults to the kernel size. */
public class MaxPool2d extends Module {
    final Window window;

    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        this(kernel, stride, padding, 1);
    }

    public MaxPool2d(int kernel, int stride, int padding, int dilation) {
        this.window = Window.of(kernel, stride, padding, dilation);
    }

    @Override
    public Tensor forward(Tensor input) {
        Check.layout(describe(), input, "[N, C, H, W]", 1, -1, 4);
        return Pooling.maxPool2d(input, window);
    }

    @Override
    protected String extraRepr() {
        return "kernelSize=" + window.kernelH() + ", stride=" + window.strideH() + ", padding=" + window.padH()
                + (window.dilationH() != 1 ? ", dilation=" + window.dilationH() : "");
    }
}
