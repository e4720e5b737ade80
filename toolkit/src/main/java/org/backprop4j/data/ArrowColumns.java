package org.backprop4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;

/** How backprop4j reads Arrow columns as numbers, and the bulk copies from Arrow buffers into tensor storage. */
final class ArrowColumns {
    private ArrowColumns() {
    }

    /** The primitive element types backprop4j reads, with their size in bytes (0 for bit-packed booleans). */
    enum Leaf {
        INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8), FLOAT32(4), FLOAT64(8), BOOL(0);

        final int size;

        Leaf(int size) {
            this.size = size;
        }

        /** The leaf type of a primitive Arrow type, or null when it is not a number backprop4j reads. */
        static Leaf of(ArrowType type) {
            if (type instanceof ArrowType.Int i) {
                return switch (i.getBitWidth()) {
                    case 8 -> i.getIsSigned() ? INT8 : UINT8;
                    case 16 -> i.getIsSigned() ? INT16 : UINT16;
                    case 32 -> i.getIsSigned() ? INT32 : UINT32;
                    case 64 -> INT64; // uint64 above 2^63 would wrap; such labels or features do not occur in practice
                    default -> null;
                };
            }
            if (type instanceof ArrowType.FloatingPoint f) {
                return switch (f.getPrecision()) {
                    case SINGLE -> FLOAT32;
                    case DOUBLE -> FLOAT64;
                    case HALF -> null;
                };
            }
            return type instanceof ArrowType.Bool ? BOOL : null;
        }

