package org.backprop4j.array.internal;

import org.backprop4j.array.DType;
import org.backprop4j.array.Storage;
import org.backprop4j.array.StridedArray;

/** Element access over strided views: flat indices, row-major visits, copies out to Java arrays. */
public final class Elements {
    private Elements() {
    }

    /**
     * The storage index of the element at {@code index}.
     *
     * @throws IllegalArgumentException if the number of indices differs from the rank
     * @throws IndexOutOfBoundsException if an index is out of range for its dimension
     */
    public static int flatIndex(StridedArray t, int[] index) {
        if (index.length != t.dim()) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of shape "
                    + t.shape());
        }
        int off = t.offset();
        for (int d = 0; d < index.length; d++) {
            int n = t.size(d);
            int i = index[d] < 0 ? index[d] + n : index[d];
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("get: index " + index[d] + " is out of range for dimension "
                        + d + " of size " + n + " (shape " + t.shape() + ")");
            }
            off += i * t.stride(d);
        }
        return off;
    }

    /** Receives the storage index of every element in row-major order. */
    @FunctionalInterface
    public interface OffsetVisitor {
        void visit(int k, int offset);
    }

    /** Visits the storage index of every element of {@code t} in row-major order ({@code k} counts elements). */
    public static void forEachOffset(StridedArray t, OffsetVisitor v) {
        int[] dims = t.shape().toArray();
        int[] strides = t.strides();
        int[] at = new int[dims.length];
        int off = t.offset();
        for (int k = 0; k < t.numel(); k++) {
            v.visit(k, off);
            for (int d = dims.length - 1; d >= 0; d--) {
                off += strides[d];
                if (++at[d] < dims[d]) {
                    break;
                }
                off -= strides[d] * dims[d];
                at[d] = 0;
            }
        }
    }

    public static float[] toFloats(StridedArray t) {
        float[] out = new float[t.numel()];
        Storage s = t.storage();
        if (t.isContiguous() && s.dtype() == DType.FLOAT32) {
            System.arraycopy(s.floats(), t.offset(), out, 0, out.length);
        } else {
            forEachOffset(t, (k, off) -> out[k] = (float) s.getDouble(off));
        }
        return out;
    }

    public static double[] toDoubles(StridedArray t) {
        double[] out = new double[t.numel()];
        Storage s = t.storage();
        if (t.isContiguous() && s.dtype() == DType.FLOAT64) {
            System.arraycopy(s.doubles(), t.offset(), out, 0, out.length);
        } else {
            forEachOffset(t, (k, off) -> out[k] = s.getDouble(off));
        }
        return out;
    }

    public static long[] toLongs(StridedArray t) {
        long[] out = new long[t.numel()];
        Storage s = t.storage();
        forEachOffset(t, (k, off) -> out[k] = s.dtype() == DType.INT64 ? s.longs()[off] : (long) s.getDouble(off));
        return out;
    }

    public static boolean[] toBooleans(StridedArray t) {
        boolean[] out = new boolean[t.numel()];
        Storage s = t.storage();
        forEachOffset(t, (k, off) -> out[k] = s.getDouble(off) != 0);
        return out;
    }
}
