package org.backprop4j.data;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The element types backprop4j writes to Arrow columns, each with its Arrow type and size in bytes. */
public enum ElementType {
    /** Unsigned 8-bit integers: pixels. Read back as whole numbers in float32 (see {@link Transforms#toFloat()}). */
    UINT8(new ArrowType.Int(8, false), 1),
    INT32(new ArrowType.Int(32, true), 4),
    INT64(new ArrowType.Int(64, true), 8),
    FLOAT32(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), 4),
    FLOAT64(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), 8),
    BOOL(ArrowType.Bool.INSTANCE, 0);

    private final ArrowType arrowType;
    private final int byteSize;

    ElementType(ArrowType arrowType, int byteSize) {
        this.arrowType = arrowType;
        this.byteSize = byteSize;
    }

    /** The Arrow type of such a column (or of the children of a list column). */
    public ArrowType arrowType() {
        return arrowType;
    }

    /** Bytes per element; 0 for BOOL, which Arrow packs in bits. */
    int byteSize() {
        return byteSize;
    }
}
