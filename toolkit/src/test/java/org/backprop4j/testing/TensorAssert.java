package org.backprop4j.testing;

import java.util.Arrays;
import java.util.Locale;

import org.assertj.core.api.AbstractAssert;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * AssertJ assertions on tensors whose failures say what went wrong: both shapes and dtypes, how many elements are
 * off, and the worst one with its index, both values, and its absolute and relative difference against the
 * tolerances used.
 *
 * <pre>{@code
 * import static org.backprop4j.testing.TensorAssert.assertThat;
 *
 * assertThat(y).hasShape(2, 3).hasDtype(DType.FLOAT64).isCloseTo(expected, 1e-10, 1e-12);
 * assertThat(mask.toTensor()).hasValues(1, 0, 1);
 * }</pre>
 *
 * Closeness is {@link Tensor#allClose}'s: element {@code a} of the actual tensor is close to {@code b} of the
 * expected one when {@code a == b}, or {@code b} is finite and {@code |a - b| <= atol + rtol |b|} (an infinity is
 * close only to itself); NaN is
 * close to nothing, unless {@link #withEqualNaN()} makes it close to NaN. Values are compared as doubles, whatever
 * the dtypes; {@link #hasDtype} checks the dtype.
 */
public final class TensorAssert extends AbstractAssert<TensorAssert, Tensor> {
    /** {@link Tensor#allClose(Tensor)}'s default tolerances. */
    public static final double DEFAULT_RTOL = 1e-5;
    public static final double DEFAULT_ATOL = 1e-8;

    private boolean equalNaN;

    private TensorAssert(Tensor actual) {
        super(actual, TensorAssert.class);
    }

    public static TensorAssert assertThat(Tensor actual) {
        return new TensorAssert(actual);
    }

    /** Makes NaN close to (and, for {@link #hasValues}, equal to) NaN in the comparisons that follow. */
    public TensorAssert withEqualNaN() {
        equalNaN = true;
        return this;
    }

    public TensorAssert hasShape(int... dims) {
        isNotNull();
        if (!actual.shape().equals(Shape.of(dims))) {
            fail("Expecting " + describe(actual) + " to have shape " + Arrays.toString(dims));
        }
        return this;
    }

    public TensorAssert hasDtype(DType dtype) {
        isNotNull();
        if (actual.dtype() != dtype) {
            fail("Expecting " + describe(actual) + " to have dtype " + dtype);
        }
        return this;
    }

    /** Close within {@link Tensor#allClose(Tensor)}'s tolerances: rtol {@value #DEFAULT_RTOL}, atol {@value #DEFAULT_ATOL}. */
    public TensorAssert isCloseTo(Tensor expected) {
        return isCloseTo(expected, DEFAULT_RTOL, DEFAULT_ATOL);
    }

    /** Same shape, and every element within {@code atol + rtol |expected|} of the expected one. */
    public TensorAssert isCloseTo(Tensor expected, double rtol, double atol) {
        Comparison c = compare(expected, rtol, atol);
        String expecting = "Expecting " + describe(actual) + "\nto be close to " + describe(expected) + "\n"
                + c.tolerances() + ",\n";
        if (!c.sameShape()) {
            fail(expecting + "but the shapes differ: " + actual.shape() + " and " + expected.shape());
        }
        if (c.outside() > 0) {
            fail(expecting + "but " + c.outside() + " of " + c.size() + " elements are not; the worst, relative to "
                    + "its tolerance, is at index " + c.worstIndex() + ":\n" + c.worstDetail());
        }
        return this;
    }

    /** The negation of {@link #isCloseTo(Tensor)}: the shapes differ or some element is out of tolerance. */
    public TensorAssert isNotCloseTo(Tensor expected) {
        return isNotCloseTo(expected, DEFAULT_RTOL, DEFAULT_ATOL);
    }

    /** The negation of {@link #isCloseTo(Tensor, double, double)}. */
    public TensorAssert isNotCloseTo(Tensor expected, double rtol, double atol) {
        Comparison c = compare(expected, rtol, atol);
        if (c.sameShape() && c.outside() == 0) {
            fail("Expecting " + describe(actual) + "\nnot to be close to " + describe(expected) + "\n"
                    + c.tolerances() + ",\nbut all " + c.size() + " elements are"
                    + (c.size() == 0 ? "" : "; the nearest to its tolerance is at index " + c.worstIndex() + ":\n"
                            + c.worstDetail()));
        }
        return this;
    }

    /** The elements, in row-major order, are exactly {@code expected} (whatever the shape; NaN per {@link #withEqualNaN()}). */
    public TensorAssert hasValues(double... expected) {
        isNotNull();
        double[] a = actual.toDoubleArray();
        if (a.length != expected.length) {
            fail("Expecting " + describe(actual) + " to hold the " + expected.length + " values " + preview(expected)
                    + ",\nbut it has " + a.length + " elements: " + preview(a));
        }
        int first = -1;
        int differ = 0;
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] == expected[i] || (equalNaN && Double.isNaN(a[i]) && Double.isNaN(expected[i])))) {
                differ++;
                first = first < 0 ? i : first;
            }
        }
        if (differ > 0) {
            fail("Expecting " + describe(actual) + " to hold exactly " + preview(expected) + ",\nbut " + differ
                    + " of " + a.length + " elements differ; the first at index " + index(first, actual.shape())
                    + ": actual " + a[first] + ", expected " + expected[first] + "\nactual values: " + preview(a));
        }
        return this;
    }

    /** Same shape, same dtype and the same bits in every element (so -0.0 differs from 0.0, and NaN equals NaN). */
    public TensorAssert isBitwiseEqualTo(Tensor expected) {
        isNotNull();
        requireExpected(expected);
        String expecting = "Expecting " + describe(actual) + "\nto be bitwise equal to " + describe(expected) + ",\n";
        if (!actual.shape().equals(expected.shape())) {
            fail(expecting + "but the shapes differ: " + actual.shape() + " and " + expected.shape());
        }
        if (actual.dtype() != expected.dtype()) {
            fail(expecting + "but the dtypes differ: " + actual.dtype() + " and " + expected.dtype());
        }
        long[] a = bits(actual);
        long[] b = bits(expected);
        int first = Arrays.mismatch(a, b);
        if (first >= 0) {
            int differ = 0;
            for (int i = first; i < a.length; i++) {
                differ += a[i] == b[i] ? 0 : 1;
            }
            fail(expecting + "but " + differ + " of " + a.length + " elements differ; the first at index "
                    + index(first, actual.shape()) + ": actual " + actual.toDoubleArray()[first] + " (bits "
                    + Long.toHexString(a[first]) + "), expected " + expected.toDoubleArray()[first] + " (bits "
                    + Long.toHexString(b[first]) + ")");
        }
        return this;
    }

    // ------------------------------------------------------------------------------------------------ comparison

    /**
     * The outcome of one pass over both tensors: how many elements are out of tolerance and which one is worst: any
     * element out of tolerance before a close one, then the largest {@code |a - b| / (atol + rtol |b|)}, then the
     * largest {@code |a - b|} (which ranks elements when the tolerances are zero; a NaN is worst of all). When every
     * element is close, the worst is the one nearest to its tolerance.
     */
    private record Comparison(boolean sameShape, int size, int outside, int worst, double actualValue,
            double expectedValue, double rtol, double atol, Shape shape) {
        String tolerances() {
            return "within |actual - expected| <= atol + rtol * |expected| with rtol " + rtol + " and atol " + atol;
        }

        String worstIndex() {
            return index(worst, shape);
        }

        String worstDetail() {
            double diff = Math.abs(actualValue - expectedValue);
            double allowed = atol + rtol * Math.abs(expectedValue);
            double relative = diff / Math.abs(expectedValue);
            return "  actual:   " + actualValue + "\n  expected: " + expectedValue + "\n  absolute difference "
                    + number(diff) + ", relative difference " + number(relative) + "; allowed " + number(allowed)
                    + (allowed > 0 && diff > 0 ? " (" + number(diff / allowed) + " times that)" : "");
        }
    }

    private Comparison compare(Tensor expected, double rtol, double atol) {
        isNotNull();
        requireExpected(expected);
        if (!actual.shape().equals(expected.shape())) {
            return new Comparison(false, actual.numel(), 0, -1, Double.NaN, Double.NaN, rtol, atol, actual.shape());
        }
        double[] a = actual.toDoubleArray();
        double[] b = expected.toDoubleArray();
        int outside = 0;
        int worst = -1;
        boolean worstOutside = false;
        double worstScore = 0;
        double worstDiff = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs(a[i] - b[i]);
            double allowed = atol + rtol * Math.abs(b[i]);
            boolean equal = a[i] == b[i] || (equalNaN && Double.isNaN(a[i]) && Double.isNaN(b[i]));
            boolean out = !(equal || (Double.isFinite(b[i]) && diff <= allowed)); // an infinity only equals itself
            double score;
            double rank;
            if (out) {
                outside++;
                rank = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
                score = allowed > 0 && !Double.isNaN(diff) ? diff / allowed : Double.POSITIVE_INFINITY;
            } else {
                rank = equal ? 0 : diff;
                score = allowed > 0 ? rank / allowed : 0;
            }
            if (worst < 0 || (out && !worstOutside) || (out == worstOutside
                    && (score > worstScore || (score == worstScore && rank > worstDiff)))) {
                worst = i;
                worstOutside = out;
                worstScore = score;
                worstDiff = rank;
            }
        }
        return new Comparison(true, a.length, outside, worst, worst < 0 ? Double.NaN : a[worst],
                worst < 0 ? Double.NaN : b[worst], rtol, atol, actual.shape());
    }

    // ------------------------------------------------------------------------------------------------ formatting

    private static void requireExpected(Tensor expected) {
        if (expected == null) {
            throw new IllegalArgumentException("TensorAssert: the expected tensor is null");
        }
    }

    private void fail(String message) {
        failWithMessage("%s", message);
    }

    private static String describe(Tensor t) {
        return t == null ? "null" : "tensor of shape " + t.shape() + ", " + t.dtype();
    }

    /** The multi-dimensional index of row-major element {@code flat}, with the flat one when the rank is not 1. */
    static String index(int flat, Shape shape) {
        int[] index = new int[shape.rank()];
        for (int d = shape.rank() - 1, rest = flat; d >= 0; d--) {
            index[d] = rest % shape.dim(d);
            rest /= shape.dim(d);
        }
        return Arrays.toString(index) + (shape.rank() == 1 ? "" : " (flat " + flat + ")");
    }

    private static String number(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }

    private static final int PREVIEW = 20;

    private static String preview(double[] values) {
        if (values.length <= PREVIEW) {
            return Arrays.toString(values);
        }
        return Arrays.toString(Arrays.copyOf(values, PREVIEW)).replace("]", ", ... (" + values.length + " in all)]");
    }

    private static long[] bits(Tensor t) {
        int n = t.numel();
        long[] out = new long[n];
        switch (t.dtype()) {
            case FLOAT32 -> {
                float[] f = t.toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[i] = Float.floatToRawIntBits(f[i]) & 0xffffffffL;
                }
            }
            case FLOAT64 -> {
                double[] d = t.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    out[i] = Double.doubleToRawLongBits(d[i]);
                }
            }
            case INT64 -> out = t.toLongArray();
            case BOOL -> {
                boolean[] b = t.toBooleanArray();
                for (int i = 0; i < n; i++) {
                    out[i] = b[i] ? 1 : 0;
                }
            }
        }
        return out;
    }
}
