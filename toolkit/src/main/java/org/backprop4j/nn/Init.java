package org.backprop4j.nn;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * Weight initialization, in place, with PyTorch's formulas (its {@code nn.init}). Every function writes under
 * no-grad, draws from the given {@link Rng}, and returns the tensor it filled.
 */
public final class Init {
    /** Which fan scales Kaiming initialization: fan-in preserves forward variance, fan-out backward variance. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** Nonlinearities whose recommended gain {@link #calculateGain} knows. */
    public enum Nonlinearity { LINEAR, CONV, SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

    private Init() {
    }

    /**
     * The recommended gain for a nonlinearity: 1 for linear, conv and sigmoid; 5/3 for tanh; sqrt 2 for relu;
     * {@code sqrt(2 / (1 + slope^2))} for leaky relu with {@code param} as slope (0.01 if NaN); 3/4 for selu.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, CONV, SIGMOID -> 1;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2);
            case LEAKY_RELU -> Math.sqrt(2 / (1 + Math.pow(Double.isNaN(param) ? 0.01 : param, 2)));
            case SELU -> 3.0 / 4;
        };
    }

    /**
     * {@code {fanIn, fanOut}} of a weight: for {@code [out, in, k...]} fan-in is {@code in * prod(k)} and fan-out
     * {@code out * prod(k)}.
     *
     * @throws IllegalArgumentException for a tensor of rank below 2
     */
    public static int[] fans(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("Init: fan in and fan out need a tensor of rank 2 or more, got shape "
                    + t.shape());
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) {
            receptive *= t.size(d);
        }
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    private static Tensor write(Tensor t, Tensor values) {
        try (Scope _ = GradMode.noGrad()) {
            t.copyFrom(values);
        }
        return t;
    }

    /** Uniform on {@code [a, b)}. */
    public static Tensor uniform(Tensor t, double a, double b, Rng rng) {
        return write(t, Tensor.rand(rng, DType.FLOAT64, t.shape().toArray()).mul(b - a).add(a));
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        return write(t, Tensor.randn(rng, DType.FLOAT64, t.shape().toArray()).mul(std).add(mean));
    }

    public static Tensor constant(Tensor t, double value) {
        return write(t, Tensor.scalar(value, DType.FLOAT64));
    }

    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /** Glorot and Bengio (2010): uniform on {@code +-gain sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(Tensor t, double gain, Rng rng) {
        int[] f = fans(t);
        double bound = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(t, -bound, bound, rng);
    }

    /** Glorot and Bengio (2010): normal with std {@code gain sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Tensor t, double gain, Rng rng) {
        int[] f = fans(t);
        return normal(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), rng);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        int[] f = fans(t);
        int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /**
     * He et al. (2015): uniform on {@code +-gain sqrt(3 / fan)}; {@code a} is the leaky-relu slope used by the gain
     * (PyTorch's layers use {@code a = sqrt 5} with {@code LEAKY_RELU}, giving bound {@code 1 / sqrt(fanIn)}).
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        double bound = Math.sqrt(3) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, rng);
    }

    /** He et al. (2015): normal with std {@code gain / sqrt(fan)}. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), rng);
    }

    /**
     * Saxe et al. (2013): a (semi-)orthogonal matrix from the QR decomposition of a Gaussian matrix, with the signs
     * fixed by R's diagonal so the result is uniform over orthogonal matrices; dimensions after the first are
     * flattened. Scaled by {@code gain}.
     */
    public static Tensor orthogonal(Tensor t, double gain, Rng rng) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("orthogonal: needs a tensor of rank 2 or more, got shape " + t.shape());
        }
        int rows = t.size(0);
        int cols = t.numel() / Math.max(rows, 1);
        double[][] q = Orthogonal.sample(rows, cols, rng);
        return write(t, Tensor.of(q).mul(gain).reshape(t.shape().toArray()));
    }

    /**
     * Normal with the given mean and std, redrawn until inside {@code [a, b]} (exactly the truncated distribution).
     *
     * @throws IllegalArgumentException if {@code a >= b} or the interval holds less than 1e-4 of the distribution
     */
    public static Tensor truncNormal(Tensor t, double mean, double std, double a, double b, Rng rng) {
        if (!(a < b) || !(std > 0)) {
            throw new IllegalArgumentException("truncNormal: needs a < b and std > 0, got a=" + a + ", b=" + b
                    + ", std=" + std);
        }
        double mass = (Tensor.scalar((b - mean) / (std * Math.sqrt(2)), DType.FLOAT64).erf().item()
                - Tensor.scalar((a - mean) / (std * Math.sqrt(2)), DType.FLOAT64).erf().item()) / 2;
        if (mass < 1e-4) {
            throw new IllegalArgumentException("truncNormal: [" + a + ", " + b + "] holds only " + mass
                    + " of N(" + mean + ", " + std + "^2); redrawing would not end in reasonable time");
        }
        double[] values = new double[t.numel()];
        for (int i = 0; i < values.length; i++) {
            double v;
            do {
                v = mean + std * rng.nextGaussian();
            } while (v < a || v > b);
            values[i] = v;
        }
        return write(t, Tensor.of(values).reshape(t.shape().toArray()));
    }
}
