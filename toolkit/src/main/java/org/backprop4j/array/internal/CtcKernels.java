package org.backprop4j.array.internal;

import org.backprop4j.array.Shape;
import org.backprop4j.array.StridedArray;

/**
 * The forward-backward recursions of connectionist temporal classification (Graves et al., 2006) over arrays, in log
 * space and in double whatever the dtype, for the CTC op ({@code ops.Ctc}). Sample {@code n}'s target
 * {@code l} (length {@code U}) is extended with blanks to {@code l'} of length {@code 2U + 1}; with
 * {@code y_t(k) = logProbs[t, n, k]} (log-probabilities):
 * <pre>
 * alpha_0(0) = y_0(blank), alpha_0(1) = y_0(l'_1)
 * alpha_t(s) = y_t(l'_s) + logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2) if l'_s != l'_{s-2})
 * beta_{T-1}(2U) = y_{T-1}(blank), beta_{T-1}(2U-1) = y_{T-1}(l'_{2U-1})
 * beta_t(s) = y_t(l'_s) + logsumexp(beta_{t+1}(s), beta_{t+1}(s+1), beta_{t+1}(s+2) if l'_s != l'_{s+2})
 * nll = -logsumexp(alpha_{T-1}(2U), alpha_{T-1}(2U-1))
 * d nll / d y_t(k) = -exp(logsumexp over s with l'_s = k of (alpha_t(s) + beta_t(s)) + nll - y_t(k))
 * </pre>
 * ({@code T} is the sample's input length; both alpha and beta include {@code y_t}, hence the {@code - y_t(k)}).
 * Each logsumexp is PyTorch's: shifted by the largest term, 0 when all are {@code -inf}.
 */
public final class CtcKernels {
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    /** The negative log-likelihood of each sample and, for the backward, each sample's log-alphas. */
    public record Forward(double[] nll, double[][] logAlpha) {
    }

    private CtcKernels() {
    }

    /**
     * @param logProbs     {@code [T, N, C]}
     * @param targets      each sample's target labels
     * @param inputLengths each sample's number of valid steps, in {@code [1, T]}
     */
    public static Forward forward(StridedArray logProbs, int[][] targets, int[] inputLengths, int blank) {
        int batch = logProbs.size(1);
        int classes = logProbs.size(2);
        double[] lp = logProbs.toDoubleArray();
        double[] nll = new double[batch];
        double[][] alphas = new double[batch][];
        for (int n = 0; n < batch; n++) {
            int[] l = targets[n];
            int states = 2 * l.length + 1;
            int steps = inputLengths[n];
            double[] a = new double[steps * states];
            java.util.Arrays.fill(a, NEG_INF);
            a[0] = lp[at(0, n, blank, batch, classes)];
            if (l.length > 0) {
                a[1] = lp[at(0, n, l[0], batch, classes)];
            }
            for (int t = 1; t < steps; t++) {
                int row = t * states;
                int prev = row - states;
                for (int s = 0; s < states; s++) {
                    int label = prime(l, s, blank);
                    double a2 = s > 0 ? a[prev + s - 1] : NEG_INF;
                    double a3 = s > 1 && prime(l, s - 2, blank) != label ? a[prev + s - 2] : NEG_INF;
                    a[row + s] = logSumExp(a[prev + s], a2, a3) + lp[at(t, n, label, batch, classes)];
                }
            }
            int last = (steps - 1) * states;
            nll[n] = l.length == 0 ? -a[last] : -logSumExp(a[last + states - 1], a[last + states - 2], NEG_INF);
            alphas[n] = a;
        }
        return new Forward(nll, alphas);
    }

    /**
     * The gradient of each sample's negative log-likelihood with respect to {@code logProbs}, {@code [T, N, C]} in
     * its dtype: zero from each sample's input length on, and for a sample whose likelihood is zero (infinite loss)
     * zero everywhere when {@code zeroInfinity} (otherwise NaN, as in PyTorch).
     */
    public static DenseArray backward(StridedArray logProbs, int[][] targets, int[] inputLengths, int blank,
            Forward f, boolean zeroInfinity) {
        int steps = logProbs.size(0);
        int batch = logProbs.size(1);
        int classes = logProbs.size(2);
        double[] lp = logProbs.toDoubleArray();
        double[] grad = new double[steps * batch * classes];
        for (int n = 0; n < batch; n++) {
            double nll = f.nll()[n];
            if (zeroInfinity && nll == Double.POSITIVE_INFINITY) {
                continue;
            }
            int[] l = targets[n];
            int states = 2 * l.length + 1;
            int length = inputLengths[n];
            double[] a = f.logAlpha()[n];
            double[] b = new double[length * states];
            java.util.Arrays.fill(b, NEG_INF);
            int lastRow = (length - 1) * states;
            b[lastRow + states - 1] = lp[at(length - 1, n, blank, batch, classes)];
            if (l.length > 0) {
                b[lastRow + states - 2] = lp[at(length - 1, n, l[l.length - 1], batch, classes)];
            }
            for (int t = length - 2; t >= 0; t--) {
                int row = t * states;
                int next = row + states;
                for (int s = states - 1; s >= 0; s--) {
                    int label = prime(l, s, blank);
                    double b2 = s < states - 1 ? b[next + s + 1] : NEG_INF;
                    double b3 = s < states - 2 && prime(l, s + 2, blank) != label ? b[next + s + 2] : NEG_INF;
                    b[row + s] = logSumExp(b[next + s], b2, b3) + lp[at(t, n, label, batch, classes)];
                }
            }
            double[] occupancy = new double[classes];
            for (int t = 0; t < length; t++) {
                java.util.Arrays.fill(occupancy, NEG_INF);
                int row = t * states;
                for (int s = 0; s < states; s++) {
                    int label = prime(l, s, blank);
                    occupancy[label] = logAddExp(occupancy[label], a[row + s] + b[row + s]);
                }
                for (int c = 0; c < classes; c++) {
                    int i = at(t, n, c, batch, classes);
                    grad[i] = -Math.exp(occupancy[c] + nll - lp[i]);
                }
            }
        }
        DenseArray out = DenseArray.zeros(logProbs.dtype(), Shape.of(steps, batch, classes));
        var storage = out.storage();
        for (int i = 0; i < grad.length; i++) {
            storage.setDouble(i, grad[i]);
        }
        return out;
    }

    private static int at(int t, int n, int c, int batch, int classes) {
        return (t * batch + n) * classes + c;
    }

    /** {@code l'_s}: blank at even positions, the target's labels at odd ones. */
    private static int prime(int[] l, int s, int blank) {
        return s % 2 == 0 ? blank : l[s / 2];
    }

    private static double logSumExp(double x, double y, double z) {
        double max = Math.max(x, Math.max(y, z));
        if (max == NEG_INF) {
            max = 0;
        }
        return Math.log(Math.exp(x - max) + Math.exp(y - max) + Math.exp(z - max)) + max;
    }

    private static double logAddExp(double x, double y) {
        if (x == NEG_INF) {
            return y;
        }
        double max = Math.max(x, y);
        return Math.log(Math.exp(x - max) + Math.exp(y - max)) + max;
    }
}
