package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.Graph;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Kernels;
import org.backprop4j.array.internal.Loops;

/**
 * Activation functions. relu, sigmoid, tanh and softplus are primitives with their own rules (for speed and for
 * numerically stable forms); the rest are written from primitives, so their gradients follow.
 */
public final class Activations {
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final Loops.Unary RELU = Loops.unary((v, a, b) -> Math.max(v, 0.0));
    private static final Loops.Unary SIGMOID = Loops.unary(
            (v, a, b) -> v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
    private static final Loops.Unary TANH = Loops.unary((v, a, b) -> Math.tanh(v));
    // The rules of relu, sigmoid and tanh as one loop each over (g, out), when the backward is not itself recorded:
    // the composite forms make three or four passes and as many temporaries (about a tenth of an MLP's step).
    private static final Loops.Binary SIGMOID_GRAD = Loops.binary((g, y) -> g * y * (1 - y));
    private static final Loops.Binary TANH_GRAD = Loops.binary((g, y) -> g * (1 - y * y));
    private static final Loops.Unary SOFTPLUS = Loops.unary(
            (v, beta, threshold) -> v * beta > threshold ? v : Math.log1p(Math.exp(v * beta)) / beta);

    private Activations() {
    }

    /** {@code rule(g, out)} elementwise, unrecorded: a derivative rule in one pass. */
    private static Tensor fused(Loops.Binary rule, Tensor g, Tensor out) {
        return Tensor.of(Kernels.zip(g, out, out.shape(), rule), out.shape());
    }

    private static Tensor zero(Tensor like) {
        return Tensor.scalar(0, like.dtype());
    }

    /** {@code max(x, 0)} (NaN stays NaN). Gradient: {@code g} where the output is positive, else 0. */
    public static Tensor relu(Tensor x) {
        Check.floating("relu", x);
        Tensor out = Tensor.of(Kernels.map(x, RELU), x.shape());
        return Graph.record("relu", out, new Tensor[] {x}, new Tensor[] {out},
                (g, ctx) -> grads(GradMode.isEnabled() ? Tensor.where(ctx.saved(0).gt(0), g, zero(g))
                        : Tensor.of(Kernels.passPositive(g, ctx.saved(0)), ctx.saved(0).shape())));
    }

    /** {@code 1 / (1 + e^-x)}, evaluated without overflow for large |x|. Gradient: {@code g out (1 - out)}. */
    public static Tensor sigmoid(Tensor x) {
        Check.floating("sigmoid", x);
        Tensor out = Tensor.of(Kernels.map(x, SIGMOID), x.shape());
        return Graph.record("sigmoid", out, new Tensor[] {x}, new Tensor[] {out}, (g, ctx) -> {
            Tensor y = ctx.saved(0);
            return grads(GradMode.isEnabled() ? g.mul(y).mul(y.neg().add(1)) : fused(SIGMOID_GRAD, g, y));
        });
    }

    /** Hyperbolic tangent. Gradient: {@code g (1 - out^2)}. */
    public static Tensor tanh(Tensor x) {
        Check.floating("tanh", x);
        Tensor out = Tensor.of(Kernels.map(x, TANH), x.shape());
        return Graph.record("tanh", out, new Tensor[] {x}, new Tensor[] {out},
                (g, ctx) -> grads(GradMode.isEnabled() ? g.mul(ctx.saved(0).square().neg().add(1))
                        : fused(TANH_GRAD, g, ctx.saved(0))));
    }

    /**
     * {@code log(1 + e^(beta x)) / beta}, and {@code x} itself where {@code beta x > threshold} (PyTorch's
     * defaults: beta 1, threshold 20). Gradient: {@code g sigmoid(beta x)}, and {@code g} above the threshold.
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        Check.floating("softplus", x);
        Tensor out = Tensor.of(Kernels.map(x, SOFTPLUS, beta, threshold), x.shape());
        return Graph.record("softplus", out, new Tensor[] {x}, new Tensor[] {x}, (g, ctx) -> {
            Tensor bx = ctx.saved(0).mul(beta);
            return grads(Tensor.where(bx.gt(threshold), g, g.mul(bx.sigmoid())));
        });
    }

    /** {@code x} for positive x, {@code slope * x} otherwise. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return Tensor.where(x.gt(0), x, x.mul(negativeSlope));
    }

    /** {@code x} for positive x, {@code alpha (e^x - 1)} otherwise (Clevert et al., 2015). */
    public static Tensor elu(Tensor x, double alpha) {
        // exp only of the non-positive part: exp of a large x would be Inf, and Inf * 0 is NaN in the gradient.
        return Tensor.where(x.gt(0), x, x.clamp(Double.NEGATIVE_INFINITY, 0).expm1().mul(alpha));
    }

    /** Scaled ELU with the self-normalizing constants of Klambauer et al. (2017). */
    public static Tensor selu(Tensor x) {
        return elu(x, SELU_ALPHA).mul(SELU_SCALE);
    }

    /**
     * GELU (Hendrycks and Gimpel, 2016): exactly {@code x Phi(x) = x (1 + erf(x / sqrt 2)) / 2}, or with
     * {@code tanhApproximation} {@code x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2}.
     */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        if (tanhApproximation) {
            Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
            return x.mul(inner.tanh().add(1)).mul(0.5);
        }
        return x.mul(x.mul(1 / Math.sqrt(2)).erf().add(1)).mul(0.5);
    }

