package org.backprop4j.array.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of loops whose scalar form branches on the data ({@link Kernels#passPositive},
 * {@link TableKernels#maxWindows}): with random signs the branch is mispredicted about every other element, which made
 * relu's backward over a LeNet activation five times slower than a copy. Also the short runs of im2col and col2im
 * (8 to 24 elements for LeNet), where a call to arraycopy or C2's pre-, main and post-loop cost more than the work:
 * 256-bit lanes and a scalar tail. Only reached when {@link Loops#VECTOR}.
 */
final class VectorLoops {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    // int lanes matching each floating species lane for lane, for the positions of the maxima
    private static final VectorSpecies<Integer> FI = VectorSpecies.of(int.class,
            VectorShape.forBitSize(F.length() * Integer.SIZE));
    private static final VectorSpecies<Integer> DI = VectorSpecies.of(int.class,
            VectorShape.forBitSize(D.length() * Integer.SIZE));

    private VectorLoops() {
    }

    /** {@link Kernels#passPositive} over whole vectors; returns how many elements it did (the scalar loop ends). */
    static int positive(float[] g, int gi, float[] y, int yi, float[] out, int k, int n) {
        int c = 0;
        FloatVector zero = FloatVector.zero(F);
        for (int upper = F.loopBound(n); c < upper; c += F.length()) {
            FloatVector v = FloatVector.fromArray(F, y, yi + c);
            zero.blend(FloatVector.fromArray(F, g, gi + c), v.compare(VectorOperators.GT, 0f)).intoArray(out, k + c);
        }
        return c;
    }

    static int positive(double[] g, int gi, double[] y, int yi, double[] out, int k, int n) {
        int c = 0;
        DoubleVector zero = DoubleVector.zero(D);
        for (int upper = D.loopBound(n); c < upper; c += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, y, yi + c);
            zero.blend(DoubleVector.fromArray(D, g, gi + c), v.compare(VectorOperators.GT, 0d)).intoArray(out, k + c);
        }
        return c;
    }

    /** Whether every tap of output positions {@code [i, i + lanes)} lies inside the input (no -1 in the table). */
    private static boolean allInside(int[] table, VectorSpecies<Integer> lanes, int i, int l, int taps) {
        for (int t = 0, e = i; t < taps; t++, e += l) {
            if (IntVector.fromArray(lanes, table, e).compare(VectorOperators.LT, 0).anyTrue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link TableKernels#maxWindows} over the output positions {@code [0, upper)} of one plane, a lane each: a gather
     * per tap (the first tap starts the maximum), a lane taking a later tap where it is greater or the first NaN.
     * A run of positions with a window over the border goes through the scalar form position by position (a masked
     * gather would still check the masked-off -1 indices).
     */
    static int maxWindows(float[] x, int base, int[] table, int l, int taps, float[] out, int[] arg, int o) {
        int upper = F.loopBound(l);
        for (int i = 0; i < upper; i += F.length()) {
            if (!allInside(table, FI, i, l, taps)) {
                for (int j = i; j < i + F.length(); j++) {
                    TableKernels.maxWindow(x, base, table, l, taps, j, out, arg, o + j);
                }
                continue;
            }
            FloatVector best = FloatVector.fromArray(F, x, base, table, i);
            IntVector at = IntVector.fromArray(FI, table, i);
            for (int t = 1, e = i + l; t < taps; t++, e += l) {
                FloatVector v = FloatVector.fromArray(F, x, base, table, e);
                VectorMask<Float> take = v.compare(VectorOperators.GT, best)
                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, take);
                at = at.blend(IntVector.fromArray(FI, table, e), take.cast(FI));
            }
            best.intoArray(out, o + i);
            at.intoArray(arg, o + i);
        }
        return upper;
    }

    static int maxWindows(double[] x, int base, int[] table, int l, int taps, double[] out, int[] arg, int o) {
        int upper = D.loopBound(l);
        for (int i = 0; i < upper; i += D.length()) {
            if (!allInside(table, DI, i, l, taps)) {
                for (int j = i; j < i + D.length(); j++) {
                    TableKernels.maxWindow(x, base, table, l, taps, j, out, arg, o + j);
                }
                continue;
            }
            DoubleVector best = DoubleVector.fromArray(D, x, base, table, i);
            IntVector at = IntVector.fromArray(DI, table, i);
            for (int t = 1, e = i + l; t < taps; t++, e += l) {
                DoubleVector v = DoubleVector.fromArray(D, x, base, table, e);
                VectorMask<Double> take = v.compare(VectorOperators.GT, best)
                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, take);
                at = at.blend(IntVector.fromArray(DI, table, e), take.cast(DI));
            }
            best.intoArray(out, o + i);
            at.intoArray(arg, o + i);
        }
        return upper;
    }

    /** {@code dst[d + j] += src[s + j]} for {@code j < len}: 256-bit lanes (the runs are short), then scalar. */
    static void addRun(float[] src, int s, float[] dst, int d, int len) {
        int j = 0;
        for (int upper = F8.loopBound(len); j < upper; j += F8.length()) {
            FloatVector.fromArray(F8, dst, d + j).add(FloatVector.fromArray(F8, src, s + j)).intoArray(dst, d + j);
        }
        for (; j < len; j++) {
            dst[d + j] += src[s + j];
        }
    }

    static void addRun(double[] src, int s, double[] dst, int d, int len) {
        int j = 0;
        for (int upper = D4.loopBound(len); j < upper; j += D4.length()) {
            DoubleVector.fromArray(D4, dst, d + j).add(DoubleVector.fromArray(D4, src, s + j)).intoArray(dst, d + j);
        }
        for (; j < len; j++) {
            dst[d + j] += src[s + j];
        }
    }

    /** {@code dst[d + j] = src[s + j]} for {@code j < len}: runs so short that a call to arraycopy dominates. */
    static void copyRun(float[] src, int s, float[] dst, int d, int len) {
        int j = 0;
        for (int upper = F8.loopBound(len); j < upper; j += F8.length()) {
            FloatVector.fromArray(F8, src, s + j).intoArray(dst, d + j);
        }
        for (; j < len; j++) {
            dst[d + j] = src[s + j];
        }
    }

    static void copyRun(double[] src, int s, double[] dst, int d, int len) {
        int j = 0;
        for (int upper = D4.loopBound(len); j < upper; j += D4.length()) {
            DoubleVector.fromArray(D4, src, s + j).intoArray(dst, d + j);
        }
        for (; j < len; j++) {
            dst[d + j] = src[s + j];
        }
    }
}
