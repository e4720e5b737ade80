package org.backprop4j.array.internal;

import org.backprop4j.array.Shape;
import org.backprop4j.array.StridedArray;

/** NumPy broadcasting: shapes align at the right; a dimension of size 1 (or a missing one) stretches. */
public final class Broadcast {
    private Broadcast() {
    }

    /**
     * The shape {@code a} and {@code b} broadcast to.
     *
     * @throws IllegalArgumentException naming {@code op}, both shapes and the first dimension that differs
     */
    public static Shape shape(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int r = Math.max(a.rank(), b.rank());
        int[] dims = new int[r];
        for (int i = 1; i <= r; i++) {
            int da = i <= a.rank() ? a.dim(-i) : 1;
            int db = i <= b.rank() ? b.dim(-i) : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " cannot be broadcast together: dimension -" + i + " has sizes " + da + " and " + db
                        + " (sizes must match or one of them must be 1)");
            }
            dims[r - i] = da == 1 ? db : da;
        }
        return Shape.of(dims);
    }

    /** The broadcast shape of three operands. */
    public static Shape shape(String op, Shape a, Shape b, Shape c) {
        return shape(op, shape(op, a, b), c);
    }

    /** {@code t}'s strides when viewed with {@code target}'s shape: 0 along stretched or missing dimensions. */
    public static int[] strides(StridedArray t, Shape target) {
        int r = target.rank();
        int tr = t.dim();
        int[] s = t.strides();
        int[] out = new int[r];
        for (int i = 1; i <= tr; i++) {
            out[r - i] = t.size(-i) == 1 && target.dim(-i) != 1 ? 0 : s[tr - i];
        }
        return out;
    }
}
