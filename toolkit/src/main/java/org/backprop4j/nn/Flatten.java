package org.backprop4j.nn;

import org.backprop4j.tensor.Tensor;

/** Merges dimensions {@code startDim..endDim} (default 1..-1: everything but the batch). */
public class Flatten extends Module {
    final int startDim;
    final int endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "startDim=" + startDim + ", endDim=" + endDim;
    }
}
