package org.backprop4j.array.internal;

import java.util.Arrays;
import java.util.function.Supplier;

import org.backprop4j.array.DType;
import org.backprop4j.array.StridedArray;

/**
 * The toolkit's argument checks, one helper for every layer above the backend (ops, layers, optimizers, schedules,
 * data, training). Each message starts with where the check failed (the op, the layer's dotted path, the optimizer
 * or the file), names the argument and its shape or value, and says what was expected:
 * {@code "Conv2d conv1: expected 3 channels at dimension 1 of an [N, C, H, W] input, got shape [8, 1, 28, 28]"}.
 * Value checks return the value, so that constructors can check and assign in one line.
 */
public final class Check {
    private Check() {
    }

    /** An {@link IllegalArgumentException} whose message is {@code where: message}. */
    public static IllegalArgumentException error(String where, String message) {
        return new IllegalArgumentException(where + ": " + message);
    }

    /**
     * @throws IllegalArgumentException with message {@code where: message.get()} unless {@code ok}
     */
    public static void require(boolean ok, String where, Supplier<String> message) {
        if (!ok) {
            throw error(where, message.get());
        }
    }

    // ---------------------------------------------------------------- values

    /** A count {@code >= 1}. */
    public static int positive(String where, String name, int value) {
        if (value < 1) {
            throw error(where, name + " must be >= 1, got " + value);
        }
        return value;
    }

    /** A count {@code >= 0}. */
    public static int nonNegative(String where, String name, int value) {
        if (value < 0) {
            throw error(where, name + " must be >= 0, got " + value);
        }
        return value;
    }

    /** A finite number. */
    public static double finite(String where, String name, double value) {
        if (!Double.isFinite(value)) {
            throw error(where, name + " must be finite, got " + value);
        }
        return value;
    }

    /** A finite number {@code >= 0}. */
    public static double nonNegative(String where, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw error(where, name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A finite number {@code > 0}, such as a multiplicative factor or a scale. */
    public static double positive(String where, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw error(where, name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1)}, such as a beta or a decay rate. */
    public static double unitInterval(String where, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw error(where, name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1]}, such as a probability. */
    public static double closedUnitInterval(String where, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw error(where, name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    // ---------------------------------------------------------------- tensors

    /** {@code t}'s dtype and shape, as messages show an operand: {@code float32 [2, 3]}. */
    public static String describe(StridedArray t) {
        return t.dtype() + " " + t.shape();
    }

    /** Requires a floating dtype (float32 or float64). */
    public static void floating(String where, StridedArray t) {
        if (!t.dtype().isFloatingPoint()) {
            throw error(where, "expected a floating tensor (float32 or float64), got " + t.dtype() + " of shape "
                    + t.shape() + "; convert with .to(DType.FLOAT32)");
        }
    }

    /** Requires both operands floating and of one dtype. */
    public static void sameFloating(String where, StridedArray a, StridedArray b) {
        floating(where, a);
        floating(where, b);
        sameType(where, a, b);
    }

    /** Requires both operands of one dtype. */
    public static void sameType(String where, StridedArray a, StridedArray b) {
        if (a.dtype() != b.dtype()) {
            throw error(where, "dtypes differ: " + describe(a) + " and " + describe(b) + "; convert one with .to(DType."
                    + a.dtype().name() + ")");
        }
    }

    /** Requires {@code t}, the argument called {@code what}, to have dtype {@code expected}. */
    public static void dtype(String where, String what, StridedArray t, DType expected) {
        if (t.dtype() != expected) {
            throw error(where, what + " must be " + expected + ", got " + t.dtype() + " of shape " + t.shape());
        }
    }

    /**
     * Normalizes a possibly negative dimension {@code d} of a tensor of rank {@code rank} (a scalar accepts 0 and
     * -1, as in PyTorch).
     */
    public static int dim(String where, int d, int rank) {
        int r = Math.max(rank, 1);
        if (d < -r || d >= r) {
            throw error(where, "dimension " + d + " is out of range for a tensor of rank " + rank
                    + " (expected a value in [" + (-r) + ", " + (r - 1) + "])");
        }
        return d < 0 ? d + r : d;
    }

    /** Requires {@code input}'s last dimension to be {@code expected} (its name in the layer is {@code name}). */
    public static void lastDim(String where, StridedArray input, int expected, String name) {
        if (input.dim() == 0 || input.size(-1) != expected) {
            throw error(where, "expected input of shape [*, " + expected + "] (last dimension = " + name
                    + "), got " + input.shape());
        }
    }

    /**
     * Requires one of the ranks {@code ranks} and, when {@code channels >= 0}, {@code channels} at dimension
     * {@code channelDim}; {@code layout} names the expected layout in the message, e.g. {@code [N, C, H, W]}.
     */
    public static void layout(String where, StridedArray input, String layout, int channelDim, int channels,
            int... ranks) {
        if (Arrays.stream(ranks).noneMatch(r -> r == input.dim())) {
            throw error(where, "expected a " + layout + " input of rank " + Arrays.toString(ranks).replace("[", "")
                    .replace("]", "").replace(",", " or") + ", got shape " + input.shape());
        }
        if (channels >= 0 && input.size(channelDim) != channels) {
            throw error(where, "expected " + channels + " channels at dimension " + channelDim + " of a " + layout
                    + " input, got shape " + input.shape());
        }
    }
}
