package org.backprop4j.ops;

import static org.backprop4j.ops.Reductions.sumTo;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.Graph;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Broadcast;
import org.backprop4j.array.internal.Kernels;
import org.backprop4j.array.internal.Loops;
import org.backprop4j.array.internal.SpecialFunctions;

/**
 * Elementwise arithmetic and math functions, each followed by its derivative rule. Binary ops broadcast their
 * operands (NumPy rules) and require one floating dtype; the gradient of a broadcast operand is summed back to its
 * shape. Every rule is written with tensor ops, so it can itself be differentiated.
 */
public final class Elementwise {
    private static final Loops.Binary ADD = Loops.binary(Double::sum);
    private static final Loops.Binary SUB = Loops.binary((x, y) -> x - y);
    private static final Loops.Binary MUL = Loops.binary((x, y) -> x * y);
    private static final Loops.Binary DIV = Loops.binary((x, y) -> x / y);
    private static final Loops.Binary POW = Loops.binary(Math::pow);
    private static final Loops.Binary MIN = Loops.binary(Math::min);
    private static final Loops.Binary MAX = Loops.binary(Math::max);
    private static final Loops.Unary NEG = Loops.unary((v, a, b) -> -v);
    private static final Loops.Unary SQUARE = Loops.unary((v, a, b) -> v * v);
    private static final Loops.Unary POW_SCALAR = Loops.unary((v, c, b) -> Math.pow(v, c));
    private static final Loops.Unary EXP = Loops.unary((v, a, b) -> Math.exp(v));
    private static final Loops.Unary EXPM1 = Loops.unary((v, a, b) -> Math.expm1(v));
    private static final Loops.Unary LOG = Loops.unary((v, a, b) -> Math.log(v));
    private static final Loops.Unary LOG1P = Loops.unary((v, a, b) -> Math.log1p(v));
    private static final Loops.Unary SQRT = Loops.unary((v, a, b) -> Math.sqrt(v));
    private static final Loops.Unary RSQRT = Loops.unary((v, a, b) -> 1 / Math.sqrt(v));
    private static final Loops.Unary ABS = Loops.unary((v, a, b) -> Math.abs(v));
    private static final Loops.Unary SIGN = Loops.unary((v, a, b) -> Math.signum(v));
    private static final Loops.Unary SIN = Loops.unary((v, a, b) -> Math.sin(v));
    private static final Loops.Unary COS = Loops.unary((v, a, b) -> Math.cos(v));
    private static final Loops.Unary ERF = Loops.unary((v, a, b) -> SpecialFunctions.erf(v));
    private static final Loops.Unary RECIPROCAL = Loops.unary((v, a, b) -> 1 / v);
    private static final Loops.Unary CLAMP = Loops.unary((v, min, max) -> v < min ? min : v > max ? max : v);

    private Elementwise() {
    }

    static Tensor[] grads(Tensor... g) {
        return g;
    }

    private static Tensor zero(Tensor like) {
        return Tensor.scalar(0, like.dtype());
    }

    private static Shape binary(String op, Tensor a, Tensor b) {
        Check.sameFloating(op, a, b);
        return Broadcast.shape(op, a.shape(), b.shape());
    }

    /** {@code a + b}. Gradient: {@code g} to both. */
    public static Tensor add(Tensor a, Tensor b) {
        Shape s = binary("add", a, b);
        Shape sa = a.shape();
        Shape sb = b.shape();
        return Graph.record("add", Tensor.of(Kernels.zip(a, b, s, ADD), s), new Tensor[] {a, b},
                (g, ctx) -> grads(ctx.needsGrad(0) ? sumTo(g, sa) : null, ctx.needsGrad(1) ? sumTo(g, sb) : null));
    }

    /** {@code a - b}. Gradient: {@code g}, {@code -g}. */
    public static Tensor sub(Tensor a, Tensor b) {
        Shape s = binary("sub", a, b);
        Shape sa = a.shape();
        Shape sb = b.shape();
        return Graph.record("sub", Tensor.of(Kernels.zip(a, b, s, SUB), s), new Tensor[] {a, b},
                (g, ctx) -> grads(ctx.needsGrad(0) ? sumTo(g, sa) : null,
                        ctx.needsGrad(1) ? sumTo(g.neg(), sb) : null));
    }

