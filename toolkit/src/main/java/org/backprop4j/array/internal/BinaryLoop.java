package org.backprop4j.array.internal;

import java.lang.invoke.MethodHandles;

/** Template of a binary loop; {@link Loops#binary} defines one copy per op with {@code F} bound to the op. */
final class BinaryLoop implements Loops.Binary {
    private static final Loops.BinaryFn F = classData();

    private static Loops.BinaryFn classData() {
        try {
            return MethodHandles.classData(MethodHandles.lookup(), "_", Loops.BinaryFn.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void run(float[] x, int i, int si, float[] y, int j, int sj, float[] out, int k, int n) {
        if (si == 1 && sj == 1) {
            for (int c = 0; c < n; c++) {
                out[k + c] = (float) F.apply(x[i + c], y[j + c]);
            }
        } else if (si == 1 && sj == 0) {
            double v = y[j];
            for (int c = 0; c < n; c++) {
                out[k + c] = (float) F.apply(x[i + c], v);
            }
        } else {
            for (int c = 0; c < n; c++, i += si, j += sj) {
                out[k + c] = (float) F.apply(x[i], y[j]);
            }
        }
    }

    @Override
    public void run(double[] x, int i, int si, double[] y, int j, int sj, double[] out, int k, int n) {
        if (si == 1 && sj == 1) {
            for (int c = 0; c < n; c++) {
                out[k + c] = F.apply(x[i + c], y[j + c]);
            }
        } else if (si == 1 && sj == 0) {
            double v = y[j];
            for (int c = 0; c < n; c++) {
                out[k + c] = F.apply(x[i + c], v);
            }
        } else {
            for (int c = 0; c < n; c++, i += si, j += sj) {
                out[k + c] = F.apply(x[i], y[j]);
            }
        }
    }
}
