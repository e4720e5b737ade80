package org.backprop4j.ops;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import org.backprop4j.tensor.DType;
import org.backprop4j.tensor.Shape;
import org.backprop4j.tensor.Storage;
import org.backprop4j.tensor.Tensor;

/**
 * The loops behind elementwise ops and copies, over strided operands. float32 values are computed in double and
 * rounded once, which for + - * / and sqrt gives exactly the float result and elsewhere is at least as accurate.
 */
final class Kernels {
    private Kernels() {
    }

    /** A new zero-filled contiguous tensor. */
    static Tensor empty(DType dtype, Shape shape) {
        return Tensor.of(Storage.allocate(dtype, shape.numel()), shape);
    }

    /**
     * {@code f} applied to every element of floating {@code x}; the result is contiguous, of x's dtype.
     * The dispatch is kept small and the loops live in tiny run methods, so that the JIT inlines both into each op
     * and the call to {@code f} becomes a direct (inlined) call instead of a megamorphic one per element.
     */
    static Tensor map(Tensor x, DoubleUnaryOperator f) {
        Tensor out = empty(x.dtype(), x.shape());
        boolean f32 = x.dtype() == DType.FLOAT32;
        if (x.isContiguous()) {
            if (f32) {
                runF(x.storage().floats(), x.offset(), 1, out.storage().floats(), 0, x.numel(), f);
            } else {
                runD(x.storage().doubles(), x.offset(), 1, out.storage().doubles(), 0, x.numel(), f);
            }
            return out;
        }
        RowPlan p = RowPlan.of(x.shape().toArray(), new int[][] {x.strides()}, new int[] {x.offset()});
        for (int r = 0; r < p.rows; r++) {
            if (f32) {
                runF(x.storage().floats(), p.start[0][r], p.step[0], out.storage().floats(), r * p.inner, p.inner, f);
            } else {
                runD(x.storage().doubles(), p.start[0][r], p.step[0], out.storage().doubles(), r * p.inner, p.inner,
                        f);
            }
        }
        return out;
    }

    private static void runF(float[] in, int i, int step, float[] out, int k, int n, DoubleUnaryOperator f) {
        for (int j = 0; j < n; j++, i += step) {
            out[k + j] = (float) f.applyAsDouble(in[i]);
        }
    }

    private static void runD(double[] in, int i, int step, double[] out, int k, int n, DoubleUnaryOperator f) {
        for (int j = 0; j < n; j++, i += step) {
            out[k + j] = f.applyAsDouble(in[i]);
        }
    }

    /** {@code f(a, b)} elementwise for floating operands of one dtype, broadcast to {@code shape}. */
    static Tensor zip(Tensor a, Tensor b, Shape shape, DoubleBinaryOperator f) {
        Tensor out = empty(a.dtype(), shape);
        int n = shape.numel();
        boolean f32 = a.dtype() == DType.FLOAT32;
        if (a.isContiguous() && b.isContiguous() && a.numel() == n && (b.numel() == n || b.numel() == 1)) {
            int sb = b.numel() == 1 ? 0 : 1;
            if (f32) {
                runF(a.storage().floats(), a.offset(), 1, b.storage().floats(), b.offset(), sb,
                        out.storage().floats(), 0, n, f);
            } else {
                runD(a.storage().doubles(), a.offset(), 1, b.storage().doubles(), b.offset(), sb,
                        out.storage().doubles(), 0, n, f);
            }
            return out;
        }
        RowPlan p = RowPlan.of(shape.toArray(), new int[][] {Broadcast.strides(a, shape), Broadcast.strides(b, shape)},
                new int[] {a.offset(), b.offset()});
        for (int r = 0; r < p.rows; r++) {
            if (f32) {
                runF(a.storage().floats(), p.start[0][r], p.step[0], b.storage().floats(), p.start[1][r], p.step[1],
                        out.storage().floats(), r * p.inner, p.inner, f);
            } else {
                runD(a.storage().doubles(), p.start[0][r], p.step[0], b.storage().doubles(), p.start[1][r], p.step[1],
                        out.storage().doubles(), r * p.inner, p.inner, f);
            }
        }
        return out;
    }

