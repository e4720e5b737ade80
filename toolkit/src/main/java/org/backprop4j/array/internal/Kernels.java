package org.backprop4j.array.internal;

import java.util.function.DoubleUnaryOperator;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.array.StridedArray;
import org.backprop4j.backend.internal.Workers;

/**
 * The loops behind elementwise ops and copies, over strided operands. float32 values are computed in double and
 * rounded once, which for + - * / and sqrt gives exactly the float result and elsewhere is at least as accurate.
 */
public final class Kernels {
    private Kernels() {
    }


    /** {@code op} applied to every element of floating {@code x}: a new row-major storage of x's dtype. */
    public static Storage map(StridedArray x, Loops.Unary op) {
        return map(x, op, 0, 0);
    }

    /**
     * Contiguous elementwise loops from twice this many elements up are split over the threads (chunks of multiples of
     * 64 elements, so a vectorized loop leaves the same elements to its scalar tail and no value changes): relu's
     * forward and backward over LeNet-5's first activation (221k elements) ran on one thread while the other waited.
     */
    static final int SPLIT_CHUNK = 1 << 15;

    /** {@code op} with parameters {@code a} and {@code b} applied to every element of floating {@code x}. */
    public static Storage map(StridedArray x, Loops.Unary op, double a, double b) {
        Storage out = Storage.allocate(x.dtype(), x.numel());
        boolean f32 = x.dtype() == DType.FLOAT32;
        if (x.isContiguous()) {
            int off = x.offset();
            if (f32) {
                float[] src = x.storage().floats();
                float[] dst = out.floats();
                Workers.forRange(x.numel(), SPLIT_CHUNK, (from, to) -> op.run(src, off + from, 1, dst, from,
                        to - from, a, b));
            } else {
                double[] src = x.storage().doubles();
                double[] dst = out.doubles();
                Workers.forRange(x.numel(), SPLIT_CHUNK, (from, to) -> op.run(src, off + from, 1, dst, from,
                        to - from, a, b));
            }
            return out;
        }
        RowPlan p = RowPlan.of(x.shape().toArray(), new int[][] {x.strides()}, new int[] {x.offset()});
        for (int r = 0; r < p.rows; r++) {
            if (f32) {
                op.run(x.storage().floats(), p.start[0][r], p.step[0], out.floats(), r * p.inner, p.inner,
                        a, b);
            } else {
                op.run(x.storage().doubles(), p.start[0][r], p.step[0], out.doubles(), r * p.inner,
                        p.inner, a, b);
            }
        }
        return out;
    }

    private static final Loops.Binary PASS_POSITIVE = Loops.binary((g, y) -> y > 0 ? g : 0);

    /**
     * {@code y > 0 ? g : 0} elementwise (NaN in {@code y} gives 0) for floating {@code g} and {@code y} of one dtype
     * and shape: relu's derivative rule. Contiguous operands go through the Vector API when it is present.
     */
    public static Storage passPositive(StridedArray g, StridedArray y) {
        int n = y.numel();
        if (!Loops.VECTOR || !g.isContiguous() || !y.isContiguous() || g.numel() != n) {
            return zip(g, y, y.shape(), PASS_POSITIVE);
        }
        Storage out = Storage.allocate(y.dtype(), n);
        int go = g.offset();
        int yo = y.offset();
        if (y.dtype() == DType.FLOAT32) {
            float[] gs = g.storage().floats();
            float[] ys = y.storage().floats();
            float[] os = out.floats();
            Workers.forRange(n, SPLIT_CHUNK, (from, to) -> {
                int done = from + VectorLoops.positive(gs, go + from, ys, yo + from, os, from, to - from);
                PASS_POSITIVE.run(gs, go + done, 1, ys, yo + done, 1, os, done, to - done);
            });
        } else {
            double[] gs = g.storage().doubles();
            double[] ys = y.storage().doubles();
            double[] os = out.doubles();
            Workers.forRange(n, SPLIT_CHUNK, (from, to) -> {
                int done = from + VectorLoops.positive(gs, go + from, ys, yo + from, os, from, to - from);
                PASS_POSITIVE.run(gs, go + done, 1, ys, yo + done, 1, os, done, to - done);
            });
        }
        return out;
    }

    /**
     * {@code op(a, b)} elementwise for floating operands of one dtype, broadcast to {@code shape}: a new row-major
     * storage of that shape.
     */
    public static Storage zip(StridedArray a, StridedArray b, Shape shape, Loops.Binary op) {
        Storage out = Storage.allocate(a.dtype(), shape.numel());
        int n = shape.numel();
        boolean f32 = a.dtype() == DType.FLOAT32;
        if (a.isContiguous() && b.isContiguous() && a.numel() == n && (b.numel() == n || b.numel() == 1)) {
            int sb = b.numel() == 1 ? 0 : 1;
            if (f32) {
                op.run(a.storage().floats(), a.offset(), 1, b.storage().floats(), b.offset(), sb,
                        out.floats(), 0, n);
            } else {
                op.run(a.storage().doubles(), a.offset(), 1, b.storage().doubles(), b.offset(), sb,
                        out.doubles(), 0, n);
            }
            return out;
        }
        RowPlan p = RowPlan.of(shape.toArray(), new int[][] {Broadcast.strides(a, shape), Broadcast.strides(b, shape)},
                new int[] {a.offset(), b.offset()});
        for (int r = 0; r < p.rows; r++) {
            if (f32) {
                op.run(a.storage().floats(), p.start[0][r], p.step[0], b.storage().floats(), p.start[1][r], p.step[1],
                        out.floats(), r * p.inner, p.inner);
            } else {
                op.run(a.storage().doubles(), p.start[0][r], p.step[0], b.storage().doubles(), p.start[1][r],
                        p.step[1], out.doubles(), r * p.inner, p.inner);
            }
        }
        return out;
    }

