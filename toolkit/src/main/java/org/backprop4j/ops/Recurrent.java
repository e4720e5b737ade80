package org.backprop4j.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.array.StridedArray;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.DenseArray;
import org.backprop4j.array.internal.RecurrentKernels;
import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;

/**
 * The time loops of recurrent layers, one op per whole sequence: given the input projections of every step,
 * {@code xw[t] = x[t] W_ih^T + b_ih} (computed before, in one matmul), the forward steps through time and the
 * derivative rule steps back (backpropagation through time). Gate layouts are PyTorch's, so weights exchange with it:
 * <ul>
 * <li>RNN: {@code h' = act(xw[t] + h W_hh^T + b_hh)}, act tanh or relu;</li>
 * <li>LSTM (Hochreiter and Schmidhuber, 1997), gates {@code i, f, g, o}: {@code c' = f c + i g},
 * {@code h' = o tanh(c')} with {@code i, f, o} sigmoid and {@code g} tanh of {@code xw[t] + h W_hh^T + b_hh}; with a
 * projection (Sak et al., 2014) the recurrent state is {@code h' W_hr^T};</li>
 * <li>GRU (Cho et al., 2014), gates {@code r, z, n}: {@code r, z = sigmoid(xw_{r,z} + h W_{h r,z}^T + b_{h r,z})},
 * {@code n = tanh(xw_n + r (h W_hn^T + b_hn))}, {@code h' = (1 - z) n + z h}.</li>
 * </ul>
 * Shapes: {@code xw [L, N, G*H]} (G = 1, 4, 3 gates), {@code h0 [N, R]} and {@code c0 [N, H]}, {@code wHh [G*H, R]},
 * {@code bHh [G*H]} or null, {@code wHr [R, H]} (LSTM's projection) or null; R is H without a projection. With
 * {@code reverse} the steps run from {@code L-1} down to 0 (the backward direction of a bidirectional layer) and each
 * output stays at its step's position. With {@code batchSizes} (packed sequences, sorted by decreasing length) step
 * {@code t} updates only the first {@code batchSizes[t]} rows and the others carry their state on, so the last
 * step's state is every sequence's final state.
 * <p>
 * Fused rather than recorded step by step because each step's slice of {@code xw} would send back a gradient the size
 * of the whole sequence, which costs time quadratic in its length; here {@code xw} gets one gradient tensor and
 * {@code W_hh} its gradient from one matmul over all steps. The forward and the plain backward run as array kernels
 * with one GEMM per step ({@link RecurrentKernels}), measurably faster than a dozen small tensor ops per step; a
 * backward that is itself recorded ({@code createGraph}) runs the same rule written with tensor ops on states
 * recomputed from the saved inputs ({@code RecurrentRecorded}), so the gradient is differentiable again.
 */
public final class Recurrent {
    private Recurrent() {
    }

    /** Elman RNN with tanh over a sequence; returns the hidden states {@code [L, N, H]}. */
    public static Tensor rnnTanh(Tensor xw, Tensor h0, Tensor wHh, Tensor bHh, boolean reverse) {
        return sequence(Cell.TANH, xw, h0, null, wHh, bHh, null, null, reverse);
    }

    /** Elman RNN with relu over a sequence; returns the hidden states {@code [L, N, H]}. */
    public static Tensor rnnRelu(Tensor xw, Tensor h0, Tensor wHh, Tensor bHh, boolean reverse) {
        return sequence(Cell.RELU, xw, h0, null, wHh, bHh, null, null, reverse);
    }

    /**
     * LSTM over a sequence; returns {@code [2, L, N, H]}: the hidden states, then the cell states, of every step.
     *
     * @throws IllegalArgumentException if a shape or dtype does not fit (the message names both shapes)
     */
    public static Tensor lstm(Tensor xw, Tensor h0, Tensor c0, Tensor wHh, Tensor bHh, boolean reverse) {
        Tensor states = sequence(Cell.LSTM, xw, h0, c0, wHh, bHh, null, null, reverse);
        return states.reshape(states.size(0), states.size(1), 2, h0.size(1)).permute(2, 0, 1, 3);
    }

