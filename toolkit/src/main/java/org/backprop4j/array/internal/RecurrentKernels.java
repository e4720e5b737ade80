package org.backprop4j.array.internal;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.array.StridedArray;
import org.backprop4j.backend.Backend;

/**
 * The time loops of the recurrent op family ({@code ops.Recurrent}) over arrays: per step one GEMM through the
 * {@link Backend} ({@code h W_hh^T} forward, {@code dG W_hh} backward) and one pass over the gates for the cell's
 * elementwise math (in double, rounded once when stored), writing straight into the sequence-sized outputs; after the backward loop one GEMM gives
 * {@code W_hh}'s gradient over all steps. This is the path of every forward and of every backward that is not
 * recorded; the tensor-op formulation in {@code ops.Recurrent} serves recorded backwards (higher-order gradients)
 * and the two are checked against each other and against finite differences. Inputs are contiguous (the caller
 * makes them so); results are new contiguous arrays.
 */
public final class RecurrentKernels {
    /** The recurrent cells, with the number of gate blocks in their weight matrices (PyTorch's order). */
    public enum Cell {
        TANH(1), RELU(1), LSTM(4), GRU(3);

        private final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        /** How many {@code hidden}-sized blocks the cell's weights stack: 1, 4 (i, f, g, o) or 3 (r, z, n). */
        public int gates() {
            return gates;
        }
    }

    /** The forward's results: the states {@code out}, the activated gates, and GRU's {@code h W_hn^T + b_hn}. */
    public record Forward(DenseArray out, DenseArray gates, DenseArray hiddenN) {
    }

    private RecurrentKernels() {
    }

