package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.array.Scope;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.gradcheck.GradCheckOptions;
import org.backprop4j.gradcheck.GradCheckReport;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.testing.Jacobians;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recurrent layers and cells, MultiheadAttention and TransformerEncoderLayer through float64 finite-difference
 * checks of their input and parameter gradients ({@link ModuleCheck}: every output of a call at once), and of second
 * derivatives with respect to the inputs where the layer is smooth. Second derivatives with respect to the weights
 * are checked on the layers' computations with the weights passed as inputs ({@link RNNBase#compute},
 * {@link MultiheadAttention#compute}) and on the recurrence ops in the op catalog ({@code RecurrentCases}).
 */
class SequenceGradCheckTest {
    /** A layer, how to call it (all its outputs, flattened and joined), its inputs, and whether to check twice. */
    record Case(String name, Supplier<Module> layer, Function<Module, Function<Tensor[], Tensor>> forward,
            Function<Rng, Tensor[]> inputs, boolean twice) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Tensor x(Rng r, int... dims) {
        return Tensor.randn(r, DType.FLOAT64, dims).requiresGrad(true);
    }

    private static Tensor[] of(Tensor... t) {
        return t;
    }

    /** The outputs flattened and joined into one tensor, so that one check covers all of them. */
    static Tensor joined(Tensor... outputs) {
        List<Tensor> flat = new ArrayList<>();
        for (Tensor t : outputs) {
            if (t != null) {
                flat.add(t.reshape(-1));
            }
        }
        return Tensor.cat(flat, 0);
    }

    private static Case lstm(String name, Supplier<Module> layer, Function<Rng, Tensor[]> inputs, boolean twice) {
        return new Case(name, layer, m -> in -> {
            LSTM.Output o = ((LSTM) m).forward(in[0], in.length > 1 ? new LSTM.State(in[1], in[2]) : null);
            return joined(o.output(), o.h(), o.c());
        }, inputs, twice);
    }

    private static Case rnn(String name, Supplier<Module> layer, Function<Rng, Tensor[]> inputs, boolean twice) {
        return new Case(name, layer, m -> in -> {
            Tensor h0 = in.length > 1 ? in[1] : null;
            RNNBase.Output o = m instanceof GRU g ? g.forward(in[0], h0) : ((RNN) m).forward(in[0], h0);
            return joined(o.output(), o.h());
        }, inputs, twice);
    }

    private static Case attention(String name, Supplier<Module> layer, boolean self, Tensor kpm, Tensor mask,
            boolean average, Function<Rng, Tensor[]> inputs) {
        return new Case(name, layer, m -> in -> {
            MultiheadAttention.Output o = ((MultiheadAttention) m).forward(in[0], self ? in[0] : in[1],
                    self ? in[0] : in[2], kpm, mask, true, average);
            return joined(o.output(), o.weights());
        }, inputs, true);
    }

    static Stream<Case> cases() {
        Rng dropoutRng = Rng.seeded(5);
        Tensor padding = Tensor.of(false, false, true, false, false, false).reshape(2, 3);
        return Stream.of(
                lstm("LSTM", () -> new LSTM(3, 2), r -> of(x(r, 4, 2, 3)), true),
                lstm("LSTM with initial states", () -> new LSTM(2, 3), r -> of(x(r, 3, 2, 2), x(r, 1, 2, 3),
                        x(r, 1, 2, 3)), true),
                lstm("LSTM two layers, bidirectional, batch-first, with states", () -> new LSTM(2, 2,
                        RNNOptions.DEFAULT.withNumLayers(2).withBidirectional(true).withBatchFirst(true)),
                        r -> of(x(r, 2, 3, 2), x(r, 4, 2, 2), x(r, 4, 2, 2)), true),
                lstm("LSTM unbatched, no bias", () -> new LSTM(2, 3, RNNOptions.DEFAULT.withBias(false)),
                        r -> of(x(r, 4, 2), x(r, 1, 3), x(r, 1, 3)), true),
                // layers start in training mode; the generator is reseeded per call, so every evaluation sees the
                // same dropout masks
                new Case("LSTM two layers with dropout in training (fixed masks)", () -> new LSTM(2, 3,
                        RNNOptions.DEFAULT.withNumLayers(2).withDropout(0.4, dropoutRng)), m -> in -> {
                            dropoutRng.reseed(17);
                            return joined(((LSTM) m).forward(in[0], null).output());
                        }, r -> of(x(r, 3, 2, 2)), true),
                rnn("GRU with initial state", () -> new GRU(2, 3), r -> of(x(r, 3, 2, 2), x(r, 1, 2, 3)), true),
                rnn("GRU two layers, bidirectional", () -> new GRU(3, 2, RNNOptions.DEFAULT.withNumLayers(2)
                        .withBidirectional(true)), r -> of(x(r, 3, 2, 3)), true),
                rnn("GRU unbatched, batch-first ignored", () -> new GRU(2, 2, RNNOptions.DEFAULT.withBatchFirst(true)),
                        r -> of(x(r, 3, 2), x(r, 1, 2)), true),
                rnn("RNN tanh, two layers, with state", () -> new RNN(2, 3, RNNOptions.DEFAULT.withNumLayers(2)),
                        r -> of(x(r, 3, 2, 2), x(r, 2, 2, 3)), true),
                // relu has kinks: first order only (the seeded inputs keep every pre-activation off zero)
                rnn("RNN relu, bidirectional, batch-first", () -> new RNN(2, 3, RNN.Nonlinearity.RELU,
                        RNNOptions.DEFAULT.withBidirectional(true).withBatchFirst(true)), r -> of(x(r, 2, 3, 2)),
                        false),
                new Case("RNNCell tanh", () -> new RNNCell(3, 2), m -> in -> ((RNNCell) m).forward(in[0], in[1]),
                        r -> of(x(r, 2, 3), x(r, 2, 2)), true),
                new Case("RNNCell relu, no bias, unbatched", () -> new RNNCell(3, 2, false, RNN.Nonlinearity.RELU),
                        m -> in -> ((RNNCell) m).forward(in[0], in[1]), r -> of(x(r, 3), x(r, 2)), false),
                new Case("LSTMCell", () -> new LSTMCell(3, 2), m -> in -> {
                    LSTM.State s = ((LSTMCell) m).forward(in[0], new LSTM.State(in[1], in[2]));
                    return joined(s.h(), s.c());
                }, r -> of(x(r, 2, 3), x(r, 2, 2), x(r, 2, 2)), true),
                new Case("GRUCell, two steps", () -> new GRUCell(2, 3), m -> in -> {
                    GRUCell cell = (GRUCell) m;
                    return cell.forward(in[1], cell.forward(in[0], null));
                }, r -> of(x(r, 2, 2), x(r, 2, 2)), true),
                attention("MultiheadAttention self-attention with causal mask and key padding",
                        () -> new MultiheadAttention(4, 2), true, padding, MultiheadAttention.causalMask(3), true,
                        r -> of(x(r, 3, 2, 4))),
                attention("MultiheadAttention cross-attention, kdim and vdim, batch-first, weights per head",
                        () -> new MultiheadAttention(4, 2, AttentionOptions.DEFAULT.withBatchFirst(true)
                                .withKeyValueDims(3, 2)), false, null, null, false,
                        r -> of(x(r, 2, 2, 4), x(r, 2, 3, 3), x(r, 2, 3, 2))),
                attention("MultiheadAttention unbatched with a float mask, no bias",
                        () -> new MultiheadAttention(4, 1, AttentionOptions.DEFAULT.withBias(false)), false, null,
                        Tensor.of(0.0, -1.0, 0.5, 0.2, 0.0, -2.0).reshape(2, 3), true,
                        r -> of(x(r, 2, 4), x(r, 3, 4), x(r, 3, 4))),
                new Case("MultiheadAttention with dropout in training (fixed masks)",
                        () -> new MultiheadAttention(4, 2, AttentionOptions.DEFAULT.withDropout(0.3, dropoutRng)),
                        m -> in -> {
                            dropoutRng.reseed(19);
                            MultiheadAttention.Output o = ((MultiheadAttention) m).forward(in[0], in[0], in[0], null,
                                    null, true, true);
                            return joined(o.output(), o.weights());
                        }, r -> of(x(r, 3, 2, 4)), true),
                new Case("TransformerEncoderLayer post-norm, relu, masks (first order: relu kinks)",
                        () -> new TransformerEncoderLayer(4, 2, TransformerOptions.DEFAULT.withDimFeedforward(6))
                                .eval(),
                        m -> in -> ((TransformerEncoderLayer) m).forward(in[0], MultiheadAttention.causalMask(3),
                                padding), r -> of(x(r, 3, 2, 4)), false),
                new Case("TransformerEncoderLayer pre-norm, gelu, batch-first",
                        () -> new TransformerEncoderLayer(4, 2, TransformerOptions.DEFAULT.withDimFeedforward(5)
                                .withActivation(TransformerOptions.Activation.GELU).withNormFirst(true)
                                .withBatchFirst(true)).eval(),
                        m -> in -> ((TransformerEncoderLayer) m).forward(in[0], null, padding),
                        r -> of(x(r, 2, 3, 4)), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputAndParameterGradientsMatchFiniteDifferences(Case c) {
        Module m;
        Tensor[] inputs;
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            m = c.layer().get();
            m.resetParameters(Rng.seeded(21));
            inputs = c.inputs().apply(Rng.seeded(22));
        }
        ModuleCheck.Reports reports = ModuleCheck.check(m, c.forward().apply(m), c.twice(), inputs);
        reports.assertEveryEntryComparedWithinAtol(m, inputs, c.forward().apply(m).apply(inputs));
    }

    /** Second derivatives of a whole stacked bidirectional LSTM with respect to its input, states and weights. */
    @Test
    void stackedBidirectionalLstmIsTwiceDifferentiableInItsWeights() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            LSTM lstm = new LSTM(2, 2, RNNOptions.DEFAULT.withNumLayers(2).withBidirectional(true));
            lstm.resetParameters(Rng.seeded(31));
            Rng r = Rng.seeded(32);
            List<Tensor> leaves = new ArrayList<>(List.of(x(r, 3, 1, 2), x(r, 4, 1, 2), x(r, 4, 1, 2)));
            lstm.parameters().forEach(p -> leaves.add(p.detach().clone().requiresGrad(true)));
            Function<Tensor[], Tensor> fn = in -> {
                Tensor[] out = RNNBase.compute(Cell.LSTM, 2, lstm.options(), false,
                        Arrays.asList(in).subList(3, in.length), in[0], in[1], in[2], null);
                return joined(out);
            };
            assertEveryEntryWithinAtol("LSTM", fn, leaves.toArray(Tensor[]::new));
        }
    }

    @Test
    void gruAndRnnAreTwiceDifferentiableInTheirWeights() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            for (RNNBase layer : List.of(new GRU(2, 2, RNNOptions.DEFAULT.withBatchFirst(true)), new RNN(2, 3))) {
                layer.resetParameters(Rng.seeded(33));
                Rng r = Rng.seeded(34);
                List<Tensor> leaves = new ArrayList<>(List.of(x(r, 2, 3, 2), x(r, 1, layer instanceof GRU ? 2 : 3,
                        layer.hiddenSize())));
                layer.parameters().forEach(p -> leaves.add(p.detach().clone().requiresGrad(true)));
                Function<Tensor[], Tensor> fn = in -> joined(RNNBase.compute(layer.mode, layer.hiddenSize(),
                        layer.options(), false, Arrays.asList(in).subList(2, in.length), in[0], in[1], null, null));
                assertEveryEntryWithinAtol(layer.toString(), fn, leaves.toArray(Tensor[]::new));
            }
        }
    }

    /** Second derivatives of attention with respect to query, key, value and every projection weight and bias. */
    @Test
    void attentionIsTwiceDifferentiableInItsWeights() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            Rng r = Rng.seeded(41);
            Tensor[] leaves = {x(r, 3, 2, 4), x(r, 2, 2, 4), x(r, 2, 2, 4), x(r, 12, 4), x(r, 12), x(r, 4, 4),
                    x(r, 4)};
            Tensor padding = Tensor.of(false, true, false, false).reshape(2, 2);
            AttentionOptions o = AttentionOptions.DEFAULT;
            Function<Tensor[], Tensor> fn = in -> joined(MultiheadAttention.compute(2, o, false,
                    new MultiheadAttention.Weights(in[3], null, null, null, in[4], in[5], in[6], null, null), in[0],
                    in[1], in[2], padding, null, true, true));
            assertEveryEntryWithinAtol("attention", fn, leaves);
        }
    }

    /**
     * The second-order check of {@code fn} at {@code leaves} (which fails on any entry out of its tolerance) compared
     * every entry, each within the absolute tolerance alone.
     */
    static void assertEveryEntryWithinAtol(String what, Function<Tensor[], Tensor> fn, Tensor[] leaves) {
        GradCheckReport report = GradCheck.checkSecondOrder(fn, leaves);
        assertThat(report.compared()).as("%s: every leaf and output-gradient element against every gradient element",
                what).isEqualTo(Jacobians.secondOrderEntries(leaves, List.of(fn.apply(leaves))));
        assertThat(report.maxAbsDiff()).as("%s: %s", what, report.describe())
                .isLessThanOrEqualTo(GradCheckOptions.DEFAULT.atol());
    }
}