    /** {@code x sigmoid(x)}, also called swish. */
    public static Tensor silu(Tensor x) {
        return x.mul(x.sigmoid());
    }

    /**
     * {@code x} clamped to {@code [min, max]}; the gradient is {@code g} strictly inside and 0 outside and at the
     * bounds, as in PyTorch (unlike clamp, whose gradient passes at the bounds).
     */
    public static Tensor hardtanh(Tensor x, double min, double max) {
        return Tensor.where(x.gt(min).logicalAnd(x.lt(max)), x, x.detach().clamp(min, max));
    }

    /** {@code x tanh(softplus(x))} (Misra, 2019); softplus with the default threshold, so large x cannot overflow. */
    public static Tensor mish(Tensor x) {
        return x.mul(x.softplus().tanh());
    }

    /**
     * {@code min(max(x + 3, 0), 6) / 6}; the gradient is {@code g / 6} strictly inside {@code (-3, 3)} and 0
     * outside and at the bounds, as in PyTorch.
     */
    public static Tensor hardsigmoid(Tensor x) {
        Tensor inside = x.gt(-3).logicalAnd(x.lt(3));
        Tensor linear = x.add(3).div(6);
        return Tensor.where(inside, linear, linear.detach().clamp(0, 1));
    }

    /**
     * {@code x min(max(x + 3, 0), 6) / 6} (Howard et al., 2019): {@code x (x + 3) / 6} inside {@code (-3, 3)}, 0
     * below, {@code x} above; the gradient {@code x / 3 + 1/2} inside, as in PyTorch.
     */
    public static Tensor hardswish(Tensor x) {
        Tensor inside = x.gt(-3).logicalAnd(x.lt(3));
        return Tensor.where(inside, x.mul(x.add(3)).div(6), Tensor.where(x.ge(3), x, zero(x)));
    }

    /**
     * {@code log(1 / (1 + e^-x))}, as PyTorch computes it: {@code min(x, 0) - log(1 + e^-|x|)}, finite for any x.
     * Each branch exponentiates only a non-positive number, so no branch overflows (and none sends Inf * 0 = NaN
     * back); the gradient is {@code 1 - sigmoid(x)}, 1/2 at 0.
     */
    public static Tensor logSigmoid(Tensor x) {
        Check.floating("logSigmoid", x);
        Tensor negative = x.clamp(Double.NEGATIVE_INFINITY, 0);
        Tensor positive = x.clamp(0, Double.POSITIVE_INFINITY);
        return Tensor.where(x.lt(0), negative.sub(negative.exp().log1p()), positive.neg().exp().log1p().neg());
    }

