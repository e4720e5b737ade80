package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Pooling;
import org.backprop4j.tensor.Tensor;

/** Mean over windows of length {@code k} along the last dimension of {@code [N, C, L]}. */
public class AvgPool1d extends Module {
    final int kernel;
    final int stride;
    final int padding;
    final boolean countIncludePad;

    public AvgPool1d(int kernel) {
        this(kernel, kernel, 0, true);
    }

    public AvgPool1d(int kernel, int stride, int padding, boolean countIncludePad) {
        Check.positive("AvgPool1d", "kernel size", kernel);
        Check.positive("AvgPool1d", "stride", stride);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor input) {
        Check.layout(describe(), input, "[N, C, L]", 1, -1, 3);
        return Pooling.avgPool1d(input, kernel, stride, padding, countIncludePad);
    }

    @Override
    protected String extraRepr() {
        return "kernelSize=" + kernel + ", stride=" + stride + ", padding=" + padding;
    }
}