    /** GRU over a sequence; returns the hidden states {@code [L, N, H]}. */
    public static Tensor gru(Tensor xw, Tensor h0, Tensor wHh, Tensor bHh, boolean reverse) {
        return sequence(Cell.GRU, xw, h0, null, wHh, bHh, null, null, reverse);
    }

    /**
     * Any cell over a sequence, with an LSTM projection {@code wHr} and packed {@code batchSizes} (either may be
     * null). Returns {@code [L, N, R]}, each step's state, and for LSTM {@code [L, N, R + H]}: each step's state
     * followed by its cell state.
     *
     * @throws IllegalArgumentException if a shape or dtype does not fit, or the batch sizes are not one per step,
     *                                  each in {@code [1, N]}, never increasing
     */
    public static Tensor sequence(Cell cell, Tensor xw, Tensor h0, Tensor c0, Tensor wHh, Tensor bHh, Tensor wHr,
            int[] batchSizes, boolean reverse) {
        int[] sizes = batchSizes == null ? null : batchSizes.clone();
        return switch (cell) {
            case TANH -> scan("rnnTanh", cell, xw, h0, c0, wHh, bHh, wHr, sizes, reverse);
            case RELU -> scan("rnnRelu", cell, xw, h0, c0, wHh, bHh, wHr, sizes, reverse);
            case LSTM -> scan("lstm", cell, xw, h0, c0, wHh, bHh, wHr, sizes, reverse);
            case GRU -> scan("gru", cell, xw, h0, c0, wHh, bHh, wHr, sizes, reverse);
        };
    }

    private static Tensor scan(String op, Cell cell, Tensor xw, Tensor h0, Tensor c0, Tensor wHh, Tensor bHh,
            Tensor wHr, int[] sizes, boolean reverse) {
        check(op, cell, xw, h0, c0, wHh, bHh, wHr, sizes);
        RecurrentKernels.Forward f;
        try (Scope _ = GradMode.noGrad()) {
            f = RecurrentKernels.forward(cell, xw.contiguous(), h0.contiguous(), c0 == null ? null : c0.contiguous(),
                    wHh.t().contiguous(), bHh, wHr == null ? null : wHr.t().contiguous(), sizes, reverse);
        }
        Tensor out = tensor(f.out());
        Tensor gates = tensor(f.gates());
        Tensor hiddenN = tensor(f.hiddenN());
        Tensor hidden = tensor(f.hidden());
        // saved: xw, h0, wHh, out, then those that exist of c0, bHh, wHr, gates, hiddenN, hidden
        List<Tensor> saved = new ArrayList<>(List.of(xw, h0, wHh, out));
        for (Tensor t : new Tensor[] {c0, bHh, wHr, gates, hiddenN, hidden}) {
            if (t != null) {
                saved.add(t);
            }
        }
        boolean[] present = {c0 != null, bHh != null, wHr != null, gates != null, hiddenN != null, hidden != null};
        return Graph.record(op, out, new Tensor[] {xw, h0, c0, wHh, bHh, wHr}, saved.toArray(Tensor[]::new),
                (g, ctx) -> {
                    Tensor[] opt = new Tensor[present.length];
                    int at = 4;
                    for (int i = 0; i < present.length; i++) {
                        opt[i] = present[i] ? ctx.saved(at++) : null;
                    }
                    if (GradMode.isEnabled()) {
                        return RecurrentRecorded.backward(cell, g, ctx, ctx.saved(0), ctx.saved(1), opt[0],
                                ctx.saved(2), opt[1], opt[2], sizes, reverse);
                    }
                    boolean[] need = new boolean[6];
                    for (int i = 0; i < need.length; i++) {
                        need[i] = ctx.needsGrad(i);
                    }
                    RecurrentKernels.Forward kept = new RecurrentKernels.Forward(ctx.saved(3), opt[3], opt[4], opt[5]);
                    DenseArray[] grads = RecurrentKernels.backward(cell, g.contiguous(), need,
                            ctx.saved(1).contiguous(), opt[0] == null ? null : opt[0].contiguous(),
                            ctx.saved(2).contiguous(), opt[2] == null ? null : opt[2].contiguous(), kept, sizes,
                            reverse);
                    Tensor[] result = new Tensor[grads.length];
                    for (int i = 0; i < grads.length; i++) {
                        result[i] = tensor(grads[i]);
                    }
                    return result;
                });
    }

