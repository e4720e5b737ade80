package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.INF;
import static org.backprop4j.gradcheck.Inputs.awayFrom;
import static org.backprop4j.gradcheck.Inputs.awayFromZero;
import static org.backprop4j.gradcheck.Inputs.dims;
import static org.backprop4j.gradcheck.Inputs.distinct;
import static org.backprop4j.gradcheck.Inputs.expanded;
import static org.backprop4j.gradcheck.Inputs.mask;
import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.signedAway;
import static org.backprop4j.gradcheck.Inputs.stepped;
import static org.backprop4j.gradcheck.Inputs.transposed;
import static org.backprop4j.gradcheck.Inputs.uniform;
import static org.backprop4j.gradcheck.Inputs.values;

import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;

/** Elementwise arithmetic, math functions, clamp, minimum and maximum, where, and casts: cases for {@link OpCases}. */
final class ElementwiseCases {
    private ElementwiseCases() {
    }

    static void addTo(OpCases.Catalog c) {
        arithmetic(c);
        mathFunctions(c);
        selections(c);
    }

    // ------------------------------------------------------------------------------------------------ arithmetic

    private static void arithmetic(OpCases.Catalog c) {
        c.twice("add: [3,4] + [3,4]", "add(Tensor)", in -> in[0].add(in[1]), r -> of(randn(r, 3, 4), randn(r, 3, 4)));
        c.twice("add: broadcast [3,1] + [4]", "add(Tensor)", in -> in[0].add(in[1]),
                r -> of(randn(r, 3, 1), randn(r, 4)));
        c.twice("add: rank-0 + [2,3]", "add(Tensor)", in -> in[0].add(in[1]), r -> of(randn(r), randn(r, 2, 3)));
        c.twice("add: transposed leaf + [3,4]", "add(Tensor)", in -> in[0].add(in[1]),
                r -> of(transposed(randn(r, 4, 3)), randn(r, 3, 4)));
        c.twice("add: expanded (stride-0) leaf + transposed view", "add(Tensor)", in -> in[0].add(in[1].t()),
                r -> of(expanded(randn(r, 3, 1), 3, 4), randn(r, 4, 3)));
        c.twice("add: x + x accumulates both gradients", "add(Tensor)", in -> in[0].add(in[0]),
                r -> of(randn(r, 2, 3)));
        c.twice("add: scalar on a transposed view", "add(double)", in -> in[0].t().add(2.5), r -> of(randn(r, 3, 2)));
        c.twice("add: scalar on a rank-0 tensor", "add(double)", in -> in[0].add(-1), r -> of(randn(r)));

        c.twice("sub: [3,4] - [3,4]", "sub(Tensor)", in -> in[0].sub(in[1]), r -> of(randn(r, 3, 4), randn(r, 3, 4)));
        c.twice("sub: broadcast [2,3,1] - [3,4]", "sub(Tensor)", in -> in[0].sub(in[1]),
                r -> of(randn(r, 2, 3, 1), randn(r, 3, 4)));
        c.twice("sub: expanded view - transposed view", "sub(Tensor)", in -> in[0].expand(3, 4).sub(in[1].t()),
                r -> of(randn(r, 1, 4), randn(r, 4, 3)));
        c.twice("sub: scalar on a strided leaf", "sub(double)", in -> in[0].sub(0.75),
                r -> of(stepped(randn(r, 2, 6))));
        c.twice("sub: both operands broadcast, [3,1] - transposed [1,4]", "sub(Tensor)", in -> in[0].sub(in[1].t()),
                r -> of(randn(r, 3, 1), randn(r, 4, 1)));

        c.twice("mul: [3,4] * [3,4]", "mul(Tensor)", in -> in[0].mul(in[1]), r -> of(randn(r, 3, 4), randn(r, 3, 4)));
        c.twice("mul: broadcast [3,1] * [4]", "mul(Tensor)", in -> in[0].mul(in[1]),
                r -> of(randn(r, 3, 1), randn(r, 4)));
        c.twice("mul: strided slice * [3,3]", "mul(Tensor)", in -> in[0].slice(1, 0, 6, 2).mul(in[1]),
                r -> of(randn(r, 3, 6), randn(r, 3, 3)));
        c.twice("mul: x * x", "mul(Tensor)", in -> in[0].mul(in[0]), r -> of(randn(r, 2, 3)));
        c.twice("mul: transposed view * rank-0", "mul(Tensor)", in -> in[0].t().mul(in[1]),
                r -> of(randn(r, 4, 2), randn(r)));
        c.twice("mul: scalar on a transposed view", "mul(double)", in -> in[0].t().mul(-1.5), r -> of(randn(r, 3, 2)));

        c.twice("div: [3,4] / [3,4] with signed denominators", "div(Tensor)", in -> in[0].div(in[1]),
                r -> of(randn(r, 3, 4), signedAway(r, 0.5, 2, 3, 4)));
        c.twice("div: broadcast [2,3] / [3]", "div(Tensor)", in -> in[0].div(in[1]),
                r -> of(randn(r, 2, 3), uniform(r, 0.5, 2, 3)));
        c.twice("div: transposed numerator and transposed-leaf denominator", "div(Tensor)",
                in -> in[0].t().div(in[1]), r -> of(randn(r, 4, 3), transposed(uniform(r, 0.5, 2, 4, 3))));
        c.twice("div: rank-0 / [4]", "div(Tensor)", in -> in[0].div(in[1]),
                r -> of(randn(r), signedAway(r, 0.5, 2, 4)));
        c.twice("div: scalar", "div(double)", in -> in[0].t().div(-0.8), r -> of(randn(r, 3, 2)));

        c.twice("neg: transposed view", "neg()", in -> in[0].t().neg(), r -> of(randn(r, 3, 4)));
        c.twice("neg: rank-0", "neg()", in -> in[0].neg(), r -> of(randn(r)));

        c.twice("pow: tensor exponent, broadcast [3,4] ^ [4]", "pow(Tensor)", in -> in[0].pow(in[1]),
                r -> of(uniform(r, 0.5, 2, 3, 4), randn(r, 4)));
        c.twice("pow: tensor exponent, [2,3] ^ rank-0", "pow(Tensor)", in -> in[0].pow(in[1]),
                r -> of(uniform(r, 0.5, 2, 2, 3), randn(r)));
        c.twice("pow: transposed base ^ expanded exponent", "pow(Tensor)", in -> in[0].t().pow(in[1].expand(3, 2)),
                r -> of(uniform(r, 0.5, 2, 2, 3), randn(r, 1, 2)));
        c.twice("pow: integer-valued tensor exponent on negative bases", "pow(Tensor)", in -> in[0].pow(in[1]),
                r -> of(signedAway(r, 0.5, 2, 2, 3), values(dims(3), 2, 3, -1).detach()));
        c.twice("pow: exponent 3 on signed values", "pow(double)", in -> in[0].pow(3), r -> of(randn(r, 3, 4)));
        c.twice("pow: exponent 2 (the squaring path) on a transposed view", "pow(double)", in -> in[0].t().pow(2),
                r -> of(randn(r, 3, 4)));
        c.twice("pow: exponent 2.5", "pow(double)", in -> in[0].pow(2.5), r -> of(uniform(r, 0.3, 2, 3, 4)));
        c.twice("pow: exponent -1.5 on a strided leaf", "pow(double)", in -> in[0].pow(-1.5),
                r -> of(stepped(uniform(r, 0.3, 2, 2, 6))));
        c.twice("pow: exponent 0", "pow(double)", in -> in[0].pow(0), r -> of(randn(r, 2, 3)));
        c.twice("pow: exponent 1", "pow(double)", in -> in[0].pow(1), r -> of(randn(r, 2, 3)));
        // At a zero base with exponent >= 0 both rules take their special branch (0, as in PyTorch); the other
        // bases stay positive so that the exponent's derivative a^b ln a exists. Smooth on one side only: once.
        c.once("pow: zero bases with integer exponents", "pow(Tensor)", in -> in[0].pow(in[1]),
                r -> of(values(dims(2, 3), 0, 0.8, 1.3, 0, 0.6, 1.7), values(dims(3), 2, 3, 1)));
        // 0^0 = 1 around x = 0, so its derivative in x is 0, not 0 * 0^-1 = NaN. The exponent is a constant here: in
        // the exponent, 0^b jumps from 0 to infinity at b = 0.
        c.once("pow: zero bases with a constant exponent 0", "pow(Tensor)", in -> in[0].pow(in[1]),
                r -> of(values(dims(2, 3), 0, 0, 1.3, 0.4, 0, 1.7), values(dims(3), 0, 2, 0).detach()));
        c.twice("square: transposed view", "square()", in -> in[0].t().square(), r -> of(randn(r, 3, 4)));
        c.twice("square: rank-0", "square()", in -> in[0].square(), r -> of(randn(r)));
    }

