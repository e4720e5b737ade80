package org.backprop4j.diagnostics;

import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * The output of one module at its most recent call: mean, standard deviation, minimum and maximum of the finite
 * values, the fraction of exact zeros, the count of NaN or infinite values, and a histogram. For a {@code ReLU}
 * module also the fraction of dead units: positions (all dimensions but the batch dimension 0) that are zero for
 * every example of the batch; NaN for other modules.
 */
public record ActivationStats(String path, String type, Shape shape, double mean, double std, double min,
        double max, double zeroFraction, double deadFraction, long nonFinite, Histogram histogram) {

    static ActivationStats of(String path, String type, Tensor output, boolean relu, int bins) {
        double[] v = output.toDoubleArray();
        long finite = 0;
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                finite++;
                sum += x;
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        double mean = finite == 0 ? Double.NaN : sum / finite;
        double squares = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                squares += (x - mean) * (x - mean);
            }
        }
        double std = finite == 0 ? Double.NaN : Math.sqrt(squares / finite);
        Moments m = Moments.of(v);
        double zeros = v.length == 0 ? 0 : (double) m.zeros / v.length;
        double dead = relu ? deadFraction(v, output.dim() >= 2 ? output.size(0) : 1) : Double.NaN;
        return new ActivationStats(path, type, output.shape(), mean, std, finite == 0 ? Double.NaN : lo,
                finite == 0 ? Double.NaN : hi, zeros, dead, m.nonFinite, Histogram.of(v, bins));
    }

    /** The fraction of positions {@code u} where {@code v[n * units + u] == 0} for every example {@code n}. */
    private static double deadFraction(double[] v, int batch) {
        if (v.length == 0 || batch == 0) {
            return 0;
        }
        int units = v.length / batch;
        int dead = 0;
        for (int u = 0; u < units; u++) {
            boolean zero = true;
            for (int n = 0; n < batch && zero; n++) {
                zero = v[n * units + u] == 0;
            }
            dead += zero ? 1 : 0;
        }
        return (double) dead / units;
    }

    /** How messages name the module: {@code 'features.1' (ReLU)}. */
    public String describe() {
        return (path.isEmpty() ? "the model" : "'" + path + "'") + " (" + type + ")";
    }
}
