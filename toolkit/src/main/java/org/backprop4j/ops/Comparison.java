package org.backprop4j.ops;

import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Broadcast;
import org.backprop4j.array.internal.Kernels;
import org.backprop4j.array.internal.Loops;

/**
 * Comparisons and logical ops. They broadcast like arithmetic, compare values across dtypes, return bool
 * tensors and record no gradient (their derivative is zero almost everywhere).
 */
public final class Comparison {
    private static final Loops.Compare EQ = Loops.compare((x, y) -> x == y);
    private static final Loops.Compare NE = Loops.compare((x, y) -> x != y);
    private static final Loops.Compare LT = Loops.compare((x, y) -> x < y);
    private static final Loops.Compare LE = Loops.compare((x, y) -> x <= y);
    private static final Loops.Compare GT = Loops.compare((x, y) -> x > y);
    private static final Loops.Compare GE = Loops.compare((x, y) -> x >= y);
    private static final Loops.Compare AND = Loops.compare((x, y) -> x != 0 && y != 0);
    private static final Loops.Compare OR = Loops.compare((x, y) -> x != 0 || y != 0);
    private static final Loops.Compare NOT = Loops.compare((x, y) -> x == 0);
    private static final Loops.Compare IS_NAN = Loops.compare((x, y) -> Double.isNaN(x));
    private static final Loops.Compare IS_FINITE = Loops.compare((x, y) -> Double.isFinite(x));

    private Comparison() {
    }

    private static Tensor compare(String op, Tensor a, Tensor b, Loops.Compare p) {
        Shape s = Broadcast.shape(op, a.shape(), b.shape());
        return Tensor.of(Kernels.test(a, b, s, p), s);
    }

    public static Tensor eq(Tensor a, Tensor b) {
        return compare("eq", a, b, EQ);
    }

    public static Tensor ne(Tensor a, Tensor b) {
        return compare("ne", a, b, NE);
    }

    public static Tensor lt(Tensor a, Tensor b) {
        return compare("lt", a, b, LT);
    }

    public static Tensor le(Tensor a, Tensor b) {
        return compare("le", a, b, LE);
    }

    public static Tensor gt(Tensor a, Tensor b) {
        return compare("gt", a, b, GT);
    }

    public static Tensor ge(Tensor a, Tensor b) {
        return compare("ge", a, b, GE);
    }

    public static Tensor logicalAnd(Tensor a, Tensor b) {
        return compare("logicalAnd", a, b, AND);
    }

    public static Tensor logicalOr(Tensor a, Tensor b) {
        return compare("logicalOr", a, b, OR);
    }

    public static Tensor logicalNot(Tensor a) {
        return Tensor.of(Kernels.test(a, a, a.shape(), NOT), a.shape());
    }

    public static Tensor isNan(Tensor a) {
        return Tensor.of(Kernels.test(a, a, a.shape(), IS_NAN), a.shape());
    }

    public static Tensor isFinite(Tensor a) {
        return Tensor.of(Kernels.test(a, a, a.shape(), IS_FINITE), a.shape());
    }
}
