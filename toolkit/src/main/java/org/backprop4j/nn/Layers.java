package org.backprop4j.nn;

import java.util.Arrays;

import org.backprop4j.tensor.Tensor;

/** Argument checks shared by layers; every message names the layer (its dotted path) and the shapes. */
final class Layers {
    private Layers() {
    }

    static void positive(String layer, String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(layer + ": " + what + " must be positive, got " + value);
        }
    }

    static void probability(String layer, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(layer + ": p must be in [0, 1], got " + p);
        }
    }

    /** Requires the input's last dimension to be {@code expected}. */
    static void lastDim(Module m, Tensor input, int expected, String name) {
        if (input.dim() == 0 || input.size(-1) != expected) {
            throw new IllegalArgumentException(m.describe() + ": expected input of shape [*, " + expected + "] (last "
                    + "dimension = " + name + "), got " + input.shape());
        }
    }

    /** Requires rank {@code rank} (or one of {@code ranks}) and {@code channels} at dimension {@code channelDim}. */
    static void shape(Module m, Tensor input, String layout, int channelDim, int channels, int... ranks) {
        boolean rankOk = Arrays.stream(ranks).anyMatch(r -> r == input.dim());
        if (!rankOk) {
            throw new IllegalArgumentException(m.describe() + ": expected a " + layout + " input of rank "
                    + Arrays.toString(ranks).replace("[", "").replace("]", "").replace(",", " or") + ", got shape "
                    + input.shape());
        }
        if (channels >= 0 && input.size(channelDim) != channels) {
            throw new IllegalArgumentException(m.describe() + ": expected " + channels + " channels at dimension "
                    + channelDim + " of a " + layout + " input, got shape " + input.shape());
        }
    }
}
