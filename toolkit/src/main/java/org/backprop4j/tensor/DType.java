package org.backprop4j.tensor;

/**
 * Element types. {@link #FLOAT32} is the default; {@link #FLOAT64} serves gradient checks and users who need
 * the precision; {@link #INT64} holds indices and class labels; {@link #BOOL} holds masks and comparison results.
 * Only the floating types take part in differentiation.
 */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8),
    INT64("int64", 8),
    BOOL("bool", 1);

    private final String displayName;
    private final int byteSize;

    DType(String displayName, int byteSize) {
        this.displayName = displayName;
        this.byteSize = byteSize;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The lower-case name PyTorch users know, e.g. {@code float32}. */
    @Override
    public String toString() {
        return displayName;
    }
}
