package org.backprop4j.nn;

import java.util.Arrays;

import org.backprop4j.tensor.Tensor;

/** Splits dimension {@code dim} into {@code sizes}, e.g. {@code [N, 784] -> [N, 1, 28, 28]}. */
public class Unflatten extends Module {
    final int dim;
    final int[] sizes;

    public Unflatten(int dim, int... sizes) {
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        int d = input.shape().normalize(dim);
        int product = Arrays.stream(sizes).reduce(1, (a, b) -> a * b);
        if (product != input.size(d)) {
            throw new IllegalArgumentException(describe() + ": cannot split dimension " + d + " of shape "
                    + input.shape() + " into " + Arrays.toString(sizes));
        }
        int[] in = input.shape().toArray();
        int[] out = new int[in.length - 1 + sizes.length];
        System.arraycopy(in, 0, out, 0, d);
        System.arraycopy(sizes, 0, out, d, sizes.length);
        System.arraycopy(in, d + 1, out, d + sizes.length, in.length - d - 1);
        return input.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", sizes=" + Arrays.toString(sizes);
    }
}
