package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Pooling;
import org.backprop4j.tensor.Tensor;

/** Max over windows of length {@code k} along the last dimension of {@code [N, C, L]}. */
public class MaxPool1d extends Module {
    final int kernel;
    final int stride;
    final int padding;
    final int dilation;

    public MaxPool1d(int kernel) {
        this(kernel, kernel, 0, 1);
    }

    public MaxPool1d(int kernel, int stride, int padding, int dilation) {
        Check.positive("MaxPool1d", "kernel size", kernel);
        Check.positive("MaxPool1d", "stride", stride);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    @Override
    public Tensor forward(Tensor input) {
        Check.layout(describe(), input, "[N, C, L]", 1, -1, 3);
        return Pooling.maxPool1d(input, kernel, stride, padding, dilation);
    }

    @Override
    protected String extraRepr() {
        return "kernelSize=" + kernel + ", stride=" + stride + ", padding=" + padding;
    }
}
