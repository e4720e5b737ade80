package org.backprop4j.array.internal;

import static org.backprop4j.array.internal.RecurrentMath.gemm;
import static org.backprop4j.array.internal.RecurrentMath.pull;
import static org.backprop4j.array.internal.RecurrentMath.push;
import static org.backprop4j.array.internal.RecurrentMath.sigmoid;
import static org.backprop4j.array.internal.RecurrentMath.tanh;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.StridedArray;
import org.backprop4j.backend.Backend;

/**
 * The time loops of the recurrent op family ({@code ops.Recurrent}) over arrays: per step one GEMM through the
 * {@link Backend} ({@code h W_hh^T} forward, {@code dG W_hh} backward), one more for an LSTM projection
 * ({@code h W_hr^T} forward, {@code dR W_hr} backward), and one pass over the gates for the cell's elementwise math
 * (in double, rounded once when stored), writing straight into the sequence-sized outputs; after the backward loop
 * one GEMM gives {@code W_hh}'s gradient over all steps (and one {@code W_hr}'s). This is the path of every forward
 * and of every backward that is not recorded; the tensor-op formulation in {@code ops} serves recorded backwards
 * (higher-order gradients), and the two are checked against each other and against finite differences.
 * <p>
 * Packed (variable-length) sequences: with {@code batchSizes}, step {@code t} updates only the first
 * {@code batchSizes[t]} rows (the sequences are sorted by decreasing length); the other rows carry their state on
 * unchanged, so each row ends with the state of its own last step (reading forwards) or starts from its initial
 * state at its own last step (reading backwards), and their gradients pass through unchanged. Inputs are contiguous
 * (the caller makes them so); results are new contiguous arrays.
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

    /**
     * What the forward computes and the backward reads: {@code out [L, N, S]}, each step's recurrent state (R wide:
     * the hidden state, or its projection) followed, for LSTM, by its cell state (H wide); the activated gates
     * {@code [L, N, G*H]} (LSTM, GRU); GRU's {@code h W_hn^T + b_hn [L, N, H]}; the hidden states before an LSTM
     * projection {@code [L, N, H]}. Null where the cell has none.
     */
    public record Forward(StridedArray out, StridedArray gates, StridedArray hiddenN, StridedArray hidden) {
    }

    private RecurrentKernels() {
    }

    /**
     * The forward over all steps: {@code xw [L, N, G*H]} (the input projections with their bias), {@code h0 [N, R]},
     * {@code c0 [N, H]} (LSTM), {@code wHhT} the transposed recurrent weights {@code [R, G*H]}, {@code bHh [G*H]} or
     * null, {@code wHrT} the transposed projection {@code [H, R]} or null, {@code batchSizes} (one per step) or null
     * for all rows; all contiguous.
     */
    public static Forward forward(Cell kind, StridedArray xw, StridedArray h0, StridedArray c0, StridedArray wHhT,
            StridedArray bHh, StridedArray wHrT, int[] batchSizes, boolean reverse) {
        DType dtype = xw.dtype();
        int steps = xw.size(0);
        int batch = xw.size(1);
        int width = xw.size(2);
        int hidden = width / kind.gates();
        int state = h0.size(1);
        boolean lstm = kind == Cell.LSTM;
        boolean gru = kind == Cell.GRU;
        boolean projected = wHrT != null;
        int row = lstm ? state + hidden : state;
        boolean fast = dtype == DType.FLOAT32;
        Backend backend = Backend.current();
        double[] bias = bHh == null ? new double[width] : bHh.toDoubleArray();
        DenseArray out = DenseArray.zeros(dtype, Shape.of(steps, batch, row));
        DenseArray gates = lstm || gru ? DenseArray.zeros(dtype, Shape.of(steps, batch, width)) : null;
        DenseArray hiddenN = gru ? DenseArray.zeros(dtype, Shape.of(steps, batch, hidden)) : null;
        DenseArray beforeProjection = projected ? DenseArray.zeros(dtype, Shape.of(steps, batch, hidden)) : null;
        // each step's h W_hh^T goes to a [N, G*H] scratch array, then is combined with xw and b_hh in double
        DenseArray product = DenseArray.zeros(dtype, Shape.of(batch, width));
        double[] pre = new double[batch * width];
        double[] xs = new double[batch * width];
        double[] hPrev = new double[batch * state];
        double[] hNew = new double[batch * state];
        double[] cPrev = new double[batch * hidden];
        double[] cNew = new double[batch * hidden];
        double[] cell = new double[batch * hidden];
        double[] nh = new double[batch * hidden];
        pull(h0, 0, state, batch, state, hPrev);
        if (lstm) {
            pull(c0, 0, hidden, batch, hidden, cPrev);
        }
        StridedArray prevArray = h0;
        int prevAt = 0;
        int prevLd = state;
        for (int step = 0; step < steps; step++) {
            int t = reverse ? steps - 1 - step : step;
            int active = batchSizes == null ? batch : batchSizes[t];
            gemm(backend, false, false, active, width, state, prevArray, prevAt, prevLd, wHhT, 0, width, 0, product,
                    0, width);
            pull(product, 0, width, active, width, pre);
            pull(xw, t * batch * width, width, active, width, xs);
            if (lstm && fast) {
                lstmGatesFloat(active, hidden, width, pre, bias, xs, cPrev, cNew, cell);
            } else {
                for (int n = 0; n < active; n++) {
                    int r = n * width;
                    for (int j = 0; j < hidden; j++) {
                        int k = n * hidden + j;
                        switch (kind) {
                            case TANH -> cell[k] = tanh(fast, pre[r + j] + bias[j] + xs[r + j]);
                            case RELU -> cell[k] = Math.max(pre[r + j] + bias[j] + xs[r + j], 0);
                            case LSTM -> {
                                int h = hidden;
                                double i = sigmoid(pre[r + j] + bias[j] + xs[r + j]);
                                double f = sigmoid(pre[r + h + j] + bias[h + j] + xs[r + h + j]);
                                double g = tanh(fast, pre[r + 2 * h + j] + bias[2 * h + j] + xs[r + 2 * h + j]);
                                double o = sigmoid(pre[r + 3 * h + j] + bias[3 * h + j] + xs[r + 3 * h + j]);
                                cNew[k] = f * cPrev[k] + i * g;
                                cell[k] = o * tanh(fast, cNew[k]);
                                pre[r + j] = i;
                                pre[r + h + j] = f;
                                pre[r + 2 * h + j] = g;
                                pre[r + 3 * h + j] = o;
                            }
                            case GRU -> {
                                int h = hidden;
                                double rg = sigmoid(pre[r + j] + bias[j] + xs[r + j]);
                                double z = sigmoid(pre[r + h + j] + bias[h + j] + xs[r + h + j]);
                                nh[k] = pre[r + 2 * h + j] + bias[2 * h + j];
                                double cand = tanh(fast, xs[r + 2 * h + j] + rg * nh[k]);
                                cell[k] = (hPrev[k] - cand) * z + cand;
                                pre[r + j] = rg;
                                pre[r + h + j] = z;
                                pre[r + 2 * h + j] = cand;
                            }
                        }
                    }
                }
            }
            int at = t * batch * row;
            if (projected) {
                push(cell, beforeProjection, t * batch * hidden, hidden, active, hidden);
                gemm(backend, false, false, active, state, hidden, beforeProjection, t * batch * hidden, hidden,
                        wHrT, 0, state, 0, out, at, row);
                pull(out, at, row, active, state, hNew);
            } else {
                System.arraycopy(cell, 0, hNew, 0, active * state);
            }
            // rows past the active ones carry their state on
            System.arraycopy(hPrev, active * state, hNew, active * state, (batch - active) * state);
            push(hNew, out, at, row, batch, state);
            if (lstm) {
                System.arraycopy(cPrev, active * hidden, cNew, active * hidden, (batch - active) * hidden);
                push(cNew, out, at + state, row, batch, hidden);
                push(pre, gates, t * batch * width, width, active, width);
            }
            if (gru) {
                push(pre, gates, t * batch * width, width, active, width);
                push(nh, hiddenN, t * batch * hidden, hidden, active, hidden);
            }
            double[] swap = hPrev;
            hPrev = hNew;
            hNew = swap;
            swap = cPrev;
            cPrev = cNew;
            cNew = swap;
            prevArray = out;
            prevAt = at;
            prevLd = row;
        }
        return new Forward(out, gates, hiddenN, beforeProjection);
    }

    /**
     * One LSTM step's backward gate math for rows {@code 0..active}: {@code tanh(c)} first (into {@code tc}) as the
     * forward took it, for float32 a run at a time through {@link GateMath}, then the gate gradients in one loop per
     * row that C2 vectorizes (the general loop's per-element switch over the cell kind and scalar {@code exp} were 9%
     * of a step).
     */
    private static void lstmGrad(boolean fast, int active, int hidden, int width, double[] a, double[] current,
            double[] prev, double[] dCt, double[] dh, double[] tc, double[] dxs, double[] dC) {
        int h = hidden;
        if (fast) {
            System.arraycopy(current, 0, tc, 0, active * h);
            GateMath.tanh(tc, 0, active * h);
        } else {
            for (int k = 0; k < active * h; k++) {
                tc[k] = tanh(false, current[k]);
            }
        }
        for (int n = 0; n < active; n++) {
            int r = n * width;
            int k0 = n * h;
            for (int j = 0; j < h; j++) {
                int k = k0 + j;
                double i = a[r + j];
                double f = a[r + h + j];
                double gg = a[r + 2 * h + j];
                double o = a[r + 3 * h + j];
                double t = tc[k];
                double dcT = dCt[k] + dh[k] * o * (1 - t * t);
                dxs[r + j] = dcT * gg * i * (1 - i);
                dxs[r + h + j] = dcT * prev[k] * f * (1 - f);
                dxs[r + 2 * h + j] = dcT * i * (1 - gg * gg);
                dxs[r + 3 * h + j] = dh[k] * t * o * (1 - o);
                dC[k] = dcT * f;
            }
        }
    }

    /**
     * One float32 LSTM step's gate math for rows {@code 0..active}: the gates {@code i, f, g, o} (left in {@code pre}),
     * the new cell state {@code cNew} and {@code cell = o tanh(cNew)}, the same formulas as the general loop but with
     * the preactivations summed first and the sigmoid and tanh applied a run of H at a time, which the Vector API
     * does several lanes at once ({@link GateMath}); the scalar {@code exp} was a third of an LSTM training step.
     */
    private static void lstmGatesFloat(int active, int hidden, int width, double[] pre, double[] bias, double[] xs,
            double[] cPrev, double[] cNew, double[] cell) {
        int h = hidden;
        for (int n = 0; n < active; n++) {
            int r = n * width;
            for (int j = 0; j < width; j++) {
                pre[r + j] = pre[r + j] + bias[j] + xs[r + j];   // the general loop's order of additions
            }
            GateMath.sigmoid(pre, r, 2 * h);            // i, f
            GateMath.tanh(pre, r + 2 * h, h);           // g
            GateMath.sigmoid(pre, r + 3 * h, h);        // o
            int k0 = n * h;
            for (int j = 0; j < h; j++) {
                cNew[k0 + j] = pre[r + h + j] * cPrev[k0 + j] + pre[r + j] * pre[r + 2 * h + j];
                cell[k0 + j] = cNew[k0 + j];
            }
            GateMath.tanh(cell, k0, h);
            for (int j = 0; j < h; j++) {
                cell[k0 + j] *= pre[r + 3 * h + j];
            }
        }
    }

    /**
     * Backpropagation through time, from the gradient {@code g [L, N, S]} of the forward's {@code out} and what the
     * forward kept ({@code saved}); {@code wHh [G*H, R]} and {@code wHr [R, H]} (or null) untransposed, every input
     * contiguous. {@code need} says which of xw, h0, c0, wHh, bHh, wHr want a gradient; returns one per input, null
     * where not needed.
     */
    public static DenseArray[] backward(Cell kind, StridedArray g, boolean[] need, StridedArray h0, StridedArray c0,
            StridedArray wHh, StridedArray wHr, Forward saved, int[] batchSizes, boolean reverse) {
        DType dtype = g.dtype();
        boolean lstm = kind == Cell.LSTM;
        boolean gru = kind == Cell.GRU;
        boolean projected = wHr != null;
        StridedArray out = saved.out();
        int steps = out.size(0);
        int batch = out.size(1);
        int row = out.size(2);
        int state = h0.size(1);
        int width = wHh.size(0);
        int hidden = width / kind.gates();
        boolean fast = dtype == DType.FLOAT32;
        Backend backend = Backend.current();
        DenseArray dX = DenseArray.zeros(dtype, Shape.of(steps, batch, width));
        DenseArray dHg = gru ? DenseArray.zeros(dtype, Shape.of(steps, batch, width)) : dX;
        DenseArray dHr = projected ? DenseArray.zeros(dtype, Shape.of(steps, batch, state)) : null;
        DenseArray toPrevious = DenseArray.zeros(dtype, Shape.of(batch, state));
        DenseArray toHidden = projected ? DenseArray.zeros(dtype, Shape.of(batch, hidden)) : null;
        double[] dR = new double[batch * state];
        double[] dOut = new double[batch * state];
        double[] dC = new double[batch * hidden];
        double[] dCt = new double[batch * hidden];
        double[] dh = new double[batch * hidden];
        double[] current = new double[batch * hidden];
        double[] prev = new double[batch * hidden];
        double[] nh = new double[batch * hidden];
        double[] a = new double[batch * width];
        double[] dxs = new double[batch * width];
        double[] dhs = gru ? new double[batch * width] : dxs;
        double[] next = new double[batch * state];
        double[] tanhC = lstm ? new double[batch * hidden] : null;
        for (int step = steps - 1; step >= 0; step--) {
            int t = reverse ? steps - 1 - step : step;
            int tPrev = reverse ? t + 1 : t - 1;
            int active = batchSizes == null ? batch : batchSizes[t];
            int at = t * batch * row;
            int prevAt = tPrev * batch * row;
            pull(g, at, row, batch, state, dOut);
            for (int k = 0; k < dOut.length; k++) {
                dOut[k] += dR[k];
            }
            if (lstm) {
                pull(g, at + state, row, batch, hidden, dCt);
                for (int k = 0; k < dCt.length; k++) {
                    dCt[k] += dC[k];
                }
            }
            if (projected) {
                push(dOut, dHr, t * batch * state, state, active, state);
                gemm(backend, false, false, active, hidden, state, dHr, t * batch * state, state, wHr, 0, hidden, 0,
                        toHidden, 0, hidden);
                pull(toHidden, 0, hidden, active, hidden, dh);
            } else {
                System.arraycopy(dOut, 0, dh, 0, active * hidden);
            }
            switch (kind) {
                case TANH, RELU -> pull(out, at, row, active, hidden, current);
                case LSTM -> {
                    pull(out, at + state, row, active, hidden, current);
                    if (step == 0) {
                        pull(c0, 0, hidden, active, hidden, prev);
                    } else {
                        pull(out, prevAt + state, row, active, hidden, prev);
                    }
                }
                case GRU -> {
                    if (step == 0) {
                        pull(h0, 0, state, active, hidden, prev);
                    } else {
                        pull(out, prevAt, row, active, hidden, prev);
                    }
                    pull(saved.hiddenN(), t * batch * hidden, hidden, active, hidden, nh);
                }
            }
            if (lstm || gru) {
                pull(saved.gates(), t * batch * width, width, active, width, a);
            }
            if (lstm) {
                lstmGrad(fast, active, hidden, width, a, current, prev, dCt, dh, tanhC, dxs, dC);
            }
            for (int n = 0; n < (lstm ? 0 : active); n++) {   // the other cells' gate math (the LSTM's: lstmGrad)
                int r = n * width;
                for (int j = 0; j < hidden; j++) {
                    int k = n * hidden + j;
                    int h = hidden;
                    switch (kind) {
                        case TANH -> dxs[r + j] = dh[k] * (1 - current[k] * current[k]);
                        case RELU -> dxs[r + j] = current[k] > 0 ? dh[k] : 0;
                        case GRU -> {
                            double rg = a[r + j];
                            double z = a[r + h + j];
                            double cand = a[r + 2 * h + j];
                            double dnPre = dh[k] * (1 - z) * (1 - cand * cand);
                            double drPre = dnPre * nh[k] * rg * (1 - rg);
                            double dzPre = dh[k] * (prev[k] - cand) * z * (1 - z);
                            dxs[r + j] = drPre;
                            dxs[r + h + j] = dzPre;
                            dxs[r + 2 * h + j] = dnPre;
                            dhs[r + j] = drPre;
                            dhs[r + h + j] = dzPre;
                            dhs[r + 2 * h + j] = dnPre * rg;
                            dh[k] *= z; // the direct path h -> h', added to the previous state's gradient below
                        }
                    }
                }
            }
            push(dxs, dX, t * batch * width, width, active, width);
            if (gru) {
                push(dhs, dHg, t * batch * width, width, active, width);
            }
            if (step > 0 || need[1]) {
                gemm(backend, false, false, active, state, width, dHg, t * batch * width, width, wHh, 0, state, 0,
                        toPrevious, 0, state);
                pull(toPrevious, 0, state, active, state, next);
                if (gru) {
                    for (int k = 0; k < active * state; k++) {
                        next[k] += dh[k];
                    }
                }
                System.arraycopy(next, 0, dR, 0, active * state);
            }
            // rows past the active ones passed their state on unchanged, and so pass its gradient back
            System.arraycopy(dOut, active * state, dR, active * state, (batch - active) * state);
            if (lstm) {
                System.arraycopy(dCt, active * hidden, dC, active * hidden, (batch - active) * hidden);
            }
        }
        DenseArray[] grads = new DenseArray[6];
        grads[0] = need[0] ? dX : null;
        grads[1] = need[1] ? filled(dtype, dR, Shape.of(batch, state), batch, state) : null;
        grads[2] = lstm && need[2] ? filled(dtype, dC, Shape.of(batch, hidden), batch, hidden) : null;
        if (need[3]) {
            grads[3] = weightGradient(backend, dHg, out, h0, steps, batch, state, width, row, reverse);
        }
        if (need[4]) {
            double[] sums = new double[width];
            double[] rowValues = new double[width];
            for (int r = 0; r < steps * batch; r++) {
                pull(dHg, r * width, width, 1, width, rowValues);
                for (int j = 0; j < width; j++) {
                    sums[j] += rowValues[j];
                }
            }
            grads[4] = filled(dtype, sums, Shape.of(width), 1, width);
        }
        if (projected && need[5]) {
            grads[5] = DenseArray.zeros(dtype, Shape.of(state, hidden));
            gemm(backend, true, false, state, hidden, steps * batch, dHr, 0, state, saved.hidden(), 0, hidden, 0,
                    grads[5], 0, hidden);
        }
        return grads;
    }

    /** A new array of {@code shape} holding {@code rows * cols} values. */
    private static DenseArray filled(DType dtype, double[] values, Shape shape, int rows, int cols) {
        DenseArray a = DenseArray.zeros(dtype, shape);
        push(values, a, 0, cols, rows, cols);
        return a;
    }

    /**
     * {@code sum_t dHg[t]^T h_prev(t)} as two GEMMs: the steps whose previous state is an output (one run of rows of
     * {@code out}, {@code row} apart) and the one that starts from {@code h0}.
     */
    private static DenseArray weightGradient(Backend backend, StridedArray dHg, StridedArray out, StridedArray h0,
            int steps, int batch, int state, int width, int row, boolean reverse) {
        DenseArray dW = DenseArray.zeros(dHg.dtype(), Shape.of(width, state));
        int rows = (steps - 1) * batch;
        int first = reverse ? steps - 1 : 0; // the step that reads h0
        if (rows > 0) {
            // forward: steps 1..L-1 read outputs 0..L-2; reverse: steps 0..L-2 read outputs 1..L-1
            int gradAt = reverse ? 0 : batch * width;
            int stateAt = reverse ? batch * row : 0;
            gemm(backend, true, false, width, state, rows, dHg, gradAt, width, out, stateAt, row, 0, dW, 0, state);
        }
        gemm(backend, true, false, width, state, batch, dHg, first * batch * width, width, h0, 0, state,
                rows > 0 ? 1 : 0, dW, 0, state);
        return dW;
    }
}