    private static void runF(float[] x, int i, int si, float[] y, int j, int sj, float[] out, int k, int n,
            DoubleBinaryOperator f) {
        for (int c = 0; c < n; c++, i += si, j += sj) {
            out[k + c] = (float) f.applyAsDouble(x[i], y[j]);
        }
    }

    private static void runD(double[] x, int i, int si, double[] y, int j, int sj, double[] out, int k, int n,
            DoubleBinaryOperator f) {
        for (int c = 0; c < n; c++, i += si, j += sj) {
            out[k + c] = f.applyAsDouble(x[i], y[j]);
        }
    }

    /** A predicate on two values, for comparisons. */
    @FunctionalInterface
    interface DoubleBiPredicate {
        boolean test(double a, double b);
    }

    /** {@code f(a, b)} elementwise into a bool tensor, for operands of any one dtype, broadcast to {@code shape}. */
    static Tensor test(Tensor a, Tensor b, Shape shape, DoubleBiPredicate f) {
        Tensor out = empty(DType.BOOL, shape);
        boolean[] r = out.storage().bools();
        RowPlan p = RowPlan.of(shape.toArray(), new int[][] {Broadcast.strides(a, shape), Broadcast.strides(b, shape)},
                new int[] {a.offset(), b.offset()});
        Storage x = a.storage();
        Storage y = b.storage();
        int k = 0;
        for (int row = 0; row < p.rows; row++) {
            int i = p.start[0][row];
            int j = p.start[1][row];
            for (int c = 0; c < p.inner; c++, i += p.step[0], j += p.step[1]) {
                r[k++] = f.test(x.getDouble(i), y.getDouble(j));
            }
        }
        return out;
    }

    /** {@code cond ? a : b} elementwise; {@code cond} is bool, {@code a} and {@code b} share a dtype. */
    static Tensor select(Tensor cond, Tensor a, Tensor b, Shape shape) {
        Tensor out = empty(a.dtype(), shape);
        Storage o = out.storage();
        RowPlan p = RowPlan.of(shape.toArray(),
                new int[][] {Broadcast.strides(cond, shape), Broadcast.strides(a, shape), Broadcast.strides(b, shape)},
                new int[] {cond.offset(), a.offset(), b.offset()});
        boolean[] c = cond.storage().bools();
        Storage x = a.storage();
        Storage y = b.storage();
        int k = 0;
        for (int row = 0; row < p.rows; row++) {
            int ic = p.start[0][row];
            int ia = p.start[1][row];
            int ib = p.start[2][row];
            for (int e = 0; e < p.inner; e++, ic += p.step[0], ia += p.step[1], ib += p.step[2]) {
                o.setDouble(k++, c[ic] ? x.getDouble(ia) : y.getDouble(ib));
            }
        }
        return out;
    }

    /** The elements of {@code x} in row-major order as a new storage of {@code dtype}, converting if needed. */
    static Storage copyOf(Tensor x, DType dtype) {
        Tensor out = empty(dtype, x.shape());
        copyInto(out, x);
        return out.storage();
    }