    /** A kernel's result as a tensor over the same storage; null for null. */
    private static Tensor tensor(StridedArray a) {
        return a == null ? null : Tensor.of(a.storage(), a.shape());
    }

    private static void check(String op, Cell kind, Tensor xw, Tensor h0, Tensor c0, Tensor wHh, Tensor bHh,
            Tensor wHr, int[] batchSizes) {
        Check.floating(op, xw);
        boolean lstm = kind == Cell.LSTM;
        if (h0 == null || wHh == null || lstm != (c0 != null)) {
            throw new IllegalArgumentException(op + ": expects xw, h0" + (lstm ? ", c0" : "")
                    + " and wHh (only bHh" + (lstm ? " and wHr" : "") + " may be null)");
        }
        Check.require(wHr == null || lstm, op, () -> "a projection wHr is only for LSTM");
        if (xw.dim() == 3 && xw.size(0) == 0) {
            throw new IllegalArgumentException(op + ": expected a sequence of at least one step, got xw "
                    + xw.shape());
        }
        int g = kind.gates();
        int hidden = wHr != null ? (wHr.dim() == 2 ? wHr.size(1) : -1) : h0.dim() == 2 ? h0.size(1) : -1;
        int state = wHr != null ? (wHr.dim() == 2 ? wHr.size(0) : -1) : hidden;
        if (xw.dim() != 3 || h0.dim() != 2 || hidden <= 0 || state <= 0 || xw.size(2) != g * hidden
                || !h0.shape().equals(Shape.of(xw.size(1), state))
                || !wHh.shape().equals(Shape.of(g * hidden, state))
                || (c0 != null && !c0.shape().equals(Shape.of(xw.size(1), hidden)))
                || (bHh != null && !bHh.shape().equals(Shape.of(g * hidden)))) {
            String got = "got xw " + xw.shape() + ", h0 " + h0.shape() + (c0 != null ? ", c0 " + c0.shape() : "")
                    + ", wHh " + wHh.shape() + ", bHh " + (bHh == null ? "none" : bHh.shape().toString());
            if (wHr != null) {
                throw new IllegalArgumentException(op + ": expected xw [L, N, " + g + "*H], h0 [N, R], c0 [N, H], "
                        + "wHh [" + g + "*H, R], bHh [" + g + "*H] and wHr [R, H] with one N, H and R (the projection "
                        + "size), " + got + ", wHr " + wHr.shape());
            }
            throw new IllegalArgumentException(op + ": expected xw [L, N, " + g + "*H], h0 " + (c0 != null ? "and c0 "
                    : "") + "[N, H], wHh [" + g + "*H, H] and bHh [" + g + "*H] with one N and H, " + got);
        }
        for (Tensor t : new Tensor[] {h0, c0, wHh, bHh, wHr}) {
            if (t != null) {
                Check.sameType(op, xw, t);
            }
        }
        if (batchSizes != null) {
            int steps = xw.size(0);
            int batch = xw.size(1);
            boolean ok = batchSizes.length == steps;
            for (int t = 0; ok && t < steps; t++) {
                ok = batchSizes[t] >= 1 && batchSizes[t] <= batch && (t == 0 || batchSizes[t] <= batchSizes[t - 1]);
            }
            Check.require(ok, op, () -> "batchSizes " + Arrays.toString(batchSizes) + " must hold one count per step "
                    + "(" + steps + " for xw " + xw.shape() + "), each in [1, " + batch + "] and none larger than the "
                    + "one before (sequences sorted by decreasing length)");
        }
    }
}
