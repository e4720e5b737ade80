package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.signedAway;
import static org.backprop4j.gradcheck.Inputs.transposed;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.ops.Recurrent;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * The time loops of recurrent layers ({@link Recurrent}): RNN with tanh and relu, LSTM and GRU, forward and reverse,
 * with and without the hidden bias, at first and second order (the second through the rule's recorded
 * recomputation). Three steps, batch 2, hidden size 3; cases for {@link OpCases}. The layers built on them are
 * checked with their parameters in {@code org.backprop4j.nn}.
 */
final class RecurrentCases {
    private static final int L = 3;
    private static final int N = 2;
    private static final int H = 3;

    private RecurrentCases() {
    }

    static void addTo(OpCases.Catalog c) {
        c.twice("rnnTanh: xw, h0, wHh and bHh", "", in -> Recurrent.rnnTanh(in[0], in[1], in[2], in[3], false),
                r -> of(randn(r, L, N, H), randn(r, N, H), scaled(r, 0.5, H, H), randn(r, H)));
        c.twice("rnnTanh: reverse, no bias, transposed xw and wHh", "",
                in -> Recurrent.rnnTanh(in[0].transpose(0, 1), in[1], in[2], null, true),
                r -> of(randn(r, N, L, H), randn(r, N, H), transposed(scaled(r, 0.5, H, H))));
        // relu: |xw| >= 0.5 while |h W_hh^T + b_hh| stays below 0.3, so no pre-activation comes near the kink
        c.twice("rnnRelu: pre-activations away from the kink", "",
                in -> Recurrent.rnnRelu(in[0], in[1], in[2], in[3], false),
                r -> of(signedAway(r, 0.5, 1.5, L, N, H), randn(r, N, H), scaled(r, 0.02, H, H),
                        scaled(r, 0.02, H)));
        c.twice("rnnRelu: reverse, no bias", "", in -> Recurrent.rnnRelu(in[0], in[1], in[2], null, true),
                r -> of(signedAway(r, 0.5, 1.5, L, N, H), randn(r, N, H), scaled(r, 0.02, H, H)));
        c.twice("lstm: xw, h0, c0, wHh and bHh", "",
                in -> Recurrent.lstm(in[0], in[1], in[2], in[3], in[4], false),
                r -> of(randn(r, L, N, 4 * H), randn(r, N, H), randn(r, N, H), scaled(r, 0.5, 4 * H, H),
                        randn(r, 4 * H)));
        c.twice("lstm: reverse, no bias, only the last cell state used", "",
                in -> Recurrent.lstm(in[0], in[1], in[2], in[3], null, true).select(0, 1).select(0, 0),
                r -> of(randn(r, L, N, 4 * H), randn(r, N, H), randn(r, N, H), scaled(r, 0.5, 4 * H, H)));
        c.twice("gru: xw, h0, wHh and bHh", "", in -> Recurrent.gru(in[0], in[1], in[2], in[3], false),
                r -> of(randn(r, L, N, 3 * H), randn(r, N, H), scaled(r, 0.5, 3 * H, H), randn(r, 3 * H)));
        c.twice("gru: reverse, no bias, expanded h0", "",
                in -> Recurrent.gru(in[0], in[1].expand(N, H), in[2], null, true),
                r -> of(randn(r, L, N, 3 * H), randn(r, 1, H), scaled(r, 0.5, 3 * H, H)));
        packedAndProjected(c);
    }

    /**
     * The general form: packed batch sizes (rows past a step's size carry their state on) and LSTM's projection
     * {@code wHr [R, H]}, alone and together, forward and reverse.
     */
    static void packedAndProjected(OpCases.Catalog c) {
        int[] sizes = {2, 2, 1};
        int r = 2; // projection size
        c.twice("sequence: packed rnnTanh", "", in -> Recurrent.sequence(Cell.TANH, in[0], in[1], null, in[2], in[3],
                null, sizes, false), rng -> of(randn(rng, L, N, H), randn(rng, N, H), scaled(rng, 0.5, H, H),
                        randn(rng, H)));
        c.twice("sequence: packed rnnRelu, reverse, away from the kink", "", in -> Recurrent.sequence(Cell.RELU,
                in[0], in[1], null, in[2], null, null, sizes, true), rng -> of(signedAway(rng, 0.5, 1.5, L, N, H),
                        randn(rng, N, H), scaled(rng, 0.02, H, H)));
        c.twice("sequence: packed lstm, reverse", "", in -> Recurrent.sequence(Cell.LSTM, in[0], in[1], in[2], in[3],
                in[4], null, sizes, true), rng -> of(randn(rng, L, N, 4 * H), randn(rng, N, H), randn(rng, N, H),
                        scaled(rng, 0.5, 4 * H, H), randn(rng, 4 * H)));
        c.twice("sequence: packed gru", "", in -> Recurrent.sequence(Cell.GRU, in[0], in[1], null, in[2], in[3], null,
                sizes, false), rng -> of(randn(rng, L, N, 3 * H), randn(rng, N, H), scaled(rng, 0.5, 3 * H, H),
                        randn(rng, 3 * H)));
        c.twice("sequence: lstm with a projection", "", in -> Recurrent.sequence(Cell.LSTM, in[0], in[1], in[2], in[3],
                in[4], in[5], null, false), rng -> of(randn(rng, L, N, 4 * H), randn(rng, N, r), randn(rng, N, H),
                        scaled(rng, 0.5, 4 * H, r), randn(rng, 4 * H), scaled(rng, 0.7, r, H)));
        c.twice("sequence: packed lstm with a projection, reverse, no bias, transposed wHr", "",
                in -> Recurrent.sequence(Cell.LSTM, in[0], in[1], in[2], in[3], null, in[4].t(), sizes, true),
                rng -> of(randn(rng, L, N, 4 * H), randn(rng, N, r), randn(rng, N, H), scaled(rng, 0.5, 4 * H, r),
                        scaled(rng, 0.7, H, r)));
    }

    private static Tensor scaled(Rng r, double scale, int... dims) {
        return Tensor.randn(r, DType.FLOAT64, dims).mul(scale).requiresGrad(true);
    }
}
