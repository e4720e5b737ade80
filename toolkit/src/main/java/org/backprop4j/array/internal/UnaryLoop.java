package org.backprop4j.array.internal;

import java.lang.invoke.MethodHandles;

/** Template of a unary loop; {@link Loops#unary} defines one copy per op with {@code F} bound to the op. */
final class UnaryLoop implements Loops.Unary {
    private static final Loops.UnaryFn F = classData();

    private static Loops.UnaryFn classData() {
        try {
            return MethodHandles.classData(MethodHandles.lookup(), "_", Loops.UnaryFn.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void run(float[] in, int i, int step, float[] out, int k, int n, double a, double b) {
        if (step == 1) {
            for (int j = 0; j < n; j++) {
                out[k + j] = (float) F.apply(in[i + j], a, b);
            }
        } else {
            for (int j = 0; j < n; j++, i += step) {
                out[k + j] = (float) F.apply(in[i], a, b);
            }
        }
    }

    @Override
    public void run(double[] in, int i, int step, double[] out, int k, int n, double a, double b) {
        if (step == 1) {
            for (int j = 0; j < n; j++) {
                out[k + j] = F.apply(in[i + j], a, b);
            }
        } else {
            for (int j = 0; j < n; j++, i += step) {
                out[k + j] = F.apply(in[i], a, b);
            }
        }
    }
}