    /**
     * Writes {@code src}, broadcast to {@code dst}'s shape, into the elements {@code dst} views, converting the
     * element type if they differ. Does not bump versions.
     */
    static void copyInto(Tensor dst, Tensor src) {
        Shape shape = dst.shape();
        RowPlan p = RowPlan.of(shape.toArray(), new int[][] {dst.strides(), Broadcast.strides(src, shape)},
                new int[] {dst.offset(), src.offset()});
        Storage d = dst.storage();
        Storage s = src.storage();
        int sd = p.step[0];
        int ss = p.step[1];
        boolean bulk = sd == 1 && ss == 1 && d.dtype() == s.dtype();
        for (int row = 0; row < p.rows; row++) {
            int i = p.start[0][row];
            int j = p.start[1][row];
            if (bulk) {
                System.arraycopy(array(s), j, array(d), i, p.inner);
                continue;
            }
            if (d.dtype() == s.dtype()) {
                switch (d.dtype()) {
                    case FLOAT32 -> {
                        float[] a = d.floats();
                        float[] b = s.floats();
                        for (int c = 0; c < p.inner; c++, i += sd, j += ss) {
                            a[i] = b[j];
                        }
                    }
                    case FLOAT64 -> {
                        double[] a = d.doubles();
                        double[] b = s.doubles();
                        for (int c = 0; c < p.inner; c++, i += sd, j += ss) {
                            a[i] = b[j];
                        }
                    }
                    case INT64 -> {
                        long[] a = d.longs();
                        long[] b = s.longs();
                        for (int c = 0; c < p.inner; c++, i += sd, j += ss) {
                            a[i] = b[j];
                        }
                    }
                    case BOOL -> {
                        boolean[] a = d.bools();
                        boolean[] b = s.bools();
                        for (int c = 0; c < p.inner; c++, i += sd, j += ss) {
                            a[i] = b[j];
                        }
                    }
                }
            } else {
                for (int c = 0; c < p.inner; c++, i += sd, j += ss) {
                    d.setDouble(i, s.getDouble(j));
                }
            }
        }
    }

    /** Adds {@code alpha * src}, broadcast to {@code dst}'s shape, into the floating elements {@code dst} views. */
    static void addInto(Tensor dst, Tensor src, double alpha) {
        Shape shape = dst.shape();
        RowPlan p = RowPlan.of(shape.toArray(), new int[][] {dst.strides(), Broadcast.strides(src, shape)},
                new int[] {dst.offset(), src.offset()});
        int sd = p.step[0];
        int ss = p.step[1];
        for (int row = 0; row < p.rows; row++) {
            int i = p.start[0][row];
            int j = p.start[1][row];
            if (dst.dtype() == DType.FLOAT32) {
                float[] a = dst.storage().floats();
                float[] b = src.storage().floats();
                for (int c = 0; c < p.inner; c++, i += sd, j += ss) {
                    a[i] = (float) (a[i] + alpha * b[j]);
                }
            } else {
                double[] a = dst.storage().doubles();
                double[] b = src.storage().doubles();
                for (int c = 0; c < p.inner; c++, i += sd, j += ss) {
                    a[i] += alpha * b[j];
                }
            }
        }
    }

    /** Replaces every floating element {@code t} views by {@code f} of it. */
    static void mapInPlace(Tensor t, DoubleUnaryOperator f) {
        RowPlan p = RowPlan.of(t.shape().toArray(), new int[][] {t.strides()}, new int[] {t.offset()});
        int step = p.step[0];
        for (int row = 0; row < p.rows; row++) {
            int i = p.start[0][row];
            if (t.dtype() == DType.FLOAT32) {
                float[] a = t.storage().floats();
                for (int c = 0; c < p.inner; c++, i += step) {
                    a[i] = (float) f.applyAsDouble(a[i]);
                }
            } else {
                double[] a = t.storage().doubles();
                for (int c = 0; c < p.inner; c++, i += step) {
                    a[i] = f.applyAsDouble(a[i]);
                }
            }
        }
    }

    /** Storage offsets of {@code t}'s elements in row-major order. */
    static int[] offsets(Tensor t) {
        int[] result = new int[t.numel()];
        RowPlan p = RowPlan.of(t.shape().toArray(), new int[][] {t.strides()}, new int[] {t.offset()});
        int k = 0;
        for (int row = 0; row < p.rows; row++) {
            int i = p.start[0][row];
            for (int c = 0; c < p.inner; c++, i += p.step[0]) {
                result[k++] = i;
            }
        }
        return result;
    }

    private static Object array(Storage s) {
        return switch (s.dtype()) {
            case FLOAT32 -> s.floats();
            case FLOAT64 -> s.doubles();
            case INT64 -> s.longs();
            case BOOL -> s.bools();
        };
    }
}
