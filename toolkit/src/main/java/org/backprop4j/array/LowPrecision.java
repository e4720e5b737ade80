package org.backprop4j.array;

/**
 * The 16-bit floating formats of mixed-precision training, as bit patterns in a {@code short} and as the float32
 * values they stand for: {@link #BFLOAT16} (float32's 8-bit exponent, 8 significant bits: float32's range, about
 * 2-3 decimal digits) and {@link #FLOAT16} (IEEE 754 binary16: 5-bit exponent, 11 significant bits, largest finite
 * value 65504, so small gradients underflow without loss scaling). Conversions from float32 round to nearest, ties
 * to even, like PyTorch's {@code tensor.to(torch.bfloat16)} and {@code tensor.to(torch.float16)}; NaN stays NaN,
 * infinities stay infinite, float16 overflows to infinity. A float64 value is first rounded to float32 (PyTorch
 * converts through float too).
 */
public enum LowPrecision {
    /** bfloat16 (Kalamkar et al. 2019, "A Study of BFLOAT16 for Deep Learning Training"). */
    BFLOAT16("bfloat16"),
    /** IEEE 754 half precision (Micikevicius et al. 2018, "Mixed Precision Training"). */
    FLOAT16("float16");

    private final String displayName;

    LowPrecision(String displayName) {
        this.displayName = displayName;
    }

    /** Bytes per element: 2. */
    public int byteSize() {
        return 2;
    }

    /** The bit pattern nearest to {@code value} (ties to even). */
    public short toBits(float value) {
        if (this == FLOAT16) {
            return Float.floatToFloat16(value);
        }
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40); // quiet NaN, sign kept
        }
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lsb) >>> 16);
    }

    /** The float32 value of a bit pattern of this format (exact: float32 holds every value of both formats). */
    public float fromBits(short bits) {
        if (this == FLOAT16) {
            return Float.float16ToFloat(bits);
        }
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** {@code value} rounded to this format, as a float32. */
    public float round(float value) {
        return fromBits(toBits(value));
    }

    /** {@code value} rounded to float32, then to this format. */
    public double round(double value) {
        return fromBits(toBits((float) value));
    }

    /** The largest finite value: about 3.39e38 for bfloat16, 65504 for float16. */
    public double maxValue() {
        return this == FLOAT16 ? 65504.0 : fromBits((short) 0x7F7F);
    }

    /** The distance from 1 to the next larger value: 2^-7 for bfloat16, 2^-10 for float16. */
    public double epsilon() {
        return this == FLOAT16 ? 0x1p-10 : 0x1p-7;
    }

    /** The lower-case name PyTorch users know, e.g. {@code bfloat16}. */
    @Override
    public String toString() {
        return displayName;
    }
}