    // ------------------------------------------------------------------------------------------------ math

    private static void mathFunctions(OpCases.Catalog c) {
        c.twice("exp", "exp()", in -> in[0].exp(), r -> of(randn(r, 3, 4)));
        c.twice("exp: transposed leaf", "exp()", in -> in[0].exp(), r -> of(transposed(randn(r, 4, 3))));
        c.twice("expm1: near zero and beyond", "expm1()", in -> in[0].expm1(),
                r -> of(values(dims(2, 3), -1e-3, 2e-4, 1e-8, -1.5, 0.7, 2.2)));
        c.twice("expm1: strided leaf", "expm1()", in -> in[0].expm1(), r -> of(stepped(randn(r, 3, 6))));
        c.twice("log", "log()", in -> in[0].log(), r -> of(uniform(r, 0.3, 3, 3, 4)));
        c.twice("log: transposed view", "log()", in -> in[0].t().log(), r -> of(uniform(r, 0.3, 3, 4, 3)));
        c.twice("log1p: from -0.5 up", "log1p()", in -> in[0].log1p(), r -> of(uniform(r, -0.5, 2, 3, 4)));
        c.twice("log1p: tiny arguments", "log1p()", in -> in[0].log1p(),
                r -> of(values(dims(4), 1e-9, -3e-6, 2e-4, 0.0)));
        c.twice("sqrt", "sqrt()", in -> in[0].sqrt(), r -> of(uniform(r, 0.3, 3, 3, 4)));
        c.twice("sqrt: transposed leaf", "sqrt()", in -> in[0].sqrt(), r -> of(transposed(uniform(r, 0.3, 3, 4, 3))));
        c.twice("rsqrt", "rsqrt()", in -> in[0].rsqrt(), r -> of(uniform(r, 0.3, 3, 3, 4)));
        c.twice("rsqrt: strided view", "rsqrt()", in -> in[0].slice(0, 1, 4, 2).rsqrt(),
                r -> of(uniform(r, 0.3, 3, 4, 3)));
        c.twice("abs", "abs()", in -> in[0].abs(), r -> of(awayFromZero(r, 3, 4)));
        c.twice("abs: strided leaf", "abs()", in -> in[0].abs(), r -> of(stepped(awayFromZero(r, 3, 6))));
        c.twice("sign: zero gradient", "sign()", in -> in[0].sign(), r -> of(awayFromZero(r, 3, 4)));
        c.twice("sign: times x (gradient through the other factor only)", "sign()", in -> in[0].t().sign().mul(in[1]),
                r -> of(awayFromZero(r, 4, 3), randn(r, 3, 4)));
        c.twice("sin", "sin()", in -> in[0].sin(), r -> of(uniform(r, -4, 4, 3, 4)));
        c.twice("sin: transposed view", "sin()", in -> in[0].t().sin(), r -> of(randn(r, 4, 3)));
        c.twice("cos", "cos()", in -> in[0].cos(), r -> of(uniform(r, -4, 4, 3, 4)));
        c.twice("cos: expanded view", "cos()", in -> in[0].expand(2, 3).cos(), r -> of(randn(r, 3)));
        // Both branches of the kernel: the series below |x| = 2.5, the continued fraction from 2.5 to 6.
        c.twice("erf: series and continued-fraction ranges", "erf()", in -> in[0].erf(),
                r -> of(values(dims(2, 4), -4.5, -2.7, -1.2, -0.3, 0.05, 0.9, 2.4, 3.3)));
        c.twice("erf: transposed leaf", "erf()", in -> in[0].erf(), r -> of(transposed(randn(r, 4, 3))));
        c.twice("reciprocal: signed values", "reciprocal()", in -> in[0].reciprocal(),
                r -> of(signedAway(r, 0.5, 2, 3, 4)));
        c.twice("reciprocal: transposed view", "reciprocal()", in -> in[0].t().reciprocal(),
                r -> of(uniform(r, 0.5, 2, 4, 3)));
    }

