package org.backprop4j.ops;

import java.util.Arrays;
import java.util.BitSet;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.AutogradException;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Broadcast;
import org.backprop4j.array.internal.Kernels;

/**
 * Operations that overwrite a tensor's elements: parameter updates, gradient clipping, buffer resets. They are not
 * recorded, so they are refused on a tensor that requires grad while grad mode is on (wrap updates in
 * {@code GradMode.noGrad()}); each bumps the storage's version so that a backward needing the old values fails
 * instead of computing a wrong gradient.
 */
public final class InPlace {
    private InPlace() {
    }

    private static void checkWritable(String op, Tensor t) {
        if (t.requiresGrad() && GradMode.isEnabled()) {
            throw new AutogradException(op + ": tensor of shape " + t.shape() + " requires grad, so it cannot be "
                    + "modified in place while grad mode is on; do the update inside GradMode.noGrad()"
                    + (t.isLeaf() ? "" : ", or use the out-of-place op"));
        }
        int[] strides = t.strides();
        for (int d = 0; d < t.dim(); d++) {
            if (strides[d] == 0 && t.size(d) > 1) {
                throw new IllegalArgumentException(op + ": tensor of shape " + t.shape() + " and strides "
                        + Arrays.toString(strides) + " is an expanded view whose elements share memory; "
                        + "clone() it before writing");
            }
        }
    }

    private static void checkFits(String op, Tensor t, Tensor other) {
        Shape s = Broadcast.shape(op, t.shape(), other.shape());
        if (!s.equals(t.shape())) {
            throw new IllegalArgumentException(op + ": source of shape " + other.shape()
                    + " does not broadcast to the destination's shape " + t.shape());
        }
    }

    /**
     * Refuses a source that shares elements with the destination in another arrangement (say {@code x.t()} into
     * {@code x}): the result would depend on the order of the writes. The same view on both sides is fine.
     */
    private static void checkNoOverlap(String op, Tensor t, Tensor source) {
        if (t.storage() != source.storage() || (t.offset() == source.offset() && t.shape().equals(source.shape())
                && Arrays.equals(t.strides(), source.strides()))) {
            return;
        }
        BitSet written = new BitSet();
        for (int o : Kernels.offsets(t)) {
            written.set(o);
        }
        for (int o : Kernels.offsets(source)) {
            if (written.get(o)) {
                throw new IllegalArgumentException(op + ": the source of shape " + source.shape() + " and strides "
                        + Arrays.toString(source.strides()) + " overlaps the destination of shape " + t.shape()
                        + " and strides " + Arrays.toString(t.strides()) + " in memory; clone() the source first");
            }
        }
    }

    /** {@code t += alpha * other}. */
    public static Tensor add(Tensor t, Tensor other, double alpha) {
        Check.sameFloating("addInPlace", t, other);
        checkWritable("addInPlace", t);
        checkFits("addInPlace", t, other);
        checkNoOverlap("addInPlace", t, other);
        Kernels.addInto(t, other, alpha);
        return t;
    }

    /** {@code t *= factor}. */
    public static Tensor mul(Tensor t, double factor) {
        Check.floating("mulInPlace", t);
        checkWritable("mulInPlace", t);
        Kernels.mapInPlace(t, v -> v * factor);
        return t;
    }

    /** Sets every element to {@code value}. */
    public static Tensor fill(Tensor t, double value) {
        checkWritable("fill", t);
        Kernels.copyInto(t, Tensor.scalar(value, t.dtype()));
        return t;
    }

    /** Copies {@code source}, broadcast and converted, into {@code t}. */
    public static Tensor copy(Tensor t, Tensor source) {
        checkWritable("copyFrom", t);
        checkFits("copyFrom", t, source);
        checkNoOverlap("copyFrom", t, source);
        Kernels.copyInto(t, source);
        return t;
    }
}