    /** {@code a * b}. Gradient: {@code g b}, {@code g a}. */
    public static Tensor mul(Tensor a, Tensor b) {
        Shape s = binary("mul", a, b);
        Shape sa = a.shape();
        Shape sb = b.shape();
        return Graph.record("mul", Tensor.of(Kernels.zip(a, b, s, MUL), s), new Tensor[] {a, b}, new Tensor[] {a, b},
                (g, ctx) -> grads(ctx.needsGrad(0) ? sumTo(g.mul(ctx.saved(1)), sa) : null,
                        ctx.needsGrad(1) ? sumTo(g.mul(ctx.saved(0)), sb) : null));
    }

    /** {@code a / b}. Gradient: {@code g / b}, {@code -g a / b^2}. */
    public static Tensor div(Tensor a, Tensor b) {
        Shape s = binary("div", a, b);
        Shape sa = a.shape();
        Shape sb = b.shape();
        return Graph.record("div", Tensor.of(Kernels.zip(a, b, s, DIV), s), new Tensor[] {a, b}, new Tensor[] {a, b},
                (g, ctx) -> {
                    Tensor x = ctx.saved(0);
                    Tensor y = ctx.saved(1);
                    return grads(ctx.needsGrad(0) ? sumTo(g.div(y), sa) : null,
                            ctx.needsGrad(1) ? sumTo(g.neg().mul(x).div(y.mul(y)), sb) : null);
                });
    }

    /** {@code -x}. */
    public static Tensor neg(Tensor x) {
        Check.floating("neg", x);
        return Graph.record("neg", Tensor.of(Kernels.map(x, NEG), x.shape()), new Tensor[] {x},
                (g, ctx) -> grads(g.neg()));
    }

    /**
     * {@code a ^ b}. Gradients: {@code g b a^(b-1)} (0 where {@code b = 0}) and {@code g a^b ln a} (0 where
     * {@code a = 0} and {@code b >= 0}), as in PyTorch.
     */
    public static Tensor pow(Tensor a, Tensor b) {
        Shape s = binary("pow", a, b);
        Shape sa = a.shape();
        Shape sb = b.shape();
        Tensor out = Tensor.of(Kernels.zip(a, b, s, POW), s);
        return Graph.record("pow", out, new Tensor[] {a, b}, new Tensor[] {a, b, out}, (g, ctx) -> {
            Tensor x = ctx.saved(0);
            Tensor e = ctx.saved(1);
            Tensor result = ctx.saved(2);
            Tensor ga = ctx.needsGrad(0) ? Tensor.where(e.eq(0), zero(g), g.mul(e.mul(x.pow(e.sub(1))))) : null;
            Tensor gb = ctx.needsGrad(1)
                    ? g.mul(Tensor.where(x.eq(0).logicalAnd(e.ge(0)), zero(g), result.mul(x.log()))) : null;
            return grads(ga == null ? null : sumTo(ga, sa), gb == null ? null : sumTo(gb, sb));
        });
    }

    /** {@code x ^ c} for a constant exponent. Gradient: {@code g c x^(c-1)}, and 0 for {@code c = 0}. */
    public static Tensor pow(Tensor x, double c) {
        Check.floating("pow", x);
        Tensor out = Tensor.of(c == 2 ? Kernels.map(x, SQUARE) : Kernels.map(x, POW_SCALAR, c, 0), x.shape());
        return Graph.record("powScalar", out, new Tensor[] {x}, new Tensor[] {x},
                (g, ctx) -> grads(c == 0 ? Tensor.zerosLike(g) : g.mul(ctx.saved(0).pow(c - 1).mul(c))));
    }

    /** {@code e^x}. Gradient: {@code g e^x}, from the saved output. */
    public static Tensor exp(Tensor x) {
        Check.floating("exp", x);
        Tensor out = Tensor.of(Kernels.map(x, EXP), x.shape());
        return Graph.record("exp", out, new Tensor[] {x}, new Tensor[] {out}, (g, ctx) -> grads(g.mul(ctx.saved(0))));
    }

