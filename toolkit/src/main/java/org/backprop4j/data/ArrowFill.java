package org.backprop4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;

/** Fills Arrow vectors from tensors and byte arrays with bulk copies (for {@link ArrowDatasetWriter}). */
final class ArrowFill {
    private ArrowFill() {
    }

    /** The row count of {@code value} for a column of per-row {@code shape}, checking that it fits. */
    static int rows(String file, String column, Object value, Shape shape, ElementType type, boolean labels) {
        int width = shape.numel();
        if (value instanceof byte[] bytes) {
            if (type != ElementType.UINT8) {
                throw new DataException(file, column, "a byte[] can fill only a UINT8 column; this one is " + type);
            }
            if (width == 0 || bytes.length % width != 0) {
                throw new DataException(file, column, bytes.length + " bytes are not a whole number of rows of shape "
                        + shape);
            }
            return bytes.length / width;
        }
        if (!(value instanceof Tensor t)) {
            throw new DataException(file, column, "expected a Tensor" + (type == ElementType.UINT8 ? " or byte[]" : "")
                    + ", got " + value.getClass().getSimpleName());
        }
        int[] dims = t.shape().toArray();
        if (dims.length == 0 || !Shape.of(java.util.Arrays.copyOfRange(dims, 1, dims.length)).equals(shape)) {
            throw new DataException(file, column, "tensor of shape " + t.shape() + " does not match the column's "
                    + "per-row shape " + shape + " (expected [rows" + (shape.rank() == 0 ? "" : ", ")
                    + shape.toString().substring(1));
        }
        if (labels && t.dtype() != DType.INT64) {
            throw new DataException(file, column, "class labels must be an int64 tensor, got " + t.dtype());
        }
        return dims[0];
    }

    static void labels(String file, String column, IntVector vector, Tensor labels, int classes) {
        int n = labels.size(0);
        vector.allocateNew(n);
        long[] values = labels.contiguous().toLongArray();
        for (int i = 0; i < n; i++) {
            if (values[i] < 0 || values[i] >= classes) {
                throw new DataException(file, column, "label " + values[i] + " at row " + i + " is outside the "
                        + classes + " class names");
            }
            vector.set(i, (int) values[i]);
        }
        vector.setValueCount(n);
    }

    static void list(String file, String column, FixedSizeListVector list, Object value, int rows, ElementType type) {
        BaseFixedWidthVector child = (BaseFixedWidthVector) list.getDataVector();
        int count = Math.multiplyExact(rows, list.getListSize());
        list.allocateNew();
        if (child instanceof BitVector bits) {
            bits(bits, value, count);
        } else {
            child.allocateNew(count);
            fillData(file, column, child, value, count, type);
        }
        for (int i = 0; i < rows; i++) {
            list.setNotNull(i);
        }
        list.setValueCount(rows);
    }

    static void flat(String file, String column, BaseFixedWidthVector vector, Object value, int rows,
            ElementType type) {
        vector.allocateNew(rows);
        fillData(file, column, vector, value, rows, type);
    }

    static void bits(BitVector vector, Object value, int rows) {
        vector.allocateNew(rows);
        Tensor t = ((Tensor) value).contiguous();
        for (int i = 0; i < rows; i++) {
            vector.set(i, t.storage().getDouble(t.offset() + i) != 0 ? 1 : 0);
        }
        vector.setValueCount(rows);
    }

    /** Writes {@code count} values into the data buffer of {@code vector} and marks them all valid. */
    private static void fillData(String file, String column, BaseFixedWidthVector vector, Object value, int count,
            ElementType type) {
        ArrowBuf data = vector.getDataBuffer();
        if (value instanceof byte[] bytes) {
            data.setBytes(0, bytes, 0, count);
        } else {
            Tensor t = ((Tensor) value).contiguous();
            Storage s = t.storage();
            int off = t.offset();
            long bytes = (long) count * type.byteSize();
            for (long done = 0; done < bytes; ) {
                int chunk = (int) Math.min(bytes - done, 1 << 30);
                ByteBuffer out = data.nioBuffer(done, chunk).order(ByteOrder.LITTLE_ENDIAN);
                int first = (int) (done / type.byteSize());
                int n = chunk / type.byteSize();
                put(file, column, out, type, s, off + first, n);
                done += chunk;
            }
        }
        if (count > 0) {
            vector.getValidityBuffer().setOne(0L, (count + 7) / 8);
        }
        vector.setValueCount(count);
    }

    private static void put(String file, String column, ByteBuffer out, ElementType type, Storage s, int off, int n) {
        switch (type) {
            case FLOAT32 -> {
                if (s.dtype() == DType.FLOAT32) {
                    out.asFloatBuffer().put(s.floats(), off, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        out.putFloat(4 * i, (float) s.getDouble(off + i));
                    }
                }
            }
            case FLOAT64 -> {
                if (s.dtype() == DType.FLOAT64) {
                    out.asDoubleBuffer().put(s.doubles(), off, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        out.putDouble(8 * i, s.getDouble(off + i));
                    }
                }
            }
            case INT64 -> {
                if (s.dtype() == DType.INT64) {
                    out.asLongBuffer().put(s.longs(), off, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        out.putLong(8 * i, whole(file, column, s.getDouble(off + i), Long.MIN_VALUE, Long.MAX_VALUE));
                    }
                }
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    out.putInt(4 * i, (int) whole(file, column, s.getDouble(off + i), Integer.MIN_VALUE,
                            Integer.MAX_VALUE));
                }
            }
            case UINT8 -> {
                for (int i = 0; i < n; i++) {
                    out.put(i, (byte) whole(file, column, s.getDouble(off + i), 0, 255));
                }
            }
            case BOOL -> throw new IllegalStateException("bool columns are filled bit by bit");
        }
    }

    private static long whole(String file, String column, double v, long min, long max) {
        if (!(v >= min && v <= max) || v != Math.rint(v)) {
            throw new DataException(file, column, "value " + v + " is not a whole number in [" + min + ", " + max
                    + "]");
        }
        return (long) v;
    }
}
