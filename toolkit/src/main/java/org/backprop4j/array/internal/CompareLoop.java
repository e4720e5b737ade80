package org.backprop4j.array.internal;

import java.lang.invoke.MethodHandles;

/** Template of a comparison loop; {@link Loops#compare} defines one copy per op with {@code F} bound to the op. */
final class CompareLoop implements Loops.Compare {
    private static final Loops.CompareFn F = classData();

    private static Loops.CompareFn classData() {
        try {
            return MethodHandles.classData(MethodHandles.lookup(), "_", Loops.CompareFn.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void run(float[] x, int i, int si, float[] y, int j, int sj, boolean[] out, int k, int n) {
        for (int c = 0; c < n; c++, i += si, j += sj) {
            out[k + c] = F.test(x[i], y[j]);
        }
    }

    @Override
    public void run(double[] x, int i, int si, double[] y, int j, int sj, boolean[] out, int k, int n) {
        for (int c = 0; c < n; c++, i += si, j += sj) {
            out[k + c] = F.test(x[i], y[j]);
        }
    }

    @Override
    public boolean test(double x, double y) {
        return F.test(x, y);
    }
}
