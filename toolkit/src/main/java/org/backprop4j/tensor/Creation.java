package org.backprop4j.tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;

/** Factories and conversions behind {@link Tensor}'s static methods. */
final class Creation {
    private Creation() {
    }

    static Tensor full(DType dtype, double value, Shape shape) {
        Storage s = Storage.allocate(dtype, shape.numel());
        if (value != 0) {
            switch (dtype) {
                case FLOAT32 -> java.util.Arrays.fill(s.floats(), (float) value);
                case FLOAT64 -> java.util.Arrays.fill(s.doubles(), value);
                case INT64 -> java.util.Arrays.fill(s.longs(), (long) value);
                case BOOL -> java.util.Arrays.fill(s.bools(), true);
            }
        }
        return Tensor.of(s, shape);
    }

    /** A scalar to combine with {@code like}: of its dtype if floating, else float64 (for comparisons). */
    static Tensor scalarLike(Tensor like, double value) {
        return full(like.dtype().isFloatingPoint() ? like.dtype() : DType.FLOAT64, value, Shape.scalar());
    }

    static Tensor fromDoubles(DType dtype, double[] values) {
        Storage s = Storage.allocate(dtype, values.length);
        for (int i = 0; i < values.length; i++) {
            s.setDouble(i, values[i]);
        }
        return Tensor.of(s, Shape.of(values.length));
    }

    /**
     * A tensor from a rectangular nested array ({@code float[][]}, {@code double[][][]}, ...).
     *
     * @throws IllegalArgumentException if the nested arrays are ragged
     */
    static Tensor fromNested(Object nested, DType dtype) {
        List<Integer> dims = new ArrayList<>();
        Object level = nested;
        while (level != null && level.getClass().isArray()) {
            int n = Array.getLength(level);
            dims.add(n);
            if (n == 0 || !level.getClass().getComponentType().isArray()) {
                break;
            }
            level = Array.get(level, 0);
        }
        Shape shape = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
        Storage s = Storage.allocate(dtype, shape.numel());
        int[] next = {0};
        fill(nested, 0, shape, s, next);
        return Tensor.of(s, shape);
    }

    private static void fill(Object array, int depth, Shape shape, Storage s, int[] next) {
        int n = Array.getLength(array);
        if (n != shape.dim(depth)) {
            throw new IllegalArgumentException("of: ragged nested array: level " + depth + " has length " + n
                    + " where " + shape.dim(depth) + " was expected (shape " + shape + ")");
        }
        if (depth == shape.rank() - 1) {
            for (int i = 0; i < n; i++) {
                Object v = Array.get(array, i);
                s.setDouble(next[0]++, ((Number) v).doubleValue());
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            Object sub = Array.get(array, i);
            if (sub == null) {
                throw new IllegalArgumentException("of: null row at level " + (depth + 1));
            }
            fill(sub, depth + 1, shape, s, next);
        }
    }

    static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: start " + start + ", end " + end + " and step " + step
                    + " must be finite, and step non-zero");
        }
        double count = Math.ceil((end - start) / step);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: " + count + " elements is more than a tensor can hold");
        }
        int n = (int) Math.max(0, count);
        Storage s = Storage.allocate(dtype, n);
        for (int i = 0; i < n; i++) {
            s.setDouble(i, start + i * step);
        }
        return Tensor.of(s, Shape.of(n));
    }

    static Tensor linspace(DType dtype, double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be non-negative, got " + steps);
        }
        Storage s = Storage.allocate(dtype, steps);
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) {
            // Fill from both ends, as PyTorch does, so that the last value is exactly `end` (one step: `start`).
            s.setDouble(i, steps == 1 || i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step);
        }
        return Tensor.of(s, Shape.of(steps));
    }

    static Tensor eye(DType dtype, int n, int m) {
        Tensor t = full(dtype, 0, Shape.of(n, m));
        for (int i = 0; i < Math.min(n, m); i++) {
            t.storage().setDouble(i * m + i, 1);
        }
        return t;
    }

    static Tensor rand(Rng rng, DType dtype, Shape shape) {
        requireFloating("rand", dtype);
        Storage s = Storage.allocate(dtype, shape.numel());
        synchronized (rng) {
            for (int i = 0; i < shape.numel(); i++) {
                s.setDouble(i, dtype == DType.FLOAT32 ? rng.nextFloat() : rng.nextDouble());
            }
        }
        return Tensor.of(s, shape);
    }

    static Tensor randn(Rng rng, DType dtype, Shape shape) {
        requireFloating("randn", dtype);
        Storage s = Storage.allocate(dtype, shape.numel());
        synchronized (rng) {
            for (int i = 0; i < shape.numel(); i++) {
                s.setDouble(i, rng.nextGaussian());
            }
        }
        return Tensor.of(s, shape);
    }

    static Tensor randint(Rng rng, long low, long high, Shape shape) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: high " + high + " must be greater than low " + low);
        }
        long[] values = new long[shape.numel()];
        synchronized (rng) {
            for (int i = 0; i < values.length; i++) {
                values[i] = low + rng.nextLong(high - low);
            }
        }
        return Tensor.of(Storage.of(values), shape);
    }

    private static void requireFloating(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": dtype must be float32 or float64, got " + dtype
                    + "; use randint for integers");
        }
    }

    static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        if (!a.shape().equals(b.shape())) {
            return false;
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            // an infinity is close only to itself (with rtol > 0, |inf - (-inf)| <= rtol * inf would hold)
            if (x[i] != y[i] && !(Double.isFinite(y[i]) && Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]))) {
                return false;
            }
        }
        return true;
    }
}
