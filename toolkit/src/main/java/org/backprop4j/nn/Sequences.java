package org.backprop4j.nn;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.ops.Dropouts;
import org.backprop4j.tensor.Tensor;

/** Checks and helpers shared by the sequence layers (recurrent layers and cells, attention). */
final class Sequences {
    private Sequences() {
    }

    /** Inverted dropout with masks from {@code rng} (null: the global one), as {@link Dropout} computes it. */
    static Tensor dropout(Tensor x, double p, Rng rng) {
        return Dropouts.dropout(x, p, rng);
    }

    /** Requires {@code t}, named {@code what}, to have the layer's parameter dtype. */
    static void dtype(Module m, String what, Tensor t, DType expected) {
        if (t.dtype() != expected) {
            throw new IllegalArgumentException(m.describe() + ": " + what + " of shape " + t.shape() + " is "
                    + t.dtype() + " but the layer's parameters are " + expected + "; convert it with .to(DType."
                    + expected.name() + ")");
        }
    }

    /** Requires a state tensor {@code what} (h0, c0, hx) to have shape {@code expected}; {@code hint} may be empty. */
    static void state(Module m, String what, Tensor t, Shape expected, String layout, Tensor input, String hint) {
        if (!t.shape().equals(expected)) {
            throw new IllegalArgumentException(m.describe() + ": expected " + what + " of shape " + expected + " ("
                    + layout + " for input of shape " + input.shape() + "), got " + t.shape() + hint);
        }
    }
}
