package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.Graph;
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
    private static final Loops.Unary SOFTPLUS = Loops.unary(
            (v, beta, threshold) -> v * beta > threshold ? v : Math.log1p(Math.exp(v * beta)) / beta);

    private Activations() {
    }

    private static Tensor zero(Tensor like) {
        return Tensor.scalar(0, like.dtype());
    }

    /** {@code max(x, 0)} (NaN stays NaN). Gradient: {@code g} where the output is positive, else 0. */
    public static Tensor relu(Tensor x) {
        Check.floating("relu", x);
        Tensor out = Tensor.of(Kernels.map(x, RELU), x.shape());
        return Graph.record("relu", out, new Tensor[] {x}, new Tensor[] {out},
                (g, ctx) -> grads(Tensor.where(ctx.saved(0).gt(0), g, zero(g))));
    }

    /** {@code 1 / (1 + e^-x)}, evaluated without overflow for large |x|. Gradient: {@code g out (1 - out)}. */
    public static Tensor sigmoid(Tensor x) {
        Check.floating("sigmoid", x);
        Tensor out = Tensor.of(Kernels.map(x, SIGMOID), x.shape());
        return Graph.record("sigmoid", out, new Tensor[] {x}, new Tensor[] {out}, (g, ctx) -> {
            Tensor y = ctx.saved(0);
            return grads(g.mul(y).mul(y.neg().add(1)));
        });
    }

    /** Hyperbolic tangent. Gradient: {@code g (1 - out^2)}. */
    public static Tensor tanh(Tensor x) {
        Check.floating("tanh", x);
        Tensor out = Tensor.of(Kernels.map(x, TANH), x.shape());
        return Graph.record("tanh", out, new Tensor[] {x}, new Tensor[] {out},
                (g, ctx) -> grads(g.mul(ctx.saved(0).square().neg().add(1))));
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
