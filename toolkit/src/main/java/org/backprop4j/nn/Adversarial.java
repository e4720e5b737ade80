package org.backprop4j.nn;

import java.util.Objects;
import java.util.function.Function;

import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;

/**
 * Adversarial examples from input gradients, within an L-infinity ball of radius {@code epsilon} around the input and
 * inside the valid input range {@code [min, max]}. The attacks read gradients with {@code Autograd.grad}, so the
 * model's parameter gradients are left as they were; the model runs in whatever mode it is in (call {@code eval()}
 * to attack a trained model, keep {@code train()} for adversarial training as Madry et al. do).
 *
 * {@snippet file="TechniqueSnippets.java" region="adversarial"}
 */
public final class Adversarial {
    private Adversarial() {
    }

    /**
     * Settings of {@link #pgd}.
     *
     * @param epsilon     radius of the L-infinity ball around the input
     * @param stepSize    size {@code alpha} of each signed-gradient step
     * @param steps       number of steps
     * @param randomStart start from a uniform point of the ball instead of the input itself
     * @param min         smallest valid input value
     * @param max         largest valid input value
     */
    public record PgdOptions(double epsilon, double stepSize, int steps, boolean randomStart, double min,
            double max) {
        /**
         * @throws IllegalArgumentException if epsilon is negative or not finite, stepSize not positive and finite,
         *                                  steps below 1, or min not below max
         */
        public PgdOptions {
            checkBudget("PgdOptions", epsilon, min, max);
            if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
                throw new IllegalArgumentException("Adversarial.PgdOptions: stepSize must be positive and finite, got "
                        + stepSize);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("Adversarial.PgdOptions: steps must be at least 1, got " + steps);
            }
        }

        /** Madry et al.'s settings for inputs in [0, 1]: 10 steps of {@code 2.5 epsilon / 10}, random start. */
        public static PgdOptions of(double epsilon) {
            return new PgdOptions(epsilon, 2.5 * epsilon / 10, 10, true, 0, 1);
        }

        public PgdOptions withStepSize(double value) {
            return new PgdOptions(epsilon, value, steps, randomStart, min, max);
        }

        public PgdOptions withSteps(int value) {
            return new PgdOptions(epsilon, stepSize, value, randomStart, min, max);
        }

        public PgdOptions withRandomStart(boolean value) {
            return new PgdOptions(epsilon, stepSize, steps, value, min, max);
        }

        public PgdOptions withRange(double lo, double hi) {
            return new PgdOptions(epsilon, stepSize, steps, randomStart, lo, hi);
        }
    }

    /** The loss of {@code model} on an input against fixed {@code target}s: what the attacks maximize. */
    public static Function<Tensor, Tensor> lossOf(Module model, Loss loss, Tensor target) {
        Objects.requireNonNull(model, "Adversarial.lossOf: model");
        Objects.requireNonNull(loss, "Adversarial.lossOf: loss");
        return x -> loss.forward(model.call(x), target);
    }

    /**
     * The fast gradient sign method (Goodfellow, Shlens and Szegedy, "Explaining and harnessing adversarial
     * examples", ICLR 2015): {@code x' = clamp(x + epsilon sign(d loss / d x), min, max)}. Elements whose gradient is
     * exactly zero stay put.
     *
     * @param loss maps an input like {@code x} to a scalar loss
     * @return the adversarial input, detached, of {@code x}'s shape and dtype
     * @throws IllegalArgumentException if epsilon is negative or not finite, min is not below max, {@code x} is not
     *                                  floating, or the loss is not a scalar
     */
    public static Tensor fgsm(Function<Tensor, Tensor> loss, Tensor x, double epsilon, double min, double max) {
        checkBudget("fgsm", epsilon, min, max);
        Tensor x0 = checkInput("fgsm", loss, x);
        Tensor g = inputGradient("fgsm", loss, x0);
        try (Scope _ = GradMode.noGrad()) {
            return x0.add(g.sign().mul(epsilon)).clamp(min, max);
        }
    }

    /**
     * Projected gradient descent on the negative loss (Madry et al., "Towards deep learning models resistant to
     * adversarial attacks", ICLR 2018): from {@code x} (or a uniform point of the ball, with {@code randomStart}),
     * {@code steps} times {@code x' = clamp(P(x' + alpha sign(d loss / d x')), min, max)}, where {@code P} projects
     * onto the L-infinity ball {@code |x' - x| <= epsilon}.
     *
     * @param rng draws the random start (unused without one)
     * @return the adversarial input, detached, of {@code x}'s shape and dtype
     * @throws IllegalArgumentException if {@code x} is not floating or the loss is not a scalar
     */
    public static Tensor pgd(Function<Tensor, Tensor> loss, Tensor x, PgdOptions options, Rng rng) {
        Objects.requireNonNull(options, "Adversarial.pgd: options");
        Tensor x0 = checkInput("pgd", loss, x);
        double eps = options.epsilon();
        Tensor lo;
        Tensor hi;
        Tensor adv;
        try (Scope _ = GradMode.noGrad()) {
            lo = x0.sub(eps).clamp(options.min(), options.max());
            hi = x0.add(eps).clamp(options.min(), options.max());
            adv = x0;
            if (options.randomStart()) {
                Tensor noise = Tensor.rand(Objects.requireNonNull(rng, "Adversarial.pgd: rng"), x0.dtype(),
                        x0.shape().toArray());
                adv = x0.add(noise.mul(2 * eps).sub(eps)).maximum(lo).minimum(hi);
            }
        }
        for (int step = 0; step < options.steps(); step++) {
            Tensor g = inputGradient("pgd", loss, adv);
            try (Scope _ = GradMode.noGrad()) {
                adv = adv.add(g.sign().mul(options.stepSize())).maximum(lo).minimum(hi);
            }
        }
        return adv;
    }

    /** {@code d loss(x) / d x} at a detached copy of {@code x}, without touching any {@code grad()}. */
    private static Tensor inputGradient(String op, Function<Tensor, Tensor> loss, Tensor x) {
        Tensor at = x.detach().requiresGrad(true);
        Tensor l;
        try (Scope _ = GradMode.enableGrad()) {
            l = loss.apply(at);
        }
        if (l == null || l.numel() != 1) {
            throw new IllegalArgumentException("Adversarial." + op + ": the loss must be a scalar, got "
                    + (l == null ? "null" : "shape " + l.shape()) + "; reduce it with mean() or sum()");
        }
        if (!l.requiresGrad()) {
            throw new IllegalArgumentException("Adversarial." + op + ": the loss does not depend on the input (it "
                    + "does not require grad)");
        }
        return Autograd.grad(l, at)[0];
    }

    private static Tensor checkInput(String op, Function<Tensor, Tensor> loss, Tensor x) {
        Objects.requireNonNull(loss, "Adversarial." + op + ": loss");
        Objects.requireNonNull(x, "Adversarial." + op + ": x");
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Adversarial." + op + ": the input must be floating, got " + x.dtype()
                    + " of shape " + x.shape());
        }
        return x.detach();
    }

    private static void checkBudget(String op, double epsilon, double min, double max) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("Adversarial." + op + ": epsilon must be non-negative and finite, got "
                    + epsilon);
        }
        if (!(min < max)) {
            throw new IllegalArgumentException("Adversarial." + op + ": the input range [min, max] must have min < max, "
                    + "got [" + min + ", " + max + "]");
        }
    }
}
