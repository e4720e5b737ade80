package org.backprop4j.gradcheck;

/**
 * Settings of a gradient check, with PyTorch's defaults: central differences with step {@code eps}; an element
 * passes when {@code |analytical - numerical| <= atol + rtol |numerical|}.
 *
 * @param eps      finite-difference step
 * @param atol     absolute tolerance
 * @param rtol     relative tolerance
 * @param fastMode compare one random projection {@code v^T J u} instead of the whole Jacobian (for large inputs)
 * @param seed     seed of the random directions in fast mode and of the output gradients in second-order checks
 */
public record GradCheckOptions(double eps, double atol, double rtol, boolean fastMode, long seed) {
    public static final GradCheckOptions DEFAULT = new GradCheckOptions(1e-6, 1e-5, 1e-3, false, 0);

    public GradCheckOptions {
        if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
            throw new IllegalArgumentException("GradCheckOptions: eps must be positive and tolerances non-negative,"
                    + " got eps " + eps + ", atol " + atol + ", rtol " + rtol);
        }
    }

    public GradCheckOptions withEps(double value) {
        return new GradCheckOptions(value, atol, rtol, fastMode, seed);
    }

    public GradCheckOptions withAtol(double value) {
        return new GradCheckOptions(eps, value, rtol, fastMode, seed);
    }

    public GradCheckOptions withRtol(double value) {
        return new GradCheckOptions(eps, atol, value, fastMode, seed);
    }

    public GradCheckOptions withFastMode(boolean value) {
        return new GradCheckOptions(eps, atol, rtol, value, seed);
    }

    public GradCheckOptions withSeed(long value) {
        return new GradCheckOptions(eps, atol, rtol, fastMode, value);
    }
}
