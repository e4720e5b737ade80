package org.backprop4j.nn;

import java.util.Arrays;

import org.backprop4j.ops.Padding;
import org.backprop4j.tensor.Tensor;

/**
 * What the padding layers share (PyTorch's {@code _ConstantPadNd}, {@code _ReflectionPadNd},
 * {@code _ReplicationPadNd}): the amounts as {@code (left, right, top, bottom, front, back)}, from one value for
 * every side or one per side, and {@link Padding#pad} in the layer's mode.
 */
abstract class PadNd extends Module {
    final int[] padding;
    final Padding.Mode mode;
    final double value;

    PadNd(String layer, int rank, int[] padding, Padding.Mode mode, double value) {
        if (padding.length == 1) {
            this.padding = new int[2 * rank];
            Arrays.fill(this.padding, padding[0]);
        } else if (padding.length == 2 * rank) {
            this.padding = padding.clone();
        } else {
            throw new IllegalArgumentException(layer + ": expected one padding or " + 2 * rank + " (left, right"
                    + (rank > 1 ? ", top, bottom" : "") + (rank > 2 ? ", front, back" : "") + "), got "
                    + Arrays.toString(padding));
        }
        if (mode != Padding.Mode.CONSTANT && Arrays.stream(this.padding).anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException(layer + ": padding must be non-negative, got "
                    + Arrays.toString(padding));
        }
        this.mode = mode;
        this.value = value;
    }

    @Override
    public Tensor forward(Tensor input) {
        try {
            return Padding.pad(input, padding, mode, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected String extraRepr() {
        return Arrays.toString(padding).replace('[', '(').replace(']', ')')
                + (getClass().getSimpleName().startsWith("Constant") ? ", value=" + value : "");
    }
}