        boolean isInteger() {
            return this != FLOAT32 && this != FLOAT64;
        }
    }

    /**
     * A numeric column as read per row: a primitive (width 1, shape {@code []}) or a FixedSizeList, possibly
     * nested, of primitives (width = the product of list sizes; shape from the field's {@value ArrowNames#SHAPE}
     * metadata when it agrees, else the list sizes).
     */
    record Numeric(String name, int index, Leaf leaf, int width, Shape shape, int depth) {
        /** The numeric layout of {@code field}, or null when it is not one (strings, structs, half floats, ...). */
        static Numeric of(Field field, int index) {
            List<Integer> sizes = new ArrayList<>();
            Field f = field;
            long width = 1;
            while (f.getType() instanceof ArrowType.FixedSizeList list) {
                if (f.getChildren().size() != 1 || sizes.size() >= 8) {
                    return null;
                }
                sizes.add(list.getListSize());
                width *= list.getListSize();
                if (width > Integer.MAX_VALUE / 8) {
                    return null;
                }
                f = f.getChildren().get(0);
            }
            Leaf leaf = Leaf.of(f.getType());
            if (leaf == null || f.getDictionary() != null) {
                return null;
            }
            int[] dims = sizes.stream().mapToInt(Integer::intValue).toArray();
            Shape shape = Shape.of(dims);
            if (!sizes.isEmpty()) {
                Shape declared = ArrowNames.parseShape(field.getMetadata().get(ArrowNames.SHAPE), (int) width);
                if (declared != null) {
                    shape = declared;
                }
            }
            return new Numeric(field.getName(), index, leaf, (int) width, shape, sizes.size());
        }

        /** The vector holding the primitive values of {@code column}. */
        FieldVector leafVector(FieldVector column) {
            FieldVector v = column;
            for (int d = 0; d < depth; d++) {
                v = ((FixedSizeListVector) v).getDataVector();
            }
            return v;
        }

        String describe() {
            return name + " " + (depth == 0 ? "" : shape + " ") + leaf.name().toLowerCase();
        }
    }

    /**
     * Copies {@code count} values of {@code leaf} from element {@code first} of {@code vector} into
     * {@code dst[dstOff ..]}, converting to the storage's dtype, with one bulk read per call.
     */
    static void copy(FieldVector vector, Leaf leaf, long first, int count, Storage dst, int dstOff) {
        if (leaf == Leaf.BOOL) {
            BitVector bits = (BitVector) vector;
            for (int i = 0; i < count; i++) {
                dst.setDouble(dstOff + i, bits.get((int) (first + i)));
            }
            return;
        }
        ArrowBuf data = vector.getDataBuffer();
        ByteBuffer bb = data.nioBuffer(first * leaf.size, Math.multiplyExact(count, leaf.size))
                .order(ByteOrder.LITTLE_ENDIAN);
        switch (dst.dtype()) {
            case FLOAT32 -> toFloats(bb, leaf, count, dst.floats(), dstOff);
            case FLOAT64 -> toDoubles(bb, leaf, count, dst.doubles(), dstOff);
            case INT64 -> toLongs(bb, leaf, count, dst.longs(), dstOff);
            case BOOL -> {
                for (int i = 0; i < count; i++) {
                    dst.setDouble(dstOff + i, value(bb, leaf, i));
                }
            }
        }
    }

    private static void toFloats(ByteBuffer bb, Leaf leaf, int n, float[] dst, int off) {
        switch (leaf) {
            case FLOAT32 -> bb.asFloatBuffer().get(dst, off, n);
            case UINT8, INT8 -> {
                byte[] scratch = scratch(n);
                bb.get(0, scratch, 0, n);
                if (leaf == Leaf.UINT8) {
                    for (int i = 0; i < n; i++) {
                        dst[off + i] = scratch[i] & 0xFF;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        dst[off + i] = scratch[i];
                    }
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (float) value(bb, leaf, i);
                }
            }
        }
    }

    /** A per-thread buffer of at least {@code n} bytes, so gathering rows one by one allocates nothing. */
    private static byte[] scratch(int n) {
        if (n > 1 << 20) {
            return new byte[n];   // a big one-off read: not worth keeping for the thread's lifetime
        }
        byte[] b = SCRATCH.get();
        if (b.length < n) {
            b = new byte[Math.max(n, 2 * b.length)];
            SCRATCH.set(b);
        }
        return b;
    }

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private static void toDoubles(ByteBuffer bb, Leaf leaf, int n, double[] dst, int off) {
        if (leaf == Leaf.FLOAT64) {
            bb.asDoubleBuffer().get(dst, off, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[off + i] = value(bb, leaf, i);
        }
    }

    private static void toLongs(ByteBuffer bb, Leaf leaf, int n, long[] dst, int off) {
        if (leaf == Leaf.INT64) {
            bb.asLongBuffer().get(dst, off, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[off + i] = (long) value(bb, leaf, i);
        }
    }

    /** Element {@code i} of a little-endian buffer of {@code leaf} values. */
    static double value(ByteBuffer bb, Leaf leaf, int i) {
        return switch (leaf) {
            case INT8 -> bb.get(i);
            case UINT8 -> bb.get(i) & 0xFF;
            case INT16 -> bb.getShort(2 * i);
            case UINT16 -> bb.getShort(2 * i) & 0xFFFF;
            case INT32 -> bb.getInt(4 * i);
            case UINT32 -> Integer.toUnsignedLong(bb.getInt(4 * i));
            case INT64 -> bb.getLong(8 * i);
            case FLOAT32 -> bb.getFloat(4 * i);
            case FLOAT64 -> bb.getDouble(8 * i);
            case BOOL -> throw new IllegalStateException("booleans are bit-packed");
        };
    }

    /** The first null row of {@code vector} (or of its list elements), or -1. */
    static int firstNull(FieldVector vector, int depth) {
        FieldVector v = vector;
        for (int d = 0; ; d++) {
            if (v.getNullCount() > 0) {
                for (int i = 0; i < v.getValueCount(); i++) {
                    if (v.isNull(i)) {
                        int perRow = 1;
                        FieldVector w = vector;
                        for (int k = 0; k < d; k++) {
                            perRow *= ((FixedSizeListVector) w).getListSize();
                            w = ((FixedSizeListVector) w).getDataVector();
                        }
                        return perRow == 0 ? 0 : i / perRow;
                    }
                }
            }
            if (d == depth) {
                return -1;
            }
            v = ((FixedSizeListVector) v).getDataVector();
        }
    }
}
