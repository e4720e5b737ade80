package org.backprop4j.ops;

import static org.backprop4j.ops.Losses.reduce;
import static org.backprop4j.ops.Losses.sameShape;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Negative log-likelihoods of distributions with PyTorch's definitions and reductions ({@code poisson_nll_loss},
 * {@code gaussian_nll_loss}), written from primitives so gradients and gradients of gradients follow. The
 * connectionist temporal classification loss is in {@link Ctc}.
 */
public final class LikelihoodLosses {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private LikelihoodLosses() {
    }

    /**
     * Poisson negative log-likelihood of counts {@code target} with rate {@code e^input} ({@code logInput}) or
     * {@code input}: {@code e^x - y x}, or {@code x - y log(x + eps)}; with {@code full}, plus Stirling's
     * approximation of {@code log(y!)}, {@code y log y - y + log(2 pi y) / 2}, where {@code y > 1}.
     */
    public static Tensor poissonNll(Tensor input, Tensor target, boolean logInput, boolean full, double eps,
            Reduction reduction) {
        String op = "poissonNll";
        sameShape(op, input, target);
        Check.sameFloating(op, input, target);
        Tensor loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
        if (full) {
            Tensor large = target.gt(1);
            // log of the target only where it is used, so that y = 0 sends no 0 * -inf = NaN back
            Tensor y = Tensor.where(large, target, Tensor.onesLike(target));
            Tensor stirling = y.mul(y.log()).sub(y).add(y.mul(2 * Math.PI).log().mul(0.5));
            loss = loss.add(Tensor.where(large, stirling, Tensor.scalar(0, loss.dtype())));
        }
        return reduce(op, loss, reduction);
    }

    /**
     * Gaussian negative log-likelihood of {@code target} under mean {@code input} and variance {@code var}:
     * {@code (log(max(var, eps)) + (x - y)^2 / max(var, eps)) / 2}, plus {@code log(2 pi) / 2} with {@code full}.
     * {@code var} has the input's shape, or lacks (or has size 1 in) its last dimension: one variance per sample.
     * As in PyTorch the clamp at {@code eps} is invisible to the gradient, which {@code var} receives as if it
     * were not clamped.
     *
     * @throws IllegalArgumentException if {@code var}'s shape does not fit the input's or it has a negative entry
     */
    public static Tensor gaussianNll(Tensor input, Tensor target, Tensor var, boolean full, double eps,
            Reduction reduction) {
        String op = "gaussianNll";
        Check.sameFloating(op, input, target);
        Check.sameType(op, input, var);
        Check.positive(op, "eps", eps);
        Tensor v = var;
        if (!var.shape().equals(input.shape())) {
            int[] in = input.shape().toArray();
            int[] vs = var.shape().toArray();
            int[] leading = Arrays.copyOf(in, Math.max(in.length - 1, 0));
            if (in.length > 0 && Arrays.equals(vs, leading)) {
                v = var.unsqueeze(-1);
            } else if (!(in.length > 0 && vs.length == in.length && vs[vs.length - 1] == 1
                    && Arrays.equals(Arrays.copyOf(vs, vs.length - 1), leading))) {
                int[] single = Arrays.copyOf(leading, leading.length + 1);
                single[leading.length] = 1;
                throw Check.error(op, "var of shape " + var.shape() + " does not fit input of shape " + input.shape()
                        + "; expected " + input.shape() + " (one variance per element), " + Arrays.toString(leading)
                        + " or " + Arrays.toString(single) + " (one per sample)");
            }
        }
        for (double x : var.toDoubleArray()) {
            Check.require(!(x < 0), op, () -> "var has a negative entry, " + x + " (var of shape " + var.shape() + ")");
        }
        // value max(var, eps), gradient that of var: PyTorch clamps a copy in place under no_grad
        Tensor clamped = v.sub(v.detach()).add(v.detach().clamp(eps, Double.POSITIVE_INFINITY));
        Tensor loss = clamped.log().add(input.sub(target).square().div(clamped)).mul(0.5);
        if (full) {
            loss = loss.add(HALF_LOG_TWO_PI);
        }
        return reduce(op, loss, reduction);
    }
}
