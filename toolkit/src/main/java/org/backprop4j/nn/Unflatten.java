package org.backprop4j.nn;

import java.util.Arrays;

import org.backprop4j.tensor.Tensor;

/** Splits dimension {@code dim} into {@code sizes} (one may be -1), e.g. {@code [N, 784] -> [N, 1, 28, 28]}. */
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
        int[] split = sizes.clone();
        int free = -1;
        int known = 1;
        for (int i = 0; i < split.length; i++) {
            if (split[i] == -1 && free < 0) {
                free = i;
            } else {
                known *= split[i];
            }
        }
        if (free >= 0 && known > 0) {
            split[free] = input.size(d) / known; // the one -1 is inferred, as in PyTorch
        }
        if (Arrays.stream(split).anyMatch(v -> v < 0) || Arrays.stream(split).reduce(1, (x, y) -> x * y)
                != input.size(d)) {
            throw new IllegalArgumentException(describe() + ": cannot split dimension " + d + " of shape "
                    + input.shape() + " into " + Arrays.toString(sizes));
        }
        int[] in = input.shape().toArray();
        int[] out = new int[in.length - 1 + split.length];
        System.arraycopy(in, 0, out, 0, d);
        System.arraycopy(split, 0, out, d, split.length);
        System.arraycopy(in, d + 1, out, d + split.length, in.length - d - 1);
        return input.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", sizes=" + Arrays.toString(sizes);
    }
}
