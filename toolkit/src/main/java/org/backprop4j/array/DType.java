package org.backprop4j.array;

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

    private static volatile DType defaultFloat = FLOAT32;

    private final String displayName;
    private final int byteSize;

    DType(String displayName, int byteSize) {
        this.displayName = displayName;
        this.byteSize = byteSize;
    }

    /**
     * The floating type of tensors made without an explicit dtype ({@code Tensor.zeros(2, 3)}, layers' parameters):
     * float32 unless changed, process-wide like PyTorch's {@code torch.get_default_dtype()}.
     */
    public static DType defaultFloat() {
        return defaultFloat;
    }

    /**
     * Sets the default floating type process-wide (PyTorch's {@code torch.set_default_dtype}).
     *
     * @throws IllegalArgumentException if {@code dtype} is not floating
     */
    public static void setDefaultFloat(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("setDefaultFloat: the default must be float32 or float64, got "
                    + dtype);
        }
        defaultFloat = dtype;
    }

    /**
     * Uses {@code dtype} as the default until the scope closes, e.g. to build a float64 model for gradient checks:
     * {@code try (var _ = DType.useDefaultFloat(DType.FLOAT64)) { model = new Linear(3, 4); }}.
     */
    public static Scope useDefaultFloat(DType dtype) {
        DType previous = defaultFloat;
        setDefaultFloat(dtype);
        return () -> defaultFloat = previous;
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