    /**
     * {@code op(a, b)} elementwise into a new bool storage of {@code shape}, for operands of any dtypes broadcast to
     * it.
     */
    public static Storage test(StridedArray a, StridedArray b, Shape shape, Loops.Compare op) {
        Storage out = Storage.allocate(DType.BOOL, shape.numel());
        boolean[] r = out.bools();
        RowPlan p = RowPlan.of(shape.toArray(), new int[][] {Broadcast.strides(a, shape), Broadcast.strides(b, shape)},
                new int[] {a.offset(), b.offset()});
        Storage x = a.storage();
        Storage y = b.storage();
        DType type = x.dtype() == y.dtype() ? x.dtype() : null;
        for (int row = 0; row < p.rows; row++) {
            int i = p.start[0][row];
            int j = p.start[1][row];
            int k = row * p.inner;
            if (type == DType.FLOAT32) {
                op.run(x.floats(), i, p.step[0], y.floats(), j, p.step[1], r, k, p.inner);
            } else if (type == DType.FLOAT64) {
                op.run(x.doubles(), i, p.step[0], y.doubles(), j, p.step[1], r, k, p.inner);
            } else {
                for (int c = 0; c < p.inner; c++, i += p.step[0], j += p.step[1]) {
                    r[k + c] = op.test(x.getDouble(i), y.getDouble(j));
                }
            }
        }
        return out;
    }

    /**
     * {@code cond ? a : b} elementwise into a new storage of {@code shape}; {@code cond} is bool, {@code a} and
     * {@code b} share a dtype.
     */
    public static Storage select(StridedArray cond, StridedArray a, StridedArray b, Shape shape) {
        Storage out = Storage.allocate(a.dtype(), shape.numel());
        Storage o = out;
        RowPlan p = RowPlan.of(shape.toArray(),
                new int[][] {Broadcast.strides(cond, shape), Broadcast.strides(a, shape), Broadcast.strides(b, shape)},
                new int[] {cond.offset(), a.offset(), b.offset()});
        boolean[] c = cond.storage().bools();
        Storage x = a.storage();
        Storage y = b.storage();
        int sc = p.step[0];
        int sa = p.step[1];
        int sb = p.step[2];
        for (int row = 0; row < p.rows; row++) {
            int ic = p.start[0][row];
            int ia = p.start[1][row];
            int ib = p.start[2][row];
            int k = row * p.inner;
            switch (o.dtype()) {
                case FLOAT32 -> {
                    float[] r = o.floats();
                    float[] u = x.floats();
                    float[] v = y.floats();
                    for (int e = 0; e < p.inner; e++, ic += sc, ia += sa, ib += sb) {
                        r[k + e] = c[ic] ? u[ia] : v[ib];
                    }
                }
                case FLOAT64 -> {
                    double[] r = o.doubles();
                    double[] u = x.doubles();
                    double[] v = y.doubles();
                    for (int e = 0; e < p.inner; e++, ic += sc, ia += sa, ib += sb) {
                        r[k + e] = c[ic] ? u[ia] : v[ib];
                    }
                }
                default -> {
                    for (int e = 0; e < p.inner; e++, ic += sc, ia += sa, ib += sb) {
                        o.setDouble(k + e, c[ic] ? x.getDouble(ia) : y.getDouble(ib));
                    }
                }
            }
        }
        return out;
    }

    /** The elements of {@code x} in row-major order as a new storage of {@code dtype}, converting if needed. */
    public static Storage copyOf(StridedArray x, DType dtype) {
        DenseArray out = DenseArray.zeros(dtype, x.shape());
        copyInto(out, x);
        return out.storage();
    }

    /**
     * Writes {@code src}, broadcast to {@code dst}'s shape, into the elements {@code dst} views, converting the
     * element type if they differ. Takes the destination through {@link Storage#writable()}, which bumps its
     * version.
     */
    public static void copyInto(StridedArray dst, StridedArray src) {
        dst.storage().writable();
        Shape shape = dst.shape();
        if (dst.dtype() == src.dtype() && dst.isContiguous() && src.isContiguous() && src.shape().equals(shape)) {
            System.arraycopy(array(src.storage()), src.offset(), array(dst.storage()), dst.offset(), shape.numel());
            return;
        }
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

    /**
     * Adds {@code alpha * src}, broadcast to {@code dst}'s shape, into the floating elements {@code dst} views;
     * bumps {@code dst}'s version ({@link Storage#writable()}).
     */
    public static void addInto(StridedArray dst, StridedArray src, double alpha) {
        dst.storage().writable();
        Shape shape = dst.shape();
        if (dst.isContiguous() && src.isContiguous() && src.shape().equals(shape)) {
            int n = shape.numel();
            int i = dst.offset();
            int j = src.offset();
            if (dst.dtype() == DType.FLOAT32) {
                float[] a = dst.storage().floats();
                float[] b = src.storage().floats();
                for (int c = 0; c < n; c++) {
                    a[i + c] = (float) (a[i + c] + alpha * b[j + c]);
                }
            } else {
                double[] a = dst.storage().doubles();
                double[] b = src.storage().doubles();
                for (int c = 0; c < n; c++) {
                    a[i + c] += alpha * b[j + c];
                }
            }
            return;
        }
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

    /** Replaces every floating element {@code t} views by {@code f} of it; bumps its version. */
    public static void mapInPlace(StridedArray t, DoubleUnaryOperator f) {
        t.storage().writable();
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
    public static int[] offsets(StridedArray t) {
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
