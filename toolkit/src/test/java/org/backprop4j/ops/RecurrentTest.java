package org.backprop4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.List;
import java.util.function.Function;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two formulations of {@link Recurrent}'s backward agree: the array kernels (a plain backward) and the tensor ops
 * on recomputed states (a recorded backward, {@code createGraph}), on sequences longer and wider than the gradient
 * checks use; float32 agrees with float64; and bad arguments are named.
 */
class RecurrentTest {
    private static final int L = 7;
    private static final int N = 3;
    private static final int H = 5;

    private static Tensor leaf(Rng r, DType dtype, double scale, int... dims) {
        return Tensor.randn(r, DType.FLOAT64, dims).mul(scale).to(dtype).requiresGrad(true);
    }

    /** Inputs of kind {@code kind}: xw, h0, c0 (or null), wHh, bHh. */
    private static Tensor[] inputs(String kind, DType dtype) {
        int g = switch (kind) {
            case "lstm" -> 4;
            case "gru" -> 3;
            default -> 1;
        };
        Rng r = Rng.seeded(kind.hashCode());
        return new Tensor[] {leaf(r, dtype, 1, L, N, g * H), leaf(r, dtype, 1, N, H),
                kind.equals("lstm") ? leaf(r, dtype, 1, N, H) : null, leaf(r, dtype, 0.4, g * H, H),
                leaf(r, dtype, 0.5, g * H)};
    }

    private static Function<Tensor[], Tensor> op(String kind, boolean reverse) {
        return in -> switch (kind) {
            case "lstm" -> Recurrent.lstm(in[0], in[1], in[2], in[3], in[4], reverse);
            case "gru" -> Recurrent.gru(in[0], in[1], in[3], in[4], reverse);
            case "rnnRelu" -> Recurrent.rnnRelu(in[0], in[1], in[3], in[4], reverse);
            default -> Recurrent.rnnTanh(in[0], in[1], in[3], in[4], reverse);
        };
    }

    private static Tensor[] gradients(Tensor y, Tensor seed, Tensor[] in, boolean createGraph) {
        List<Tensor> leaves = java.util.Arrays.stream(in).filter(t -> t != null).toList();
        return Autograd.grad(List.of(y), List.of(seed), leaves,
                BackwardOptions.DEFAULT.withCreateGraph(createGraph).withRetainGraph(true));
    }

    @ParameterizedTest(name = "{0}, reverse {1}")
    @CsvSource({"lstm, false", "lstm, true", "gru, false", "gru, true", "rnnTanh, false", "rnnTanh, true",
            "rnnRelu, false", "rnnRelu, true"})
    void kernelAndRecordedBackwardsAgree(String kind, boolean reverse) {
        Tensor[] in = inputs(kind, DType.FLOAT64);
        Tensor y = op(kind, reverse).apply(in);
        Tensor seed = Tensor.randn(Rng.seeded(99), DType.FLOAT64, y.shape().toArray());
        Tensor[] plain = gradients(y, seed, in, false);
        Tensor[] recorded = gradients(y, seed, in, true);
        for (int i = 0; i < plain.length; i++) {
            assertThat(recorded[i].requiresGrad()).isTrue();
            assertThat(plain[i]).as("gradient %d", i).isCloseTo(recorded[i], 1e-12, 1e-12);
        }
    }