    /**
     * The forward over all steps: {@code xw} {@code [L, N, G*H]} (the input projections with their bias),
     * {@code h0}, {@code c0} {@code [N, H]}, {@code wHhT} the transposed recurrent weights {@code [H, G*H]},
     * {@code bHh} {@code [G*H]} or null; all contiguous.
     */
    public static Forward forward(Cell kind, StridedArray xw, StridedArray h0, StridedArray c0, StridedArray wHhT,
            StridedArray bHh, boolean reverse) {
        DType dtype = xw.dtype();
        int steps = xw.size(0);
        int batch = xw.size(1);
        int hidden = h0.size(1);
        int width = kind.gates() * hidden;
        int cells = batch * hidden;
        Backend backend = Backend.current();
        StridedArray x = xw;
        StridedArray h0c = h0;
        StridedArray wT = wHhT; // [H, G*H], so each step's product is a plain NN GEMM
        double[] bias = bHh == null ? new double[width] : bHh.toDoubleArray();
        boolean lstm = kind == Cell.LSTM;
        boolean gated = lstm || kind == Cell.GRU;
        boolean fast = dtype == DType.FLOAT32;
        DenseArray out = DenseArray.zeros(dtype, lstm ? Shape.of(2, steps, batch, hidden)
                : Shape.of(steps, batch, hidden));
        DenseArray gates = gated ? DenseArray.zeros(dtype, Shape.of(steps, batch, width)) : null;
        DenseArray hiddenN = kind == Cell.GRU ? DenseArray.zeros(dtype, Shape.of(steps, batch, hidden)) : null;
        // each step's h W_hh^T goes to a [N, G*H] scratch array, then is combined with xw and b_hh in double
        DenseArray product = DenseArray.zeros(dtype, Shape.of(batch, width));
        double[] pre = new double[batch * width];
        double[] xs = new double[batch * width];
        double[] hPrev = new double[cells];
        double[] cPrev = new double[cells];
        double[] hNew = new double[cells];
        double[] cNew = new double[cells];
        double[] nh = new double[cells];
        pull(h0c, 0, hPrev, cells);
        if (lstm) {
            pull(c0, 0, cPrev, cells);
        }
        StridedArray prevTensor = h0c;
        int prevAt = 0;
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            gemm(backend, false, false, batch, width, hidden, prevTensor, prevAt, hidden, wT, 0, width, 0, product, 0,
                    width);
            pull(product, 0, pre, batch * width);
            pull(x, t * batch * width, xs, batch * width);
            for (int n = 0; n < batch; n++) {
                int row = n * width;
                for (int j = 0; j < hidden; j++) {
                    int k = n * hidden + j;
                    switch (kind) {
                        case TANH -> hNew[k] = tanh(fast, pre[row + j] + bias[j] + xs[row + j]);
                        case RELU -> hNew[k] = Math.max(pre[row + j] + bias[j] + xs[row + j], 0);
                        case LSTM -> {
                            double i = sigmoid(pre[row + j] + bias[j] + xs[row + j]);
                            double f = sigmoid(pre[row + hidden + j] + bias[hidden + j] + xs[row + hidden + j]);
                            double g = tanh(fast, pre[row + 2 * hidden + j] + bias[2 * hidden + j]
                                    + xs[row + 2 * hidden + j]);
                            double o = sigmoid(pre[row + 3 * hidden + j] + bias[3 * hidden + j]
                                    + xs[row + 3 * hidden + j]);
                            cNew[k] = f * cPrev[k] + i * g;
                            hNew[k] = o * tanh(fast, cNew[k]);
                            pre[row + j] = i;
                            pre[row + hidden + j] = f;
                            pre[row + 2 * hidden + j] = g;
                            pre[row + 3 * hidden + j] = o;
                        }
                        case GRU -> {
                            double r = sigmoid(pre[row + j] + bias[j] + xs[row + j]);
                            double z = sigmoid(pre[row + hidden + j] + bias[hidden + j] + xs[row + hidden + j]);
                            nh[k] = pre[row + 2 * hidden + j] + bias[2 * hidden + j];
                            double cand = tanh(fast, xs[row + 2 * hidden + j] + r * nh[k]);
                            hNew[k] = (hPrev[k] - cand) * z + cand;
                            pre[row + j] = r;
                            pre[row + hidden + j] = z;
                            pre[row + 2 * hidden + j] = cand;
                        }
                    }
                }
            }
            int at = t * cells;
            push(hNew, out, at, cells);
            if (lstm) {
                push(cNew, out, steps * cells + at, cells);
            }
            if (gated) {
                push(pre, gates, t * batch * width, batch * width);
            }
            if (hiddenN != null) {
                push(nh, hiddenN, at, cells);
            }
            double[] swap = hPrev;
            hPrev = hNew;
            hNew = swap;
            swap = cPrev;
            cPrev = cNew;
            cNew = swap;
            prevTensor = out;
            prevAt = at;
        }
        return new Forward(out, gates, hiddenN);
    }

    /**
     * Backpropagation through time, from the gradient {@code g} of the forward's {@code out} and what the forward
     * kept; {@code wHh} is {@code [G*H, H]}, every input contiguous. {@code need} says which of xw, h0, c0, wHh, bHh
     * want a gradient; returns one per input, null where not needed.
     */
    public static DenseArray[] backward(Cell kind, StridedArray g, boolean[] need, StridedArray h0, StridedArray c0,
            StridedArray wHh, StridedArray out, StridedArray gatesSaved, StridedArray hiddenNSaved, boolean reverse) {
        DType dtype = g.dtype();
        boolean lstm = kind == Cell.LSTM;
        boolean gru = kind == Cell.GRU;
        int steps = out.size(lstm ? 1 : 0);
        int batch = h0.size(0);
        int hidden = h0.size(1);
        int width = kind.gates() * hidden;
        int cells = batch * hidden;
        boolean fast = dtype == DType.FLOAT32;
        Backend backend = Backend.current();
        StridedArray grad = g;
        StridedArray h0c = h0;
        StridedArray w = wHh;
        DenseArray dX = DenseArray.zeros(dtype, Shape.of(steps, batch, width));
        DenseArray dHg = gru ? DenseArray.zeros(dtype, Shape.of(steps, batch, width)) : dX;
        DenseArray dhFromNext = DenseArray.zeros(dtype, Shape.of(batch, hidden));
        double[] dh = new double[cells];
        double[] next = new double[cells];
        double[] dc = new double[cells];
        double[] gc = new double[cells];
        double[] state = new double[cells];
        double[] prev = new double[cells];
        double[] prevC = new double[cells];
        double[] nh = new double[cells];
        double[] a = new double[batch * width];
        double[] dxs = new double[batch * width];
        double[] dhs = gru ? new double[batch * width] : dxs;
        for (int step = steps - 1; step >= 0; step--) {
            int t = reverse ? steps - 1 - step : step;
            int tPrev = reverse ? t + 1 : t - 1;
            int at = t * cells;
            pull(grad, at, dh, cells);
            if (step < steps - 1) {
                pull(dhFromNext, 0, next, cells);
                for (int k = 0; k < cells; k++) {
                    dh[k] += next[k];
                }
            }
            pull(out, at, state, cells); // h_t; for LSTM overwritten by c_t below
            if (gru) {
                if (step == 0) {
                    pull(h0c, 0, prev, cells);
                } else {
                    pull(out, tPrev * cells, prev, cells);
                }
                pull(hiddenNSaved, at, nh, cells);
            }
            if (lstm) {
                pull(grad, steps * cells + at, gc, cells);
                pull(out, steps * cells + at, state, cells);
                if (step == 0) {
                    pull(c0, 0, prevC, cells);
                } else {
                    pull(out, steps * cells + tPrev * cells, prevC, cells);
                }
            }
            if (gatesSaved != null) {
                pull(gatesSaved, t * batch * width, a, batch * width);
            }
            for (int n = 0; n < batch; n++) {
                int row = n * width;
                for (int j = 0; j < hidden; j++) {
                    int k = n * hidden + j;
                    switch (kind) {
                        case TANH -> dxs[row + j] = dh[k] * (1 - state[k] * state[k]);
                        case RELU -> dxs[row + j] = state[k] > 0 ? dh[k] : 0;
                        case LSTM -> {
                            double i = a[row + j];
                            double f = a[row + hidden + j];
                            double gg = a[row + 2 * hidden + j];
                            double o = a[row + 3 * hidden + j];
                            double tc = tanh(fast, state[k]);
                            double dcT = gc[k] + dh[k] * o * (1 - tc * tc) + (step < steps - 1 ? dc[k] : 0);
                            dxs[row + j] = dcT * gg * i * (1 - i);
                            dxs[row + hidden + j] = dcT * prevC[k] * f * (1 - f);
                            dxs[row + 2 * hidden + j] = dcT * i * (1 - gg * gg);
                            dxs[row + 3 * hidden + j] = dh[k] * tc * o * (1 - o);
                            dc[k] = dcT * f;
                        }
                        case GRU -> {
                            double r = a[row + j];
                            double z = a[row + hidden + j];
                            double cand = a[row + 2 * hidden + j];
                            double dnPre = dh[k] * (1 - z) * (1 - cand * cand);
                            double drPre = dnPre * nh[k] * r * (1 - r);
                            double dzPre = dh[k] * (prev[k] - cand) * z * (1 - z);
                            dxs[row + j] = drPre;
                            dxs[row + hidden + j] = dzPre;
                            dxs[row + 2 * hidden + j] = dnPre;
                            dhs[row + j] = drPre;
                            dhs[row + hidden + j] = dzPre;
                            dhs[row + 2 * hidden + j] = dnPre * r;
                            dh[k] *= z; // the direct path h -> h', added to dhFromNext below
                        }
                    }
                }
            }
            push(dxs, dX, t * batch * width, batch * width);
            if (gru) {
                push(dhs, dHg, t * batch * width, batch * width);
            }
            if (step > 0 || need[1]) {
                gemm(backend, false, false, batch, hidden, width, dHg, t * batch * width, width, w, 0, hidden, 0,
                        dhFromNext, 0, hidden);
                if (gru) {
                    pull(dhFromNext, 0, next, cells);
                    for (int k = 0; k < cells; k++) {
                        next[k] += dh[k];
                    }
                    push(next, dhFromNext, 0, cells);
                }
            }
        }
        DenseArray[] grads = new DenseArray[5];
        grads[0] = need[0] ? dX : null;
        grads[1] = need[1] ? dhFromNext : null;
        if (lstm && need[2]) {
            grads[2] = DenseArray.zeros(dtype, Shape.of(batch, hidden));
            push(dc, grads[2], 0, cells);
        }
        if (need[3]) {
            grads[3] = weightGradient(backend, dHg, out, h0c, steps, batch, hidden, width, reverse);
        }
        if (need[4]) {
            double[] sums = new double[width];
            double[] rowValues = new double[width];
            for (int r = 0; r < steps * batch; r++) {
                pull(dHg, r * width, rowValues, width);
                for (int j = 0; j < width; j++) {
                    sums[j] += rowValues[j];
                }
            }
            grads[4] = DenseArray.zeros(dtype, Shape.of(width));
            push(sums, grads[4], 0, width);
        }
        return grads;
    }

    /**
     * {@code sum_t dHg[t]^T h_prev(t)} as two GEMMs: the steps whose previous state is an output (one contiguous run
     * of them) and the one that starts from {@code h0}.
     */
    private static DenseArray weightGradient(Backend backend, StridedArray dHg, StridedArray out, StridedArray h0,
            int steps, int batch, int hidden, int width, boolean reverse) {
        DenseArray dW = DenseArray.zeros(dHg.dtype(), Shape.of(width, hidden));
        int rows = (steps - 1) * batch;
        int first = reverse ? steps - 1 : 0; // the step that reads h0
        if (rows > 0) {
            // forward: steps 1..L-1 read outputs 0..L-2; reverse: steps 0..L-2 read outputs 1..L-1
            int gradAt = reverse ? 0 : batch * width;
            int stateAt = reverse ? batch * hidden : 0;
            gemm(backend, true, false, width, hidden, rows, dHg, gradAt, width, out, stateAt, hidden, 0, dW, 0, hidden);
        }
        gemm(backend, true, false, width, hidden, batch, dHg, first * batch * width, width, h0, 0, hidden,
                rows > 0 ? 1 : 0, dW, 0, hidden);
        return dW;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * tanh; for float32 results through one {@code exp} ({@code 1 - 2 / (e^2x + 1)}, absolute error about 1e-16, far
     * below float32's resolution), which costs about half of {@link Math#tanh}, the accurate one float64 keeps.
     */
    private static double tanh(boolean fast, double x) {
        return fast ? 1 - 2 / (Math.exp(2 * x) + 1) : Math.tanh(x);
    }

    /** {@code C = A B + beta C} on contiguous arrays, offsets in elements from each array's start. */
    private static void gemm(Backend backend, boolean transA, boolean transB, int m, int n, int k, StridedArray a,
            int offA, int lda, StridedArray b, int offB, int ldb, double beta, StridedArray c, int offC, int ldc) {
        if (c.dtype() == DType.FLOAT32) {
            backend.sgemm(transA, transB, m, n, k, 1f, a.storage().floats(), a.offset() + offA, lda,
                    b.storage().floats(), b.offset() + offB, ldb, (float) beta, c.storage().floats(), c.offset() + offC,
                    ldc);
        } else {
            backend.dgemm(transA, transB, m, n, k, 1.0, a.storage().doubles(), a.offset() + offA, lda,
                    b.storage().doubles(), b.offset() + offB, ldb, beta, c.storage().doubles(), c.offset() + offC, ldc);
        }
    }

    /** {@code n} elements of a contiguous tensor from element {@code at} into {@code dst}, as doubles. */
    private static void pull(StridedArray t, int at, double[] dst, int n) {
        Storage s = t.storage();
        int o = t.offset() + at;
        if (s.dtype() == DType.FLOAT32) {
            float[] v = s.floats();
            for (int i = 0; i < n; i++) {
                dst[i] = v[o + i];
            }
        } else {
            System.arraycopy(s.doubles(), o, dst, 0, n);
        }
    }

    /**
     * {@code n} values into a contiguous tensor from element {@code at}, rounded to its dtype; the rounded values are
     * written back to {@code src}, so that a state carried on in double equals the stored one.
     */
    private static void push(double[] src, StridedArray t, int at, int n) {
        Storage s = t.storage();
        int o = t.offset() + at;
        if (s.dtype() == DType.FLOAT32) {
            float[] v = s.floats();
            for (int i = 0; i < n; i++) {
                float f = (float) src[i];
                v[o + i] = f;
                src[i] = f;
            }
        } else {
            System.arraycopy(src, 0, s.doubles(), o, n);
        }
    }
}