    // ------------------------------------------------------------------------------------------------ selections

    private static void selections(OpCases.Catalog c) {
        c.twice("clamp: both bounds", "clamp(double,double)", in -> in[0].clamp(-0.5, 0.7),
                r -> of(awayFrom(r, new double[] {-0.5, 0.7}, 3, 4)));
        c.twice("clamp: open lower bound on a transposed leaf", "clamp(double,double)", in -> in[0].clamp(-INF, 0.3),
                r -> of(transposed(awayFrom(r, new double[] {0.3}, 4, 3))));
        c.twice("clamp: open upper bound", "clamp(double,double)", in -> in[0].clamp(-0.2, INF),
                r -> of(awayFrom(r, new double[] {-0.2}, 2, 5)));

        // Operands are cut from one set of distinct values, so no pair ties.
        c.twice("minimum: broadcast [3,1] vs [4]", "minimum(Tensor)", in -> in[0].minimum(in[1]),
                r -> pieces(distinct(r, 7), dims(3, 1), dims(4)));
        c.twice("minimum: transposed view vs transposed leaf", "minimum(Tensor)", in -> in[0].t().minimum(in[1]),
                r -> {
                    Tensor[] p = pieces(distinct(r, 24), dims(4, 3), dims(4, 3));
                    return of(p[0], transposed(p[1]));
                });
        c.twice("minimum: x with itself (a tie everywhere)", "minimum(Tensor)", in -> in[0].minimum(in[0]),
                r -> of(randn(r, 2, 3)));
        c.twice("maximum: broadcast [2,1,3] vs [4,1]", "maximum(Tensor)", in -> in[0].maximum(in[1]),
                r -> pieces(distinct(r, 10), dims(2, 1, 3), dims(4, 1)));
        c.twice("maximum: expanded view vs transposed leaf", "maximum(Tensor)", in -> in[0].expand(3, 4).maximum(in[1]),
                r -> {
                    Tensor[] p = pieces(distinct(r, 16), dims(1, 4), dims(4, 3));
                    return of(p[0], transposed(p[1]));
                });
        // At a tie the rule gives each side half the gradient; so does a central difference, to first order.
        c.once("maximum: ties split the gradient", "maximum(Tensor)", in -> in[0].maximum(in[1]),
                r -> of(values(dims(2, 3), 0.5, -1, 2, 0.25, -0.5, 1.5),
                        values(dims(2, 3), 0.5, 1, 2, -0.75, -0.5, 3)));

        Tensor cond31 = mask(dims(3, 1), true, false, true);
        Tensor cond34 = mask(dims(3, 4), true, false, false, true, false, true, true, false, true, true, false, false);
        c.twice("where: broadcast condition [3,1] over [3,4] and [4]", "where(Tensor,Tensor,Tensor)",
                in -> Tensor.where(cond31, in[0], in[1]), r -> of(randn(r, 3, 4), randn(r, 4)));
        c.twice("where: transposed and expanded operands", "where(Tensor,Tensor,Tensor)",
                in -> Tensor.where(cond34, in[0].t(), in[1].expand(3, 4)), r -> of(randn(r, 4, 3), randn(r, 1, 4)));
        c.twice("where: rank-0 operand", "where(Tensor,Tensor,Tensor)", in -> Tensor.where(cond31, in[0], in[1]),
                r -> of(randn(r), randn(r, 3, 2)));

        c.add("to: float64 -> float32 -> float64", "to(DType)",
                in -> List.of(in[0].to(DType.FLOAT32).to(DType.FLOAT64)),
                r -> of(randn(r, 3, 4)), true, OpCases.FLOAT32_ROUND_TRIP);
        c.add("to: float32 result (exp in float32) of a transposed leaf", "to(DType)",
                in -> List.of(in[0].to(DType.FLOAT32).exp()), r -> of(transposed(randn(r, 4, 3))), true,
                OpCases.FLOAT32_ROUND_TRIP);
        c.add("to: float32 product cast back, broadcast", "to(DType)",
                in -> List.of(in[0].to(DType.FLOAT32).mul(in[1].to(DType.FLOAT32)).to(DType.FLOAT64)),
                r -> of(randn(r, 3, 1), randn(r, 4)), true, OpCases.FLOAT32_ROUND_TRIP);
        c.twice("to: same dtype is the identity", "to(DType)", in -> in[0].to(DType.FLOAT64).mul(in[0]),
                r -> of(randn(r, 2, 3)));
    }

    /** Consecutive runs of {@code flat}'s values as leaves of the given shapes: operands that never tie. */
    private static Tensor[] pieces(Tensor flat, int[]... shapes) {
        double[] v = flat.toDoubleArray();
        Tensor[] out = new Tensor[shapes.length];
        int at = 0;
        for (int i = 0; i < shapes.length; i++) {
            int n = Arrays.stream(shapes[i]).reduce(1, (a, b) -> a * b);
            out[i] = values(shapes[i], Arrays.copyOfRange(v, at, at + n));
            at += n;
        }
        return out;
    }
}
