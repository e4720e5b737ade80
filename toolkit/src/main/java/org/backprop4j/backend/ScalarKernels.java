package org.backprop4j.backend;

/**
 * 4 x 4 register-blocked kernels in plain Java, for JVMs without the {@code jdk.incubator.vector} module. C2 does
 * not vectorize them (it cannot prove the arrays distinct), so they run at scalar speed, a few GFLOPS per core.
 */
final class ScalarKernels {
    private ScalarKernels() {
    }

    static final class Floats implements FloatKernel {
        @Override
        public int mr() {
            return 4;
        }

        @Override
        public int nr() {
            return 4;
        }

        @Override
        public String describe() {
            return "scalar 4x4 float kernel";
        }

        @Override
        public void tile(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
            float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (int p = 0; p < kc; p++, ai += 4, bi += 4) {
                float b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
                float a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02; c[ci + 3] += c03;
            ci += ldc;
            c[ci] += c10; c[ci + 1] += c11; c[ci + 2] += c12; c[ci + 3] += c13;
            ci += ldc;
            c[ci] += c20; c[ci + 1] += c21; c[ci + 2] += c22; c[ci + 3] += c23;
            ci += ldc;
            c[ci] += c30; c[ci + 1] += c31; c[ci + 2] += c32; c[ci + 3] += c33;
        }
    }

    static final class Doubles implements DoubleKernel {
        @Override
        public int mr() {
            return 4;
        }

        @Override
        public int nr() {
            return 4;
        }

        @Override
        public String describe() {
            return "scalar 4x4 double kernel";
        }

        @Override
        public void tile(int kc, double[] a, int ai, double[] b, int bi, double[] c, int ci, int ldc) {
            double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (int p = 0; p < kc; p++, ai += 4, bi += 4) {
                double b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
                double a0 = a[ai], a1 = a[ai + 1], a2 = a[ai + 2], a3 = a[ai + 3];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02; c[ci + 3] += c03;
            ci += ldc;
            c[ci] += c10; c[ci + 1] += c11; c[ci + 2] += c12; c[ci + 3] += c13;
            ci += ldc;
            c[ci] += c20; c[ci + 1] += c21; c[ci + 2] += c22; c[ci + 3] += c23;
            ci += ldc;
            c[ci] += c30; c[ci + 1] += c31; c[ci + 2] += c32; c[ci + 3] += c33;
        }
    }
}