    /** {@code e^x - 1}, accurate near 0. Gradient: {@code g (out + 1)}. */
    public static Tensor expm1(Tensor x) {
        Check.floating("expm1", x);
        Tensor out = Tensor.of(Kernels.map(x, EXPM1), x.shape());
        return Graph.record("expm1", out, new Tensor[] {x}, new Tensor[] {out},
                (g, ctx) -> grads(g.mul(ctx.saved(0).add(1))));
    }

    /** Natural logarithm. Gradient: {@code g / x}. */
    public static Tensor log(Tensor x) {
        Check.floating("log", x);
        return Graph.record("log", Tensor.of(Kernels.map(x, LOG), x.shape()), new Tensor[] {x}, new Tensor[] {x},
                (g, ctx) -> grads(g.div(ctx.saved(0))));
    }

    /** {@code ln(1 + x)}, accurate near 0. Gradient: {@code g / (1 + x)}. */
    public static Tensor log1p(Tensor x) {
        Check.floating("log1p", x);
        return Graph.record("log1p", Tensor.of(Kernels.map(x, LOG1P), x.shape()), new Tensor[] {x}, new Tensor[] {x},
                (g, ctx) -> grads(g.div(ctx.saved(0).add(1))));
    }

    /** Square root. Gradient: {@code g / (2 out)}. */
    public static Tensor sqrt(Tensor x) {
        Check.floating("sqrt", x);
        Tensor out = Tensor.of(Kernels.map(x, SQRT), x.shape());
        return Graph.record("sqrt", out, new Tensor[] {x}, new Tensor[] {out},
                (g, ctx) -> grads(g.div(ctx.saved(0).mul(2))));
    }

    /** {@code 1 / sqrt(x)}. Gradient: {@code -g out^3 / 2}. */
    public static Tensor rsqrt(Tensor x) {
        Check.floating("rsqrt", x);
        Tensor out = Tensor.of(Kernels.map(x, RSQRT), x.shape());
        return Graph.record("rsqrt", out, new Tensor[] {x}, new Tensor[] {out},
                (g, ctx) -> grads(g.mul(ctx.saved(0).pow(3)).mul(-0.5)));
    }

    /** {@code |x|}. Gradient: {@code g sign(x)} (0 at 0). */
    public static Tensor abs(Tensor x) {
        Check.floating("abs", x);
        return Graph.record("abs", Tensor.of(Kernels.map(x, ABS), x.shape()), new Tensor[] {x}, new Tensor[] {x},
                (g, ctx) -> grads(g.mul(ctx.saved(0).sign())));
    }

    /** -1, 0 or 1 by the sign of x (NaN stays NaN). Gradient: zero. */
    public static Tensor sign(Tensor x) {
        Check.floating("sign", x);
        return Graph.record("sign", Tensor.of(Kernels.map(x, SIGN), x.shape()), new Tensor[] {x},
                (g, ctx) -> grads(Tensor.zerosLike(g)));
    }

    /** Sine. Gradient: {@code g cos x}. */
    public static Tensor sin(Tensor x) {
        Check.floating("sin", x);
        return Graph.record("sin", Tensor.of(Kernels.map(x, SIN), x.shape()), new Tensor[] {x}, new Tensor[] {x},
                (g, ctx) -> grads(g.mul(ctx.saved(0).cos())));
    }

    /** Cosine. Gradient: {@code -g sin x}. */
    public static Tensor cos(Tensor x) {
        Check.floating("cos", x);
        return Graph.record("cos", Tensor.of(Kernels.map(x, COS), x.shape()), new Tensor[] {x}, new Tensor[] {x},
                (g, ctx) -> grads(g.mul(ctx.saved(0).sin()).neg()));
    }

    /** The error function. Gradient: {@code g (2 / sqrt(pi)) e^(-x^2)}. */
    public static Tensor erf(Tensor x) {
        Check.floating("erf", x);
        return Graph.record("erf", Tensor.of(Kernels.map(x, ERF), x.shape()), new Tensor[] {x}, new Tensor[] {x},
                (g, ctx) -> grads(g.mul(ctx.saved(0).square().neg().exp().mul(SpecialFunctions.TWO_OVER_SQRT_PI))));
    }

