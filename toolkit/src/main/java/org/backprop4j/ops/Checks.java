package org.backprop4j.ops;

import org.backprop4j.tensor.DType;
import org.backprop4j.tensor.Tensor;

/** Argument checks shared by the op families; every message names the op. */
final class Checks {
    private Checks() {
    }

    static void floating(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating tensor (float32 or float64), got "
                    + t.dtype() + " of shape " + t.shape() + "; convert with .to(DType.FLOAT32)");
        }
    }

    static void sameFloating(String op, Tensor a, Tensor b) {
        floating(op, a);
        floating(op, b);
        sameType(op, a, b);
    }

    static void sameType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + a.dtype() + " " + a.shape() + " and "
                    + b.dtype() + " " + b.shape() + "; convert one with .to(DType." + a.dtype().name() + ")");
        }
    }

    static void dtype(String op, String what, Tensor t, DType expected) {
        if (t.dtype() != expected) {
            throw new IllegalArgumentException(op + ": " + what + " must be " + expected + ", got " + t.dtype()
                    + " of shape " + t.shape());
        }
    }

    /** Normalizes a possibly negative dimension of a tensor of rank {@code rank}. */
    static int dim(String op, int d, int rank) {
        if (d < -Math.max(rank, 1) || d >= Math.max(rank, 1)) {
            throw new IllegalArgumentException(op + ": dimension " + d + " is out of range for a tensor of rank "
                    + rank + " (expected a value in [" + (-Math.max(rank, 1)) + ", " + (Math.max(rank, 1) - 1) + "])");
        }
        return d < 0 ? d + Math.max(rank, 1) : d;
    }
}