    /** {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) {
        return x.div(x.abs().add(1));
    }

    /**
     * {@code x} for positive x, {@code alpha (e^(x / alpha) - 1)} otherwise (Barron, 2017).
     *
     * @throws IllegalArgumentException if {@code alpha} is 0
     */
    public static Tensor celu(Tensor x, double alpha) {
        Check.require(alpha != 0, "celu", () -> "alpha must not be 0 (it divides x), got " + alpha);
        return Tensor.where(x.gt(0), x, x.clamp(Double.NEGATIVE_INFINITY, 0).mul(1 / alpha).expm1().mul(alpha));
    }

    /** {@code x} where {@code x > threshold}, else {@code value}; the gradient is 0 where the value replaced x. */
    public static Tensor threshold(Tensor x, double threshold, double value) {
        Check.floating("threshold", x);
        return Tensor.where(x.gt(threshold), x, Tensor.scalar(value, x.dtype()));
    }

    /**
     * {@code min(max(x, 0), 6)}: {@link #hardtanh} on {@code [0, 6]}, so the gradient is 0 at 0 and at 6 (PyTorch's
     * subgradient there) and NaN stays NaN with no gradient.
     */
    public static Tensor relu6(Tensor x) {
        Check.floating("relu6", x);
        return hardtanh(x, 0, 6);
    }

    /**
     * {@code x} where {@code |x| > lambd}, else 0 (NaN stays NaN). The gradient is {@code g} outside
     * {@code [-lambd, lambd]} and 0 inside it, at {@code x = ±lambd} and at NaN, as in PyTorch.
     */
    public static Tensor hardshrink(Tensor x, double lambd) {
        Check.floating("hardshrink", x);
        Tensor keep = x.gt(lambd).logicalOr(x.lt(-lambd));
        // NaN stays NaN, as in PyTorch; detached, so that neither the NaN nor the zeros pass a gradient
        return Tensor.where(keep, x, Tensor.where(x.isNan(), x.detach(), zero(x)));
    }

    /**
     * {@code x - lambd} above {@code lambd}, {@code x + lambd} below {@code -lambd}, else 0 (NaN included, as in
     * PyTorch). The gradient is {@code g} outside {@code [-lambd, lambd]} and 0 inside it and at {@code x = ±lambd}.
     *
     * @throws IllegalArgumentException if {@code lambd} is negative or NaN
     */
    public static Tensor softshrink(Tensor x, double lambd) {
        Check.floating("softshrink", x);
        Check.require(lambd >= 0, "softshrink", () -> "lambda must be greater or equal to 0, got " + lambd);
        return Tensor.where(x.gt(lambd), x.sub(lambd), Tensor.where(x.lt(-lambd), x.add(lambd), zero(x)));
    }

    /** {@code x - tanh(x)}; the gradient is {@code tanh(x)^2}. */
    public static Tensor tanhshrink(Tensor x) {
        Check.floating("tanhshrink", x);
        return x.sub(x.tanh());
    }

    /** {@code softmax(-x)} along {@code dim}. */
    public static Tensor softmin(Tensor x, int dim) {
        Check.floating("softmin", x);
        Check.dim("softmin", dim, x.dim());
        return softmax(x.neg(), dim);
    }

    /**
     * Gated linear unit (Dauphin et al., 2017): {@code a sigmoid(b)} for the two halves {@code a, b} of {@code x}
     * along {@code dim}.
     *
     * @throws IllegalArgumentException if {@code x} is a scalar or its size along {@code dim} is odd
     */
    public static Tensor glu(Tensor x, int dim) {
        Check.require(x.dim() > 0, "glu", () -> "expected a tensor of rank >= 1 to halve, got a scalar");
        int d = Check.dim("glu", dim, x.dim());
        Check.require(x.size(d) % 2 == 0, "glu", () -> "halving dimension must be even, but dimension " + d
                + " of the input of shape " + x.shape() + " is size " + x.size(d));
        int half = x.size(d) / 2;
        return x.slice(d, 0, half).mul(x.slice(d, half, 2 * half).sigmoid());
    }

