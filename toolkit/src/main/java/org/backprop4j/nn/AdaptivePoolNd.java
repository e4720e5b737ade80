package org.backprop4j.nn;

import java.util.Arrays;
import java.util.function.Function;

import org.backprop4j.tensor.Tensor;

/**
 * What the adaptive pooling layers share: the output size, where {@code null} keeps the input's size along that
 * dimension (PyTorch's {@code None}), and inputs with or without a batch dimension.
 */
abstract class AdaptivePoolNd extends Module {
    final Integer[] outputSize;

    AdaptivePoolNd(String layer, Integer... outputSize) {
        for (Integer s : outputSize) {
            if (s != null && s < 1) {
                throw new IllegalArgumentException(layer + ": output sizes must be >= 1 (or null to keep the input's),"
                        + " got " + Arrays.toString(outputSize));
            }
        }
        this.outputSize = outputSize.clone();
    }

    /** The output size for {@code input}, its own size where ours is null. */
    int[] resolved(Tensor input) {
        int r = outputSize.length;
        int[] out = new int[r];
        for (int a = 0; a < r; a++) {
            out[a] = outputSize[a] != null ? outputSize[a] : input.size(input.dim() - r + a);
        }
        return out;
    }

    /** {@code op} on an input with {@code outputSize.length} spatial dimensions after one or two leading ones. */
    <T> T checked(Tensor input, Function<Tensor, T> op) {
        int r = outputSize.length;
        if (input.dim() != r + 1 && input.dim() != r + 2) {
            throw new IllegalArgumentException(describe() + ": expected an input with " + r + " spatial dimension"
                    + (r == 1 ? "" : "s") + " after [N, C] or [C], got shape " + input.shape());
        }
        try {
            return op.apply(input);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected String extraRepr() {
        if (outputSize.length == 1) {
            return "outputSize=" + outputSize[0];
        }
        return "outputSize=" + Arrays.toString(outputSize).replace('[', '(').replace(']', ')').replace("null", "None");
    }
}
