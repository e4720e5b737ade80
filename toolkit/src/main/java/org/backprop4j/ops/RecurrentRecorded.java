package org.backprop4j.ops;

import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.autograd.BackwardContext;
import org.backprop4j.tensor.Tensor;

/**
 * The recurrences of {@link Recurrent} written with tensor ops, for a backward that is itself recorded
 * ({@code createGraph}): the states are recomputed from the saved inputs on the graph and backpropagation through
 * time is spelt out with tensor ops, so that the gradient is a differentiable function of the inputs and of the
 * incoming gradient. (Its slices of {@code xw} cost time quadratic in the length, which only higher-order gradients
 * pay.) Rows past a step's batch size (packed sequences) take the previous state with {@code where}, as the kernels
 * carry it.
 */
final class RecurrentRecorded {
    private RecurrentRecorded() {
    }

    /** What the forward keeps per step, by time: states, cell states, gates, GRU's hidden part, cell outputs. */
    private record Steps(Tensor[] h, Tensor[] c, Tensor[] gates, Tensor[] hiddenN, Tensor[] cellOut) {
    }

    private static int time(int step, int steps, boolean reverse) {
        return reverse ? steps - 1 - step : step;
    }

    /** A bool {@code [N, 1]} that is true for the rows step {@code t} updates; null when it updates all. */
    private static Tensor active(int[] batchSizes, int t, int batch) {
        if (batchSizes == null || batchSizes[t] == batch) {
            return null;
        }
        boolean[] m = new boolean[batch];
        Arrays.fill(m, 0, batchSizes[t], true);
        return Tensor.of(m).reshape(batch, 1);
    }

    private static Tensor keep(Tensor mask, Tensor updated, Tensor previous) {
        return mask == null ? updated : Tensor.where(mask, updated, previous);
    }

