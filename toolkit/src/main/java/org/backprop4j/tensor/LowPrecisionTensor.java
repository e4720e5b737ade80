package org.backprop4j.tensor;

import org.backprop4j.array.DType;
import org.backprop4j.array.LowPrecision;
import org.backprop4j.array.Shape;

/**
 * A tensor's values stored in 16 bits each ({@link LowPrecision#BFLOAT16} or {@link LowPrecision#FLOAT16}): half
 * the bytes of float32, for keeping weights, activations or checkpoints compact. It is storage only: no op reads it
 * and it takes no part in autograd; {@link #toTensor()} converts back to a float32 tensor (exactly: float32 holds
 * every 16-bit value), as PyTorch's {@code t.to(torch.bfloat16)} and {@code .float()} round trip.
 *
 * {@snippet file="TechniqueSnippets.java" region="lowPrecisionTensor"}
 */
public final class LowPrecisionTensor {
    private final LowPrecision format;
    private final Shape shape;
    private final short[] bits;

    private LowPrecisionTensor(LowPrecision format, Shape shape, short[] bits) {
        this.format = format;
        this.shape = shape;
        this.bits = bits;
    }

    /**
     * The values of {@code t} (float32 or float64) rounded to {@code format}, ties to even.
     *
     * @throws IllegalArgumentException if {@code t} is not floating
     */
    public static LowPrecisionTensor of(Tensor t, LowPrecision format) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("LowPrecisionTensor.of: " + format + " holds floating values, got a "
                    + t.dtype() + " tensor of shape " + t.shape());
        }
        float[] values = t.toFloatArray();
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = format.toBits(values[i]);
        }
        return new LowPrecisionTensor(format, t.shape(), bits);
    }

    /** The values as a new float32 tensor of the same shape. */
    public Tensor toTensor() {
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            values[i] = format.fromBits(bits[i]);
        }
        return Tensor.of(values, shape.toArray());
    }

    public LowPrecision format() {
        return format;
    }

    public Shape shape() {
        return shape;
    }

    public int numel() {
        return bits.length;
    }

    /** Bytes the values take: 2 per element (a float32 tensor takes {@code numel() * 4}). */
    public long nbytes() {
        return 2L * bits.length;
    }

    /** A copy of the bit patterns, row-major. */
    public short[] bits() {
        return bits.clone();
    }

    @Override
    public String toString() {
        return "LowPrecisionTensor(" + format + ", shape=" + shape + ", " + nbytes() + " bytes; as "
                + DType.FLOAT32 + " " + 4L * bits.length + ")";
    }
}
