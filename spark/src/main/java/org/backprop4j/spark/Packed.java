package org.backprop4j.spark;

import java.io.Serializable;

/**
 * Tensors flattened into one array per element type, in the order a {@link StateLayout} gives them: what travels
 * between the driver and the executors (weights out, gradients or averaged weights back). Sums are elementwise in
 * each float array; the int64 part (counters such as BatchNorm's {@code num_batches_tracked}, equal on every
 * replica) keeps the left operand's values, so a sum in partition order keeps partition 0's.
 *
 * @param floats  the float32 elements
 * @param doubles the float64 elements
 * @param longs   the int64 elements
 */
record Packed(float[] floats, double[] doubles, long[] longs) implements Serializable {

    static Packed zeros(int floats, int doubles, int longs) {
        return new Packed(new float[floats], new double[doubles], new long[longs]);
    }

    /** Adds {@code other}'s float parts into this one's arrays (which it owns) and returns this. */
    Packed addInPlace(Packed other) {
        if (other.floats.length != floats.length || other.doubles.length != doubles.length
                || other.longs.length != longs.length) {
            throw new IllegalStateException("backprop4j-spark: partial results of different layouts ("
                    + describe() + " and " + other.describe() + "); every replica must hold the same tensors");
        }
        for (int i = 0; i < floats.length; i++) {
            floats[i] += other.floats[i];
        }
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] += other.doubles[i];
        }
        return this;
    }

    /** Divides the float parts by {@code divisor}, in place. */
    Packed divideInPlace(int divisor) {
        for (int i = 0; i < floats.length; i++) {
            floats[i] /= divisor;
        }
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] /= divisor;
        }
        return this;
    }

    String describe() {
        return floats.length + " float32, " + doubles.length + " float64, " + longs.length + " int64 elements";
    }
}
