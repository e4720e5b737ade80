package org.backprop4j.backend;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * 8 x (2 vectors) register-blocked kernels with the Vector API: 16 accumulators of the machine's widest vectors
 * (8 x 32 floats with AVX-512), one fused multiply-add per accumulator and step. Loaded only when the
 * {@code jdk.incubator.vector} module is present (see {@link JavaBackend#defaultKernels()}).
 */
final class VectorKernels {
    private VectorKernels() {
    }

    static FloatKernel floats() {
        return new Floats();
    }

    static DoubleKernel doubles() {
        return new Doubles();
    }

    /**
     * {@code C = alpha op(A) B + beta C} for products too small to pack, B not transposed: each row of C is built in
     * vectors (masked at the right edge) as a sum of rows of B scaled by broadcast elements of A, four rows of C
     * at a time so that four independent chains of multiply-adds overlap.
     */
    static void sgemmSmall(boolean transA, int m, int n, int k, float alpha, float[] a, int offA, int lda, float[] b,
            int offB, int ldb, float beta, float[] c, int offC, int ldc) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        int ai = transA ? 1 : lda;
        int ap = transA ? lda : 1;
        for (int j = 0; j < n; j += s.length()) {
            VectorMask<Float> mask = s.indexInRange(j, n);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                FloatVector c0 = FloatVector.zero(s), c1 = c0, c2 = c0, c3 = c0;
                int a0 = offA + i * ai;
                for (int p = 0; p < k; p++, a0 += ap) {
                    FloatVector bp = FloatVector.fromArray(s, b, offB + p * ldb + j, mask);
                    c0 = bp.fma(bp.broadcast(a[a0]), c0);
                    c1 = bp.fma(bp.broadcast(a[a0 + ai]), c1);
                    c2 = bp.fma(bp.broadcast(a[a0 + 2 * ai]), c2);
                    c3 = bp.fma(bp.broadcast(a[a0 + 3 * ai]), c3);
                }
                int ci = offC + i * ldc + j;
                store(c0, alpha, beta, c, ci, mask);
                store(c1, alpha, beta, c, ci + ldc, mask);
                store(c2, alpha, beta, c, ci + 2 * ldc, mask);
                store(c3, alpha, beta, c, ci + 3 * ldc, mask);
            }
            for (; i < m; i++) {
                FloatVector c0 = FloatVector.zero(s);
                int a0 = offA + i * ai;
                for (int p = 0; p < k; p++, a0 += ap) {
                    c0 = FloatVector.fromArray(s, b, offB + p * ldb + j, mask).fma(FloatVector.broadcast(s, a[a0]), c0);
                }
                store(c0, alpha, beta, c, offC + i * ldc + j, mask);
            }
        }
    }

    private static void store(FloatVector sum, float alpha, float beta, float[] c, int ci, VectorMask<Float> mask) {
        FloatVector out = sum.mul(alpha);
        if (beta != 0) {
            out = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, c, ci, mask).mul(beta).add(out);
        }
        out.intoArray(c, ci, mask);
    }

    /**
     * {@code C = alpha op(A) B + beta C} for products too small to pack, B not transposed: each row of C is built in
     * vectors (masked at the right edge) as a sum of rows of B scaled by broadcast elements of A, four rows of C
     * at a time so that four independent chains of multiply-adds overlap.
     */
    static void dgemmSmall(boolean transA, int m, int n, int k, double alpha, double[] a, int offA, int lda, double[] b,
            int offB, int ldb, double beta, double[] c, int offC, int ldc) {
        VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
        int ai = transA ? 1 : lda;
        int ap = transA ? lda : 1;
        for (int j = 0; j < n; j += s.length()) {
            VectorMask<Double> mask = s.indexInRange(j, n);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                DoubleVector c0 = DoubleVector.zero(s), c1 = c0, c2 = c0, c3 = c0;
                int a0 = offA + i * ai;
                for (int p = 0; p < k; p++, a0 += ap) {
                    DoubleVector bp = DoubleVector.fromArray(s, b, offB + p * ldb + j, mask);
                    c0 = bp.fma(bp.broadcast(a[a0]), c0);
                    c1 = bp.fma(bp.broadcast(a[a0 + ai]), c1);
                    c2 = bp.fma(bp.broadcast(a[a0 + 2 * ai]), c2);
                    c3 = bp.fma(bp.broadcast(a[a0 + 3 * ai]), c3);
                }
                int ci = offC + i * ldc + j;
                store(c0, alpha, beta, c, ci, mask);
                store(c1, alpha, beta, c, ci + ldc, mask);
                store(c2, alpha, beta, c, ci + 2 * ldc, mask);
                store(c3, alpha, beta, c, ci + 3 * ldc, mask);
            }
            for (; i < m; i++) {
                DoubleVector c0 = DoubleVector.zero(s);
                int a0 = offA + i * ai;
                for (int p = 0; p < k; p++, a0 += ap) {
                    c0 = DoubleVector.fromArray(s, b, offB + p * ldb + j, mask).fma(DoubleVector.broadcast(s, a[a0]), c0);
                }
                store(c0, alpha, beta, c, offC + i * ldc + j, mask);
            }
        }
    }

    private static void store(DoubleVector sum, double alpha, double beta, double[] c, int ci, VectorMask<Double> mask) {
        DoubleVector out = sum.mul(alpha);
        if (beta != 0) {
            out = DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, c, ci, mask).mul(beta).add(out);
        }
        out.intoArray(c, ci, mask);
    }

    static final class Floats implements FloatKernel {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final int L = S.length();

        @Override
        public int mr() {
            return 8;
        }

        @Override
        public int nr() {
            return 2 * L;
        }

        @Override
        public String describe() {
            return "Vector API 8x" + 2 * L + " float kernel, " + S.vectorBitSize() + "-bit";
        }

        @Override
        public void tile(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
            FloatVector z = FloatVector.zero(S);
            FloatVector c00 = z, c01 = z;
            FloatVector c10 = z, c11 = z;
            FloatVector c20 = z, c21 = z;
            FloatVector c30 = z, c31 = z;
            FloatVector c40 = z, c41 = z;
            FloatVector c50 = z, c51 = z;
            FloatVector c60 = z, c61 = z;
            FloatVector c70 = z, c71 = z;
            for (int p = 0; p < kc; p++, ai += 8, bi += 2 * L) {
                FloatVector b0 = FloatVector.fromArray(S, b, bi);
                FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
                FloatVector a0 = FloatVector.broadcast(S, a[ai]);
                c00 = a0.fma(b0, c00);
                c01 = a0.fma(b1, c01);
                FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
                c10 = a1.fma(b0, c10);
                c11 = a1.fma(b1, c11);
                FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
                c20 = a2.fma(b0, c20);
                c21 = a2.fma(b1, c21);
                FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
                c30 = a3.fma(b0, c30);
                c31 = a3.fma(b1, c31);
                FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
                c40 = a4.fma(b0, c40);
                c41 = a4.fma(b1, c41);
                FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
                c50 = a5.fma(b0, c50);
                c51 = a5.fma(b1, c51);
                FloatVector a6 = FloatVector.broadcast(S, a[ai + 6]);
                c60 = a6.fma(b0, c60);
                c61 = a6.fma(b1, c61);
                FloatVector a7 = FloatVector.broadcast(S, a[ai + 7]);
                c70 = a7.fma(b0, c70);
                c71 = a7.fma(b1, c71);
            }
            FloatVector.fromArray(S, c, ci).add(c00).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c01).intoArray(c, ci + L);
            ci += ldc;
            FloatVector.fromArray(S, c, ci).add(c10).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c11).intoArray(c, ci + L);
            ci += ldc;
            FloatVector.fromArray(S, c, ci).add(c20).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c21).intoArray(c, ci + L);
            ci += ldc;
            FloatVector.fromArray(S, c, ci).add(c30).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c31).intoArray(c, ci + L);
            ci += ldc;
            FloatVector.fromArray(S, c, ci).add(c40).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c41).intoArray(c, ci + L);
            ci += ldc;
            FloatVector.fromArray(S, c, ci).add(c50).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c51).intoArray(c, ci + L);
            ci += ldc;
            FloatVector.fromArray(S, c, ci).add(c60).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c61).intoArray(c, ci + L);
            ci += ldc;
            FloatVector.fromArray(S, c, ci).add(c70).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c71).intoArray(c, ci + L);
        }
    }

    static final class Doubles implements DoubleKernel {
        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
        private static final int L = S.length();

        @Override
        public int mr() {
            return 8;
        }

        @Override
        public int nr() {
            return 2 * L;
        }

        @Override
        public String describe() {
            return "Vector API 8x" + 2 * L + " double kernel, " + S.vectorBitSize() + "-bit";
        }

        @Override
        public void tile(int kc, double[] a, int ai, double[] b, int bi, double[] c, int ci, int ldc) {
            DoubleVector z = DoubleVector.zero(S);
            DoubleVector c00 = z, c01 = z;
            DoubleVector c10 = z, c11 = z;
            DoubleVector c20 = z, c21 = z;
            DoubleVector c30 = z, c31 = z;
            DoubleVector c40 = z, c41 = z;
            DoubleVector c50 = z, c51 = z;
            DoubleVector c60 = z, c61 = z;
            DoubleVector c70 = z, c71 = z;
            for (int p = 0; p < kc; p++, ai += 8, bi += 2 * L) {
                DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
                DoubleVector a0 = DoubleVector.broadcast(S, a[ai]);
                c00 = a0.fma(b0, c00);
                c01 = a0.fma(b1, c01);
                DoubleVector a1 = DoubleVector.broadcast(S, a[ai + 1]);
                c10 = a1.fma(b0, c10);
                c11 = a1.fma(b1, c11);
                DoubleVector a2 = DoubleVector.broadcast(S, a[ai + 2]);
                c20 = a2.fma(b0, c20);
                c21 = a2.fma(b1, c21);
                DoubleVector a3 = DoubleVector.broadcast(S, a[ai + 3]);
                c30 = a3.fma(b0, c30);
                c31 = a3.fma(b1, c31);
                DoubleVector a4 = DoubleVector.broadcast(S, a[ai + 4]);
                c40 = a4.fma(b0, c40);
                c41 = a4.fma(b1, c41);
                DoubleVector a5 = DoubleVector.broadcast(S, a[ai + 5]);
                c50 = a5.fma(b0, c50);
                c51 = a5.fma(b1, c51);
                DoubleVector a6 = DoubleVector.broadcast(S, a[ai + 6]);
                c60 = a6.fma(b0, c60);
                c61 = a6.fma(b1, c61);
                DoubleVector a7 = DoubleVector.broadcast(S, a[ai + 7]);
                c70 = a7.fma(b0, c70);
                c71 = a7.fma(b1, c71);
            }
            DoubleVector.fromArray(S, c, ci).add(c00).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c01).intoArray(c, ci + L);
            ci += ldc;
            DoubleVector.fromArray(S, c, ci).add(c10).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c11).intoArray(c, ci + L);
            ci += ldc;
            DoubleVector.fromArray(S, c, ci).add(c20).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c21).intoArray(c, ci + L);
            ci += ldc;
            DoubleVector.fromArray(S, c, ci).add(c30).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c31).intoArray(c, ci + L);
            ci += ldc;
            DoubleVector.fromArray(S, c, ci).add(c40).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c41).intoArray(c, ci + L);
            ci += ldc;
            DoubleVector.fromArray(S, c, ci).add(c50).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c51).intoArray(c, ci + L);
            ci += ldc;
            DoubleVector.fromArray(S, c, ci).add(c60).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c61).intoArray(c, ci + L);
            ci += ldc;
            DoubleVector.fromArray(S, c, ci).add(c70).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c71).intoArray(c, ci + L);
        }
    }
}
