package org.backprop4j.array.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link GateMath}'s loops with the Vector API; loaded only when {@code jdk.incubator.vector} is present. */
final class VectorGateMath {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private VectorGateMath() {
    }

    static void sigmoid(double[] a, int from, int n) {
        int i = from;
        int end = from + n;
        for (int upper = from + SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, i);
            DoubleVector.broadcast(SPECIES, 1).div(x.neg().lanewise(VectorOperators.EXP).add(1)).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = RecurrentMath.sigmoid(a[i]);
        }
    }

    static void tanh(double[] a, int from, int n) {
        int i = from;
        int end = from + n;
        for (int upper = from + SPECIES.loopBound(n); i < upper; i += SPECIES.length()) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, a, i);
            DoubleVector e = x.mul(2).lanewise(VectorOperators.EXP).add(1);
            DoubleVector.broadcast(SPECIES, 1).sub(DoubleVector.broadcast(SPECIES, 2).div(e)).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = RecurrentMath.tanh(true, a[i]);
        }
    }
}