    private static Steps run(Cell kind, Tensor xw, Tensor h0, Tensor c0, Tensor wHh, Tensor bHh, Tensor wHr,
            int[] batchSizes, boolean reverse) {
        int steps = xw.size(0);
        int batch = xw.size(1);
        int hidden = xw.size(2) / kind.gates();
        Steps s = new Steps(new Tensor[steps], new Tensor[steps], new Tensor[steps], new Tensor[steps],
                new Tensor[steps]);
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
            Tensor cellOut;
            switch (kind) {
                case TANH, RELU -> {
                    Tensor pre = hg.add(x);
                    cellOut = kind == Cell.TANH ? pre.tanh() : pre.relu();
                }
                case LSTM -> {
                    Tensor pre = hg.add(x);
                    Tensor i = gate(pre, 0, hidden).sigmoid();
                    Tensor f = gate(pre, 1, hidden).sigmoid();
                    Tensor g = gate(pre, 2, hidden).tanh();
                    Tensor o = gate(pre, 3, hidden).sigmoid();
                    Tensor cNew = f.mul(c).add(i.mul(g));
                    cellOut = o.mul(cNew.tanh());
                    s.gates[t] = Tensor.cat(List.of(i, f, g, o), 1);
                    c = keep(active(batchSizes, t, batch), cNew, c);
                    s.c[t] = c;
                }
                case GRU -> {
                    Tensor r = gate(hg, 0, hidden).add(gate(x, 0, hidden)).sigmoid();
                    Tensor z = gate(hg, 1, hidden).add(gate(x, 1, hidden)).sigmoid();
                    Tensor hn = gate(hg, 2, hidden);
                    Tensor n = gate(x, 2, hidden).add(hn.mul(r)).tanh();
                    cellOut = h.sub(n).mul(z).add(n);
                    s.gates[t] = Tensor.cat(List.of(r, z, n), 1);
                    s.hiddenN[t] = hn;
                }
                default -> throw new IllegalStateException(kind.name());
            }
            s.cellOut[t] = cellOut;
            h = keep(active(batchSizes, t, batch), wHr == null ? cellOut : cellOut.matmul(wHr.t()), h);
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

    /** The gradients of xw, h0, c0, wHh, bHh and wHr (null where not needed) for the op's output gradient {@code g}. */
    static Tensor[] backward(Cell kind, Tensor g, BackwardContext<Tensor> ctx, Tensor xw, Tensor h0, Tensor c0,
            Tensor wHh, Tensor bHh, Tensor wHr, int[] batchSizes, boolean reverse) {
        int steps = xw.size(0);
        int batch = xw.size(1);
        int hidden = xw.size(2) / kind.gates();
        int state = h0.size(1);
        boolean lstm = kind == Cell.LSTM;
        Steps s = run(kind, xw, h0, c0, wHh, bHh, wHr, batchSizes, reverse);
        Tensor gH = lstm ? g.slice(2, 0, state) : g;
        Tensor gC = lstm ? g.slice(2, state, state + hidden) : null;
        Tensor zero = Tensor.scalar(0, g.dtype());
        Tensor[] dX = new Tensor[steps];
        Tensor[] dHg = new Tensor[steps];
        Tensor[] dHr = new Tensor[steps];
        Tensor[] hPrev = new Tensor[steps];
        Tensor dR = null;
        Tensor dC = null;
        boolean needH0 = ctx.needsGrad(1);
        boolean needC0 = lstm && ctx.needsGrad(2);
        for (int step = steps - 1; step >= 0; step--) {
            int t = time(step, steps, reverse);
            Tensor mask = active(batchSizes, t, batch);
            Tensor prevH = step == 0 ? h0 : s.h[time(step - 1, steps, reverse)];
            hPrev[t] = prevH;
            Tensor dOut = dR == null ? gH.select(0, t) : gH.select(0, t).add(dR);
            Tensor dCt = !lstm ? null : dC == null ? gC.select(0, t) : gC.select(0, t).add(dC);
            Tensor dh = dOut;
            if (wHr != null) {
                dHr[t] = keep(mask, dOut, zero);
                dh = dHr[t].matmul(wHr);
            }
            Tensor a = s.gates[t];
            Tensor cPrevGrad = null;
            Tensor direct = null;
            switch (kind) {
                case TANH -> dX[t] = dh.mul(tanhSlope(s.cellOut[t]));
                case RELU -> dX[t] = dh.mul(s.cellOut[t].gt(0).to(dh.dtype()));
                case LSTM -> {
                    Tensor i = gate(a, 0, hidden);
                    Tensor f = gate(a, 1, hidden);
                    Tensor gg = gate(a, 2, hidden);
                    Tensor o = gate(a, 3, hidden);
                    Tensor prevC = step == 0 ? c0 : s.c[time(step - 1, steps, reverse)];
                    Tensor tc = s.c[t].tanh();
                    Tensor dcT = dCt.add(dh.mul(o).mul(tanhSlope(tc)));
                    dX[t] = Tensor.cat(List.of(dcT.mul(gg).mul(sigmoidSlope(i)), dcT.mul(prevC).mul(sigmoidSlope(f)),
                            dcT.mul(i).mul(tanhSlope(gg)), dh.mul(tc).mul(sigmoidSlope(o))), 1);
                    cPrevGrad = dcT.mul(f);
                }
                case GRU -> {
                    Tensor r = gate(a, 0, hidden);
                    Tensor z = gate(a, 1, hidden);
                    Tensor n = gate(a, 2, hidden);
                    Tensor dnPre = dh.mul(z.neg().add(1)).mul(tanhSlope(n));
                    Tensor drPre = dnPre.mul(s.hiddenN[t]).mul(sigmoidSlope(r));
                    Tensor dzPre = dh.mul(prevH.sub(n)).mul(sigmoidSlope(z));
                    dX[t] = Tensor.cat(List.of(drPre, dzPre, dnPre), 1);
                    dHg[t] = keep(mask, Tensor.cat(List.of(drPre, dzPre, dnPre.mul(r)), 1), zero);
                    direct = dh.mul(z);
                }
                default -> throw new IllegalStateException(kind.name());
            }
            dX[t] = keep(mask, dX[t], zero);
            if (dHg[t] == null) {
                dHg[t] = dX[t];
            }
            if (step > 0 || needH0) {
                Tensor back = dHg[t].matmul(wHh);
                dR = keep(mask, direct == null ? back : back.add(direct), dOut);
            }
            if (lstm && (step > 0 || needC0)) {
                dC = keep(mask, cPrevGrad, dCt);
            }
        }
        Tensor[] grads = new Tensor[6];
        Tensor dHgAll = ctx.needsGrad(3) || ctx.needsGrad(4) ? Tensor.stack(Arrays.asList(dHg), 0) : null;
        if (ctx.needsGrad(0)) {
            grads[0] = kind != Cell.GRU && dHgAll != null ? dHgAll : Tensor.stack(Arrays.asList(dX), 0);
        }
        grads[1] = needH0 ? dR : null;
        grads[2] = needC0 ? dC : null;
        int rows = steps * batch;
        if (ctx.needsGrad(3)) {
            Tensor prev = Tensor.stack(Arrays.asList(hPrev), 0).reshape(rows, state);
            grads[3] = dHgAll.reshape(rows, kind.gates() * hidden).t().matmul(prev);
        }
        if (ctx.needsGrad(4)) {
            grads[4] = dHgAll.sum(new int[] {0, 1}, false);
        }
        if (wHr != null && ctx.needsGrad(5)) {
            Tensor outs = Tensor.stack(Arrays.asList(s.cellOut), 0).reshape(rows, hidden);
            grads[5] = Tensor.stack(Arrays.asList(dHr), 0).reshape(rows, state).t().matmul(outs);
        }
        return grads;
    }
}