    /**
     * The general form with packed batch sizes (a sorted batch whose rows stop at different steps) and, for LSTM, a
     * projection: the two backward formulations agree, and every row's final state is its state after its own
     * last step.
     */
    @ParameterizedTest(name = "{0}, projected {1}, reverse {2}")
    @CsvSource({"LSTM, true, false", "LSTM, true, true", "LSTM, false, true", "GRU, false, false",
            "GRU, false, true", "TANH, false, false", "RELU, false, true"})
    void packedAndProjectedBackwardsAgree(Cell cell, boolean projected, boolean reverse) {
        int[] sizes = {3, 3, 2, 2, 2, 1, 1};
        int g = cell.gates();
        int r = projected ? 2 : H;
        Rng rng = Rng.seeded(cell.ordinal() * 4 + (projected ? 2 : 0) + (reverse ? 1 : 0));
        Tensor[] in = {leaf(rng, DType.FLOAT64, 1, L, N, g * H), leaf(rng, DType.FLOAT64, 1, N, r),
                cell == Cell.LSTM ? leaf(rng, DType.FLOAT64, 1, N, H) : null,
                leaf(rng, DType.FLOAT64, 0.4, g * H, r), leaf(rng, DType.FLOAT64, 0.5, g * H),
                projected ? leaf(rng, DType.FLOAT64, 0.6, r, H) : null};
        Tensor y = Recurrent.sequence(cell, in[0], in[1], in[2], in[3], in[4], in[5], sizes, reverse);
        Tensor seed = Tensor.randn(Rng.seeded(97), DType.FLOAT64, y.shape().toArray());
        Tensor[] plain = gradients(y, seed, in, false);
        Tensor[] recorded = gradients(y, seed, in, true);
        for (int i = 0; i < plain.length; i++) {
            assertThat(recorded[i].requiresGrad()).isTrue();
            assertThat(plain[i].allClose(recorded[i], 1e-12, 1e-12)).as("gradient %d", i).isTrue();
        }
        // row 2 has 2 steps, row 0 all 7: run each alone and compare its last state
        for (int row : new int[] {0, 2}) {
            int steps = row == 0 ? L : 2;
            Tensor alone = Recurrent.sequence(cell, in[0].slice(0, 0, steps).slice(1, row, row + 1),
                    in[1].slice(0, row, row + 1), in[2] == null ? null : in[2].slice(0, row, row + 1), in[3], in[4],
                    in[5], null, reverse);
            int last = reverse ? 0 : steps - 1;
            int finalStep = reverse ? 0 : L - 1;
            assertThat(y.select(0, finalStep).select(0, row).allClose(alone.select(0, last).select(0, 0), 1e-12,
                    1e-12)).as("final state of row %d", row).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lstm", "gru", "rnnTanh"})
    void float32AgreesWithFloat64(String kind) {
        Tensor[] in64 = inputs(kind, DType.FLOAT64);
        Tensor[] in32 = new Tensor[in64.length];
        for (int i = 0; i < in64.length; i++) {
            in32[i] = in64[i] == null ? null : in64[i].detach().to(DType.FLOAT32).requiresGrad(true);
        }
        Tensor y64 = op(kind, true).apply(in64);
        Tensor y32 = op(kind, true).apply(in32);
        assertThat(y32.to(DType.FLOAT64)).isCloseTo(y64, 1e-5, 1e-6);
        Tensor seed = Tensor.randn(Rng.seeded(98), DType.FLOAT64, y64.shape().toArray());
        Tensor[] g64 = gradients(y64, seed, in64, false);
        Tensor[] g32 = gradients(y32, seed.to(DType.FLOAT32), in32, false);
        for (int i = 0; i < g64.length; i++) {
            assertThat(g32[i].to(DType.FLOAT64)).as("gradient %d", i).isCloseTo(g64[i], 1e-4, 1e-5);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor[] in = inputs("lstm", DType.FLOAT64);
        assertThatThrownBy(() -> Recurrent.lstm(in[0], in[1], in[2], in[3].t(), in[4], false))
                .hasMessage("lstm: expected xw [L, N, 4*H], h0 and c0 [N, H], wHh [4*H, H] and bHh [4*H] with one N "
                        + "and H, got xw [7, 3, 20], h0 [3, 5], c0 [3, 5], wHh [5, 20], bHh [20]");
        assertThatThrownBy(() -> Recurrent.gru(in[0], in[1], in[3], null, false))
                .hasMessageStartingWith("gru: expected xw [L, N, 3*H], h0 [N, H], wHh [3*H, H] and bHh [3*H]");
        assertThatThrownBy(() -> Recurrent.lstm(in[0], in[1], null, in[3], in[4], false))
                .hasMessage("lstm: expects xw, h0, c0 and wHh (only bHh and wHr may be null)");
        assertThatThrownBy(() -> Recurrent.rnnTanh(in[0].slice(0, 0, 0).slice(2, 0, 5), in[1], in[3].slice(0, 0, 5),
                null, false)).hasMessage("rnnTanh: expected a sequence of at least one step, got xw [0, 3, 5]");
        assertThatThrownBy(() -> Recurrent.rnnTanh(in[0].slice(2, 0, 5), in[1].to(DType.FLOAT32),
                in[3].slice(0, 0, 5), null, false)).hasMessageStartingWith("rnnTanh: dtypes differ: float64");
        assertThatThrownBy(() -> Recurrent.sequence(Cell.LSTM, in[0], in[1], in[2], in[3], in[4], null,
                new int[] {3, 3, 2, 3, 1, 1, 1}, false)).hasMessage("lstm: batchSizes [3, 3, 2, 3, 1, 1, 1] must hold "
                        + "one count per step (7 for xw [7, 3, 20]), each in [1, 3] and none larger than the one "
                        + "before (sequences sorted by decreasing length)");
        assertThatThrownBy(() -> Recurrent.sequence(Cell.LSTM, in[0], in[1].slice(1, 0, 2), in[2], in[3].slice(1, 0, 2),
                in[4], Tensor.zeros(DType.FLOAT64, 3, 5), null, false)).hasMessage("lstm: expected xw [L, N, 4*H], "
                        + "h0 [N, R], c0 [N, H], wHh [4*H, R], bHh [4*H] and wHr [R, H] with one N, H and R (the "
                        + "projection size), got xw [7, 3, 20], h0 [3, 2], c0 [3, 5], wHh [20, 2], bHh [20], wHr "
                        + "[3, 5]");
        assertThatThrownBy(() -> Recurrent.sequence(Cell.GRU, in[0].slice(2, 0, 15), in[1], null,
                in[3].slice(0, 0, 15), null, Tensor.zeros(DType.FLOAT64, 2, 5), null, false))
                .hasMessage("gru: a projection wHr is only for LSTM");
    }
}
