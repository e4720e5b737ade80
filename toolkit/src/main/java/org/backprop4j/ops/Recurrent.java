package org.backprop4j.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.DenseArray;
import org.backprop4j.array.internal.RecurrentKernels;
import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.autograd.BackwardContext;
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
 * {@code h' = o tanh(c')} with {@code i, f, o} sigmoid and {@code g} tanh of {@code xw[t] + h W_hh^T + b_hh};</li>
 * <li>GRU (Cho et al., 2014), gates {@code r, z, n}: {@code r, z = sigmoid(xw_{r,z} + h W_{h r,z}^T + b_{h r,z})},
 * {@code n = tanh(xw_n + r (h W_hn^T + b_hn))}, {@code h' = (1 - z) n + z h}.</li>
 * </ul>
 * Shapes: {@code xw [L, N, G*H]} (G = 1, 4, 3 gates), {@code h0} and {@code c0 [N, H]}, {@code wHh [G*H, H]},
 * {@code bHh [G*H]} or null. With {@code reverse} the steps run from {@code L-1} down to 0 (the backward direction
 * of a bidirectional layer) and each output stays at its step's position.
 * <p>
 * Fused rather than recorded step by step because each step's slice of {@code xw} would send back a gradient the size
 * of the whole sequence, which costs time quadratic in its length; here {@code xw} gets one gradient tensor and
 * {@code W_hh} its gradient from one matmul over all steps. The forward and the plain backward run as array kernels
 * with one GEMM per step ({@link RecurrentKernels}), measurably faster than a dozen small tensor ops per step; a
 * backward that is itself recorded ({@code createGraph}) runs the same rule written with tensor ops on states
 * recomputed from the saved inputs, so the gradient is differentiable again.
 */
public final class Recurrent {
    private Recurrent() {
    }

    /** Elman RNN with tanh over a sequence; returns the hidden states {@code [L, N, H]}. */
    public static Tensor rnnTanh(Tensor xw, Tensor h0, Tensor wHh, Tensor bHh, boolean reverse) {
        return scan("rnnTanh", Cell.TANH, xw, h0, null, wHh, bHh, reverse);
    }

    /** Elman RNN with relu over a sequence; returns the hidden states {@code [L, N, H]}. */
    public static Tensor rnnRelu(Tensor xw, Tensor h0, Tensor wHh, Tensor bHh, boolean reverse) {
        return scan("rnnRelu", Cell.RELU, xw, h0, null, wHh, bHh, reverse);
    }

    /**
     * LSTM over a sequence; returns {@code [2, L, N, H]}: the hidden states, then the cell states, of every step.
     *
     * @throws IllegalArgumentException if a shape or dtype does not fit (the message names both shapes)
     */
    public static Tensor lstm(Tensor xw, Tensor h0, Tensor c0, Tensor wHh, Tensor bHh, boolean reverse) {
        return scan("lstm", Cell.LSTM, xw, h0, c0, wHh, bHh, reverse);
    }

    /** GRU over a sequence; returns the hidden states {@code [L, N, H]}. */
    public static Tensor gru(Tensor xw, Tensor h0, Tensor wHh, Tensor bHh, boolean reverse) {
        return scan("gru", Cell.GRU, xw, h0, null, wHh, bHh, reverse);
    }

    /** What the forward keeps per step, indexed by time (not by processing order). */
    private record Steps(Tensor[] h, Tensor[] c, Tensor[] gates, Tensor[] hiddenN) {
    }

    private static Tensor scan(String op, Cell kind, Tensor xw, Tensor h0, Tensor c0, Tensor wHh, Tensor bHh,
            boolean reverse) {
        check(op, kind, xw, h0, c0, wHh, bHh);
        RecurrentKernels.Forward f;
        try (Scope _ = GradMode.noGrad()) {
            f = RecurrentKernels.forward(kind, xw.contiguous(), h0.contiguous(), c0 == null ? null : c0.contiguous(),
                    wHh.t().contiguous(), bHh, reverse);
        }
        Tensor out = tensor(f.out());
        Tensor gates = tensor(f.gates());
        Tensor hiddenN = tensor(f.hiddenN());
        // saved: xw, h0, wHh, out, then those that exist of c0, bHh, gates, hiddenN
        List<Tensor> saved = new ArrayList<>(List.of(xw, h0, wHh, out));
        for (Tensor t : new Tensor[] {c0, bHh, gates, hiddenN}) {
            if (t != null) {
                saved.add(t);
            }
        }
        boolean hasBias = bHh != null;
        boolean gated = gates != null;
        return Graph.record(op, out, new Tensor[] {xw, h0, c0, wHh, bHh}, saved.toArray(Tensor[]::new),
                (g, ctx) -> {
                    int at = 4;
                    Tensor c0s = kind == Cell.LSTM ? ctx.saved(at++) : null;
                    Tensor bs = hasBias ? ctx.saved(at++) : null;
                    Tensor gs = gated ? ctx.saved(at++) : null;
                    Tensor ns = kind == Cell.GRU ? ctx.saved(at) : null;
                    if (GradMode.isEnabled()) {
                        return recordedBackward(kind, g, ctx, ctx.saved(0), ctx.saved(1), c0s, ctx.saved(2), bs,
                                reverse);
                    }
                    boolean[] need = new boolean[5];
                    for (int i = 0; i < need.length; i++) {
                        need[i] = ctx.needsGrad(i);
                    }
                    Tensor c0c = c0s == null ? null : c0s.contiguous();
                    DenseArray[] grads = RecurrentKernels.backward(kind, g.contiguous(), need,
                            ctx.saved(1).contiguous(), c0c, ctx.saved(2).contiguous(), ctx.saved(3), gs, ns, reverse);
                    Tensor[] result = new Tensor[grads.length];
                    for (int i = 0; i < grads.length; i++) {
                        result[i] = tensor(grads[i]);
                    }
                    return result;
                });
    }

    /** A kernel's result as a tensor over the same storage; null for null. */
    private static Tensor tensor(DenseArray a) {
        return a == null ? null : Tensor.of(a.storage(), a.shape());
    }

    private static void check(String op, Cell kind, Tensor xw, Tensor h0, Tensor c0, Tensor wHh, Tensor bHh) {
        Check.floating(op, xw);
        if (h0 == null || wHh == null || (kind == Cell.LSTM) != (c0 != null)) {
            throw new IllegalArgumentException(op + ": expects xw, h0" + (kind == Cell.LSTM ? ", c0" : "")
                    + " and wHh (only bHh may be null)");
        }
        if (xw.dim() == 3 && xw.size(0) == 0) {
            throw new IllegalArgumentException(op + ": expected a sequence of at least one step, got xw "
                    + xw.shape());
        }
        int hidden = h0.dim() == 2 ? h0.size(1) : -1;
        int g = kind.gates();
        if (xw.dim() != 3 || h0.dim() != 2 || hidden <= 0 || xw.size(2) != g * hidden || h0.size(0) != xw.size(1)
                || !wHh.shape().equals(Shape.of(g * hidden, hidden))
                || (c0 != null && !c0.shape().equals(h0.shape()))
                || (bHh != null && !bHh.shape().equals(Shape.of(g * hidden)))) {
            throw new IllegalArgumentException(op + ": expected xw [L, N, " + g + "*H], h0 " + (c0 != null ? "and c0 "
                    : "") + "[N, H], wHh [" + g + "*H, H] and bHh [" + g + "*H] with one N and H, got xw " + xw.shape()
                    + ", h0 " + h0.shape() + (c0 != null ? ", c0 " + c0.shape() : "") + ", wHh " + wHh.shape()
                    + ", bHh " + (bHh == null ? "none" : bHh.shape().toString()));
        }
        for (Tensor t : new Tensor[] {h0, c0, wHh, bHh}) {
            if (t != null) {
                Check.sameType(op, xw, t);
            }
        }
    }

    private static int time(int step, int steps, boolean reverse) {
        return reverse ? steps - 1 - step : step;
    }

    /** The forward steps, written with tensor ops so that they record a graph when grad mode is on. */
    private static Steps run(Cell kind, Tensor xw, Tensor h0, Tensor c0, Tensor wHh, Tensor bHh, boolean reverse) {
        int steps = xw.size(0);
        int hidden = h0.size(1);
        Steps s = new Steps(new Tensor[steps], new Tensor[steps], new Tensor[steps], new Tensor[steps]);
        Tensor wT = wHh.t();
        Tensor h = h0;
        Tensor c = c0;
        for (int step = 0; step < steps; step++) {
            int t = time(step, steps, reverse);
            Tensor hg = h.matmul(wT);
            if (bHh != null) {
                hg = hg.add(bHh);
            }
            Tensor x = xw.select(0, t);
            switch (kind) {
                case TANH, RELU -> {
                    Tensor pre = hg.add(x);
                    h = kind == Cell.TANH ? pre.tanh() : pre.relu();
                }
                case LSTM -> {
                    Tensor pre = hg.add(x);
                    Tensor i = gate(pre, 0, hidden).sigmoid();
                    Tensor f = gate(pre, 1, hidden).sigmoid();
                    Tensor g = gate(pre, 2, hidden).tanh();
                    Tensor o = gate(pre, 3, hidden).sigmoid();
                    c = f.mul(c).add(i.mul(g));
                    h = o.mul(c.tanh());
                    s.gates[t] = Tensor.cat(List.of(i, f, g, o), 1);
                    s.c[t] = c;
                }
                case GRU -> {
                    Tensor r = gate(hg, 0, hidden).add(gate(x, 0, hidden)).sigmoid();
                    Tensor z = gate(hg, 1, hidden).add(gate(x, 1, hidden)).sigmoid();
                    Tensor hn = gate(hg, 2, hidden);
                    Tensor n = gate(x, 2, hidden).add(hn.mul(r)).tanh();
                    h = h.sub(n).mul(z).add(n);
                    s.gates[t] = Tensor.cat(List.of(r, z, n), 1);
                    s.hiddenN[t] = hn;
                }
            }
            s.h[t] = h;
        }
        return s;
    }

    private static Tensor gate(Tensor t, int k, int hidden) {
        return t.slice(1, k * hidden, (k + 1) * hidden);
    }

    /** {@code s (1 - s)}, the derivative of the sigmoid from its value. */
    private static Tensor sigmoidSlope(Tensor s) {
        return s.sub(s.square());
    }

    /** {@code 1 - t^2}, the derivative of tanh from its value. */
    private static Tensor tanhSlope(Tensor t) {
        return t.square().neg().add(1);
    }

    /**
     * Backpropagation through time written with tensor ops, for a backward that is itself recorded
     * ({@code createGraph}): the states are recomputed from the saved inputs on the graph, so that the gradient is a
     * differentiable function of the inputs. (Its slices of {@code xw} cost time quadratic in the length, which only
     * higher-order gradients pay.)
     */
    private static Tensor[] recordedBackward(Cell kind, Tensor g, BackwardContext<Tensor> ctx, Tensor xw, Tensor h0,
            Tensor c0, Tensor wHh, Tensor bHh, boolean reverse) {
        int steps = xw.size(0);
        int hidden = h0.size(1);
        Steps s = run(kind, xw, h0, c0, wHh, bHh, reverse);
        Tensor gH = kind == Cell.LSTM ? g.select(0, 0) : g;
        Tensor gC = kind == Cell.LSTM ? g.select(0, 1) : null;
        Tensor[] dX = new Tensor[steps];
        Tensor[] dHg = new Tensor[steps];
        Tensor[] hPrev = new Tensor[steps];
        Tensor dh = null;
        Tensor dc = null;
        boolean needH0 = ctx.needsGrad(1);
        boolean needC0 = kind == Cell.LSTM && ctx.needsGrad(2);
        for (int step = steps - 1; step >= 0; step--) {
            int t = time(step, steps, reverse);
            Tensor prevH = step == 0 ? h0 : s.h[time(step - 1, steps, reverse)];
            hPrev[t] = prevH;
            Tensor dhT = dh == null ? gH.select(0, t) : gH.select(0, t).add(dh);
            Tensor a = s.gates[t];
            switch (kind) {
                case TANH -> dX[t] = dhT.mul(tanhSlope(s.h[t]));
                case RELU -> dX[t] = dhT.mul(s.h[t].gt(0).to(dhT.dtype()));
                case LSTM -> {
                    Tensor i = gate(a, 0, hidden);
                    Tensor f = gate(a, 1, hidden);
                    Tensor gg = gate(a, 2, hidden);
                    Tensor o = gate(a, 3, hidden);
                    Tensor prevC = step == 0 ? c0 : s.c[time(step - 1, steps, reverse)];
                    Tensor tc = s.c[t].tanh();
                    Tensor dcT = gC.select(0, t).add(dhT.mul(o).mul(tanhSlope(tc)));
                    if (dc != null) {
                        dcT = dcT.add(dc);
                    }
                    dX[t] = Tensor.cat(List.of(dcT.mul(gg).mul(sigmoidSlope(i)), dcT.mul(prevC).mul(sigmoidSlope(f)),
                            dcT.mul(i).mul(tanhSlope(gg)), dhT.mul(tc).mul(sigmoidSlope(o))), 1);
                    dc = step > 0 || needC0 ? dcT.mul(f) : null;
                }
                case GRU -> {
                    Tensor r = gate(a, 0, hidden);
                    Tensor z = gate(a, 1, hidden);
                    Tensor n = gate(a, 2, hidden);
                    Tensor dnPre = dhT.mul(z.neg().add(1)).mul(tanhSlope(n));
                    Tensor drPre = dnPre.mul(s.hiddenN[t]).mul(sigmoidSlope(r));
                    Tensor dzPre = dhT.mul(prevH.sub(n)).mul(sigmoidSlope(z));
                    dX[t] = Tensor.cat(List.of(drPre, dzPre, dnPre), 1);
                    dHg[t] = Tensor.cat(List.of(drPre, dzPre, dnPre.mul(r)), 1);
                }
            }
            if (dHg[t] == null) {
                dHg[t] = dX[t];
            }
            if (step > 0 || needH0) {
                dh = dHg[t].matmul(wHh);
                if (kind == Cell.GRU) {
                    dh = dh.add(dhT.mul(gate(a, 1, hidden)));
                }
            }
        }
        Tensor[] grads = new Tensor[5];
        Tensor dHgAll = ctx.needsGrad(3) || ctx.needsGrad(4) ? Tensor.stack(Arrays.asList(dHg), 0) : null;
        grads[0] = ctx.needsGrad(0) ? (kind == Cell.GRU ? Tensor.stack(Arrays.asList(dX), 0)
                : dHgAll != null ? dHgAll : Tensor.stack(Arrays.asList(dX), 0)) : null;
        grads[1] = needH0 ? dh : null;
        grads[2] = needC0 ? dc : null;
        if (ctx.needsGrad(3)) {
            int rows = steps * h0.size(0);
            Tensor prev = Tensor.stack(Arrays.asList(hPrev), 0).reshape(rows, hidden);
            grads[3] = dHgAll.reshape(rows, kind.gates() * hidden).t().matmul(prev);
        }
        if (ctx.needsGrad(4)) {
            grads[4] = dHgAll.sum(new int[] {0, 1}, false);
        }
        return grads;
    }
}
