package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;

/**
 * Gradient clipping, as PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: both
 * modify the gradients of the given parameters in place and skip parameters without a gradient.
 *
 * {@snippet file="OptimSnippets.java" region="clipping"}
 */
public final class GradClipping {
    private GradClipping() {
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} with the 2-norm, not failing on a non-finite norm. */
    public static double clipGradNorm(Iterable<? extends Tensor> parameters, double maxNorm) {
        return clipGradNorm(parameters, maxNorm, 2, false);
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean)}, not failing on a non-finite norm. */
    public static double clipGradNorm(Iterable<? extends Tensor> parameters, double maxNorm, double normType) {
        return clipGradNorm(parameters, maxNorm, normType, false);
    }

    /**
     * Scales all gradients together so that their total norm is at most {@code maxNorm}: the norm of the vector
     * of each gradient's norm (so the same as the norm of all gradients end to end), then every gradient times
     * {@code min(1, maxNorm / (total + 1e-6))}.
     *
     * @param normType the order p of the norm, {@code (sum |g|^p)^(1/p)}, or {@code Double.POSITIVE_INFINITY}
     *        for the largest magnitude
     * @param errorIfNonfinite fail, changing nothing, when the total norm is infinite or NaN (otherwise the
     *        gradients are scaled by the non-finite coefficient, as PyTorch does)
     * @return the total norm before clipping; 0 when no parameter has a gradient
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN, or {@code normType} is not positive
     * @throws ArithmeticException if {@code errorIfNonfinite} and the total norm is not finite
     */
    public static double clipGradNorm(Iterable<? extends Tensor> parameters, double maxNorm, double normType,
            boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        }
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm: normType must be > 0 (or infinity), got " + normType);
        }
        List<Tensor> grads = grads(parameters);
        if (grads.isEmpty()) {
            return 0;
        }
        double total = total(grads, normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new ArithmeticException("clipGradNorm: the total norm of order " + normType + " of the gradients of "
                    + grads.size() + " parameters is " + total + ", so they cannot be clipped; nothing was changed "
                    + "(pass errorIfNonfinite = false to scale by the non-finite norm anyway)");
        }
        double coefficient = Math.min(maxNorm / (total + 1e-6), 1.0);
        if (coefficient != 1.0) { // PyTorch multiplies by 1 too, which changes nothing
            try (Scope _ = GradMode.noGrad()) {
                for (Tensor g : grads) {
                    scale(g, coefficient);
                }
            }
        }
        return total;
    }

    /**
     * The total norm of the gradients of {@code parameters} as {@link #clipGradNorm(Iterable, double, double,
     * boolean)} computes it, changing nothing: what a training loop records at every step, clipped or not.
     *
     * @param normType the order p of the norm, or {@code Double.POSITIVE_INFINITY} for the largest magnitude
     * @return the total norm (infinite or NaN when a gradient is); 0 when no parameter has a gradient
     * @throws IllegalArgumentException if {@code normType} is not positive
     */
    public static double totalNorm(Iterable<? extends Tensor> parameters, double normType) {
        if (!(normType > 0)) {
            throw new IllegalArgumentException("totalNorm: normType must be > 0 (or infinity), got " + normType);
        }
        List<Tensor> grads = grads(parameters);
        return grads.isEmpty() ? 0 : total(grads, normType);
    }

    private static double total(List<Tensor> grads, double normType) {
        boolean inf = normType == Double.POSITIVE_INFINITY;
        double total = 0;
        for (Tensor g : grads) {
            double n = norm(g.toDoubleArray(), normType);
            // Math.max keeps a NaN, as torch.max does
            total = inf ? Math.max(total, n) : total + (normType == 2 ? n * n : Math.pow(n, normType));
        }
        if (!inf) {
            total = normType == 2 ? Math.sqrt(total) : normType == 1 ? total : Math.pow(total, 1 / normType);
        }
        return total;
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]}; NaNs stay NaN.
     *
     * @throws IllegalArgumentException if {@code clipValue} is negative or NaN
     */
    public static void clipGradValue(Iterable<? extends Tensor> parameters, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        }
        try (Scope _ = GradMode.noGrad()) {
            for (Tensor g : grads(parameters)) {
                WritableElements data = WritableElements.of(g);
                int n = g.numel();
                if (g.dtype() == DType.FLOAT32) {
                    float[] a = data.floats();
                    float hi = (float) clipValue;
                    for (int i = 0; i < n; i++) {
                        a[i] = clamp(a[i], -hi, hi);
                    }
                } else {
                    double[] a = data.doubles();
                    for (int i = 0; i < n; i++) {
                        a[i] = clamp(a[i], -clipValue, clipValue);
                    }
                }
                data.writeBack();
            }
        }
    }

    private static float clamp(float v, float lo, float hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    private static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    private static List<Tensor> grads(Iterable<? extends Tensor> parameters) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : parameters) {
            if (p.gradForUpdate() != null) {
                grads.add(p.gradForUpdate());
            }
        }
        return grads;
    }

    private static double norm(double[] g, double p) {
        if (p == Double.POSITIVE_INFINITY) {
            double m = 0;
            for (double v : g) {
                double a = Math.abs(v);
                if (a > m || Double.isNaN(a)) {
                    m = a;
                }
            }
            return m;
        }
        double s = 0;
        if (p == 2) {
            for (double v : g) {
                s += v * v;
            }
            return Math.sqrt(s);
        }
        if (p == 1) {
            for (double v : g) {
                s += Math.abs(v);
            }
            return s;
        }
        for (double v : g) {
            s += Math.pow(Math.abs(v), p);
        }
        return Math.pow(s, 1 / p);
    }

    private static void scale(Tensor g, double coefficient) {
        WritableElements data = WritableElements.of(g);
        int n = g.numel();
        if (g.dtype() == DType.FLOAT32) {
            float[] a = data.floats();
            float c = (float) coefficient;
            for (int i = 0; i < n; i++) {
                a[i] *= c;
            }
        } else {
            double[] a = data.doubles();
            for (int i = 0; i < n; i++) {
                a[i] *= coefficient;
            }
        }
        data.writeBack();
    }
}