    /** {@code 1 / x}. Gradient: {@code -g out^2}. */
    public static Tensor reciprocal(Tensor x) {
        Check.floating("reciprocal", x);
        Tensor out = Tensor.of(Kernels.map(x, RECIPROCAL), x.shape());
        return Graph.record("reciprocal", out, new Tensor[] {x}, new Tensor[] {out},
                (g, ctx) -> grads(g.mul(ctx.saved(0).square()).neg()));
    }

    /**
     * Clamps into {@code [min, max]} (an infinity leaves a side open; NaN stays NaN).
     * Gradient: {@code g} where {@code min <= x <= max}, else 0, as in PyTorch.
     *
     * @throws IllegalArgumentException if {@code min > max} or either is NaN
     */
    public static Tensor clamp(Tensor x, double min, double max) {
        Check.floating("clamp", x);
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " must not exceed max " + max);
        }
        return Graph.record("clamp", Tensor.of(Kernels.map(x, CLAMP, min, max), x.shape()), new Tensor[] {x},
                new Tensor[] {x}, (g, ctx) -> {
                    Tensor in = ctx.saved(0);
                    return grads(Tensor.where(in.ge(min).logicalAnd(in.le(max)), g, zero(g)));
                });
    }

    /** Elementwise minimum (NaN propagates). Gradient: to the smaller operand, halved on ties (PyTorch). */
    public static Tensor minimum(Tensor a, Tensor b) {
        return extremum("minimum", a, b, true);
    }

    /** Elementwise maximum (NaN propagates). Gradient: to the larger operand, halved on ties (PyTorch). */
    public static Tensor maximum(Tensor a, Tensor b) {
        return extremum("maximum", a, b, false);
    }

    private static Tensor extremum(String op, Tensor a, Tensor b, boolean min) {
        Shape s = binary(op, a, b);
        Shape sa = a.shape();
        Shape sb = b.shape();
        Tensor out = Tensor.of(Kernels.zip(a, b, s, min ? MIN : MAX), s);
        return Graph.record(op, out, new Tensor[] {a, b}, new Tensor[] {a, b}, (g, ctx) -> {
            Tensor x = ctx.saved(0);
            Tensor y = ctx.saved(1);
            Tensor shared = Tensor.where(x.eq(y), g.div(2), g);
            Tensor ga = ctx.needsGrad(0) ? sumTo(shared.maskedFill(min ? x.gt(y) : x.lt(y), 0), sa) : null;
            Tensor gb = ctx.needsGrad(1) ? sumTo(shared.maskedFill(min ? x.lt(y) : x.gt(y), 0), sb) : null;
            return grads(ga, gb);
        });
    }

    /**
     * {@code condition ? a : b}, broadcasting all three; {@code condition} is bool, {@code a} and {@code b} share a
     * dtype. Gradient: {@code g} to the chosen side, 0 to the other.
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Check.dtype("where", "condition", condition, DType.BOOL);
        Check.sameType("where", a, b);
        Shape s = Broadcast.shape("where", condition.shape(), a.shape(), b.shape());
        Shape sa = a.shape();
        Shape sb = b.shape();
        Tensor out = Tensor.of(Kernels.select(condition, a, b, s), s);
        return Graph.record("where", out, new Tensor[] {condition, a, b}, new Tensor[] {condition}, (g, ctx) -> {
            Tensor c = ctx.saved(0);
            Tensor z = zero(g);
            return grads(null, ctx.needsGrad(1) ? sumTo(Tensor.where(c, g, z), sa) : null,
                    ctx.needsGrad(2) ? sumTo(Tensor.where(c, z, g), sb) : null);
        });
    }

    /**
     * A copy converted to {@code dtype}; {@code x} itself when it already has that dtype. Between floating types the
     * gradient is converted back.
     */
    public static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        DType from = x.dtype();
        Tensor out = Tensor.of(Kernels.copyOf(x, dtype), x.shape());
        if (!from.isFloatingPoint() || !dtype.isFloatingPoint()) {
            return out;
        }
        return Graph.record("cast", out, new Tensor[] {x}, (g, ctx) -> grads(g.to(from)));
    }
}