    /**
     * Parametric ReLU (He et al., 2015): {@code x} for positive x, {@code a x} otherwise, with {@code weight} one
     * slope for all ({@code [1]} or a scalar) or one per channel ({@code [C]}, channels at dimension 1 of an input of
     * rank 2 or more). The weight's gradient is the sum of {@code g x} over the non-positive elements.
     *
     * @throws IllegalArgumentException if the weight is not 0-D or 1-D, or its count is neither 1 nor the channels
     */
    public static Tensor prelu(Tensor x, Tensor weight) {
        Check.sameFloating("prelu", x, weight);
        Check.require(weight.dim() <= 1, "prelu", () -> "expected a weight of rank 0 or 1, got shape "
                + weight.shape());
        int channels = x.dim() >= 2 ? x.size(1) : 1;
        int n = weight.numel();
        Check.require(n == 1 || n == channels, "prelu", () -> "weight of shape " + weight.shape() + " holds " + n
                + " slopes but the input of shape " + x.shape() + " has " + channels + " channel"
                + (channels == 1 ? "" : "s") + (x.dim() >= 2 ? " at dimension 1" : " (inputs of rank < 2 have one)")
                + "; expected 1 or " + channels);
        Tensor slope = weight;
        if (n > 1) {
            int[] shape = new int[x.dim()];
            java.util.Arrays.fill(shape, 1);
            shape[1] = n;
            slope = weight.reshape(shape);
        } else if (weight.dim() == 1) {
            slope = weight.reshape();
        }
        return Tensor.where(x.gt(0), x, x.mul(slope));
    }

    /**
     * Randomized leaky ReLU (Xu et al., 2015): in training, each non-positive element is multiplied by a slope
     * drawn uniformly from {@code [lower, upper]} by {@code rng}; in evaluation, by {@code (lower + upper) / 2}. The
     * gradient is the slope used (1 for positive elements).
     *
     * @throws IllegalArgumentException if {@code lower > upper} or a bound is not finite
     */
    public static Tensor rrelu(Tensor x, double lower, double upper, boolean training, Rng rng) {
        Check.floating("rrelu", x);
        Check.finite("rrelu", "lower", lower);
        Check.finite("rrelu", "upper", upper);
        Check.require(lower <= upper, "rrelu", () -> "lower bound " + lower + " must not exceed the upper bound "
                + upper);
        if (!training) {
            return leakyRelu(x, (lower + upper) / 2);
        }
        // the slopes are constants of the graph: the output is x * slope, so the gradient is the slope
        Tensor u = Tensor.rand(rng, DType.FLOAT64, x.shape().toArray()).mul(upper - lower).add(lower).to(x.dtype());
        Tensor slope = Tensor.where(x.gt(0), Tensor.scalar(1, x.dtype()), u);
        return x.mul(slope);
    }

    /** {@code e^x / sum(e^x)} along {@code dim}, shifted by the maximum so that large inputs do not overflow. */
    public static Tensor softmax(Tensor x, int dim) {
        Check.floating("softmax", x);
        Check.dim("softmax", dim, x.dim());
        Tensor e = x.sub(x.detach().amax(new int[] {dim}, true)).exp();
        return e.div(e.sum(dim, true));
    }

    /** {@code x - logsumexp(x)} along {@code dim}: stable for large inputs, unlike {@code log(softmax(x))}. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        Check.floating("logSoftmax", x);
        Check.dim("logSoftmax", dim, x.dim());
        return x.sub(x.logsumexp(new int[] {dim}, true));
    }
}
