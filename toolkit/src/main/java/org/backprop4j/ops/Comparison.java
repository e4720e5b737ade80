package org.backprop4j.ops;

import org.backprop4j.tensor.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * Comparisons and logical ops. They broadcast like arithmetic, compare values across dtypes, return bool
 * tensors and record no gradient (their derivative is zero almost everywhere).
 */
public final class Comparison {
    private Comparison() {
    }

    private static Tensor compare(String op, Tensor a, Tensor b, Kernels.DoubleBiPredicate p) {
        Shape s = Broadcast.shape(op, a.shape(), b.shape());
        return Kernels.test(a, b, s, p);
    }

    public static Tensor eq(Tensor a, Tensor b) {
        return compare("eq", a, b, (x, y) -> x == y);
    }

    public static Tensor ne(Tensor a, Tensor b) {
        return compare("ne", a, b, (x, y) -> x != y);
    }

    public static Tensor lt(Tensor a, Tensor b) {
        return compare("lt", a, b, (x, y) -> x < y);
    }

    public static Tensor le(Tensor a, Tensor b) {
        return compare("le", a, b, (x, y) -> x <= y);
    }

    public static Tensor gt(Tensor a, Tensor b) {
        return compare("gt", a, b, (x, y) -> x > y);
    }

    public static Tensor ge(Tensor a, Tensor b) {
        return compare("ge", a, b, (x, y) -> x >= y);
    }

    public static Tensor logicalAnd(Tensor a, Tensor b) {
        return compare("logicalAnd", a, b, (x, y) -> x != 0 && y != 0);
    }

    public static Tensor logicalOr(Tensor a, Tensor b) {
        return compare("logicalOr", a, b, (x, y) -> x != 0 || y != 0);
    }

    public static Tensor logicalNot(Tensor a) {
        return Kernels.test(a, a, a.shape(), (x, y) -> x == 0);
    }

    public static Tensor isNan(Tensor a) {
        return Kernels.test(a, a, a.shape(), (x, y) -> Double.isNaN(x));
    }

    public static Tensor isFinite(Tensor a) {
        return Kernels.test(a, a, a.shape(), (x, y) -> Double.isFinite(x));
    }
}
