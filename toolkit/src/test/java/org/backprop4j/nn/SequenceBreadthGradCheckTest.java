package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.array.internal.RecurrentKernels.Cell;
import org.backprop4j.ops.BagMode;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layers of issue 17 through float64 finite-difference checks of their input and parameter gradients
 * ({@link ModuleCheck}: every output of a call at once), and of second derivatives with respect to the inputs where the
 * layer is smooth (relu's kinks make a layer first order only). Second derivatives with respect to the weights are
 * checked on the layers' computations with the weights passed as inputs ({@link RNNBase#compute},
 * {@link MultiheadAttention#compute}) and on the ops in the op catalog. Embedding's {@code maxNorm} and
 * {@code scaleGradByFreq} change the gradient on purpose (PyTorch's rules), so they are checked against PyTorch in
 * {@code SequenceGoldenTest} instead.
 */
class SequenceBreadthGradCheckTest {
    private static Tensor x(Rng r, int... dims) {
        return Tensor.randn(r, DType.FLOAT64, dims).requiresGrad(true);
    }

    private static Tensor[] of(Tensor... t) {
        return t;
    }

    static Stream<SequenceGradCheckTest.Case> cases() {
        Rng slopes = Rng.seeded(3);
        Tensor lengths = Tensor.of(2L, 4, 1);
        Tensor padding = Tensor.of(false, false, true, false, false, false).reshape(2, 3);
        TransformerOptions small = TransformerOptions.DEFAULT.withDimFeedforward(6);
        return Stream.of(
                new SequenceGradCheckTest.Case("EmbeddingBag sum with per-sample weights and an empty bag",
                        () -> new EmbeddingBag(6, 3, BagMode.SUM),
                        m -> in -> ((EmbeddingBag) m).forward(Tensor.of(1L, 2, 4, 1, 5), Tensor.of(0L, 2, 2), in[0]),
                        r -> of(x(r, 5)), true),
                new SequenceGradCheckTest.Case("EmbeddingBag mean of [B, L] bags with a padding index",
                        () -> new EmbeddingBag(6, 3, BagMode.MEAN, false, EmbeddingOptions.DEFAULT.withPaddingIdx(0)),
                        m -> in -> ((EmbeddingBag) m).forward(Tensor.of(new long[][] {{1, 0, 3}, {0, 0, 0}, {5, 5, 2}}))
                                .mul(in[0]), r -> of(x(r, 3, 3)), true),
                new SequenceGradCheckTest.Case("EmbeddingBag max (the seeded weights have no ties)",
                        () -> new EmbeddingBag(6, 3, BagMode.MAX),
                        m -> in -> ((EmbeddingBag) m).forward(Tensor.of(new long[][] {{1, 3}, {4, 2}})).mul(in[0]),
                        r -> of(x(r, 2, 3)), true),
                new SequenceGradCheckTest.Case("PReLU, one slope per channel", () -> new PReLU(3, 0.2),
                        m -> in -> m.call(in[0]), r -> of(x(r, 2, 3, 4)), true),
                new SequenceGradCheckTest.Case("RReLU in training (slopes fixed by reseeding)",
                        () -> new RReLU(0.1, 0.4, slopes), m -> in -> {
                            slopes.reseed(11);
                            return m.call(in[0]);
                        }, r -> of(x(r, 3, 4)), true),
                new SequenceGradCheckTest.Case("LSTM with a projection, two layers, bidirectional, with states",
                        () -> new LSTM(3, 4, RNNOptions.DEFAULT.withProjSize(2).withNumLayers(2)
                                .withBidirectional(true)),
                        m -> in -> {
                            LSTM.Output o = ((LSTM) m).forward(in[0], new LSTM.State(in[1], in[2]));
                            return SequenceGradCheckTest.joined(o.output(), o.h(), o.c());
                        }, r -> of(x(r, 3, 2, 3), x(r, 4, 2, 2), x(r, 4, 2, 4)), true),
                new SequenceGradCheckTest.Case("LSTM over a packed, unsorted batch, projected, with states",
                        () -> new LSTM(2, 3, RNNOptions.DEFAULT.withProjSize(2)), m -> in -> {
                            LSTM.PackedOutput o = ((LSTM) m).forward(PackedSequence.packPadded(in[0], lengths, false,
                                    false), new LSTM.State(in[1], in[2]));
                            return SequenceGradCheckTest.joined(o.output().data(), o.h(), o.c());
                        }, r -> of(x(r, 4, 3, 2), x(r, 1, 3, 2), x(r, 1, 3, 3)), true),
                new SequenceGradCheckTest.Case("GRU over a packed batch, bidirectional, batch-first, padded back",
                        () -> new GRU(2, 2, RNNOptions.DEFAULT.withBidirectional(true).withBatchFirst(true)),
                        m -> in -> {
                            RNNBase.PackedOutput o = ((GRU) m).forward(PackedSequence.packPadded(in[0], lengths, true,
                                    false), in[1]);
                            return SequenceGradCheckTest.joined(o.output().pad(true, -1, 5).output(), o.h());
                        }, r -> of(x(r, 3, 4, 2), x(r, 2, 3, 2)), true),
                new SequenceGradCheckTest.Case("RNN tanh over a packed sorted batch, two layers",
                        () -> new RNN(2, 3, RNNOptions.DEFAULT.withNumLayers(2)), m -> in -> {
                            RNNBase.PackedOutput o = ((RNN) m).forward(PackedSequence.pack(List.of(in[0], in[1]), true),
                                    null);
                            return SequenceGradCheckTest.joined(o.output().data(), o.h());
                        }, r -> of(x(r, 3, 2), x(r, 2, 2)), true),
                new SequenceGradCheckTest.Case("MultiheadAttention with bias_k, bias_v and zero attention, masks",
                        () -> new MultiheadAttention(4, 2, AttentionOptions.DEFAULT.withAddBiasKv(true)
                                .withAddZeroAttn(true)), m -> in -> {
                                    MultiheadAttention.Output o = ((MultiheadAttention) m).forward(in[0], in[1], in[1],
                                            padding, MultiheadAttention.causalMask(3), true, false);
                                    return SequenceGradCheckTest.joined(o.output(), o.weights());
                                }, r -> of(x(r, 3, 2, 4), x(r, 3, 2, 4)), true),
                new SequenceGradCheckTest.Case("TransformerEncoder, two pre-norm gelu layers, final norm, masks",
                        () -> new TransformerEncoder(new TransformerEncoderLayer(4, 2, small.withNormFirst(true)
                                .withActivation(TransformerOptions.Activation.GELU)), 2, new LayerNorm(4)).eval(),
                        m -> in -> ((TransformerEncoder) m).forward(in[0], MultiheadAttention.causalMask(3), padding),
                        r -> of(x(r, 3, 2, 4)), true),
                new SequenceGradCheckTest.Case("TransformerDecoderLayer post-norm relu, masks (first order)",
                        () -> new TransformerDecoderLayer(4, 2, small).eval(),
                        m -> in -> ((TransformerDecoderLayer) m).forward(in[0], in[1],
                                MultiheadAttention.causalMask(2), null, null, padding),
                        r -> of(x(r, 2, 2, 4), x(r, 3, 2, 4)), false),
                new SequenceGradCheckTest.Case("TransformerDecoder, pre-norm gelu, batch-first, final norm",
                        () -> new TransformerDecoder(new TransformerDecoderLayer(4, 2, small.withNormFirst(true)
                                .withActivation(TransformerOptions.Activation.GELU).withBatchFirst(true)), 2,
                                new LayerNorm(4)).eval(),
                        m -> in -> ((TransformerDecoder) m).forward(in[0], in[1], null, null, null, padding),
                        r -> of(x(r, 2, 2, 4), x(r, 2, 3, 4)), true),
                new SequenceGradCheckTest.Case("Transformer, gelu, a subsequent mask",
                        () -> new Transformer(4, 2, 1, 1, small.withActivation(TransformerOptions.Activation.GELU))
                                .eval(),
                        m -> in -> ((Transformer) m).forward(in[0], in[1], null,
                                Transformer.generateSquareSubsequentMask(2), null, null, null, null),
                        r -> of(x(r, 3, 2, 4), x(r, 2, 2, 4)), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputAndParameterGradientsMatchFiniteDifferences(SequenceGradCheckTest.Case c) {
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

    /** Second derivatives of a packed, projected, bidirectional LSTM with respect to its input, states and weights. */
    @Test
    void packedProjectedLstmIsTwiceDifferentiableInItsWeights() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            LSTM lstm = new LSTM(2, 3, RNNOptions.DEFAULT.withProjSize(2).withBidirectional(true));
            lstm.resetParameters(Rng.seeded(31));
            Rng r = Rng.seeded(32);
            List<Tensor> leaves = new ArrayList<>(List.of(x(r, 3, 2, 2), x(r, 2, 2, 2), x(r, 2, 2, 3)));
            lstm.parameters().forEach(p -> leaves.add(p.detach().clone().requiresGrad(true)));
            int[] sizes = {2, 2, 1};
            Function<Tensor[], Tensor> fn = in -> SequenceGradCheckTest.joined(RNNBase.compute(Cell.LSTM, 3,
                    lstm.options(), false, Arrays.asList(in).subList(3, in.length), in[0], in[1], in[2], sizes));
            SequenceGradCheckTest.assertEveryEntryWithinAtol("projected LSTM", fn, leaves.toArray(Tensor[]::new));
        }
    }

    /** Second derivatives of attention with bias_k, bias_v and zero attention with respect to every weight. */
    @Test
    void attentionWithExtraKeysIsTwiceDifferentiableInItsWeights() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            Rng r = Rng.seeded(41);
            Tensor[] leaves = {x(r, 3, 2, 4), x(r, 2, 2, 4), x(r, 12, 4), x(r, 12), x(r, 4, 4), x(r, 4),
                    x(r, 1, 1, 4), x(r, 1, 1, 4)};
            Tensor padding = Tensor.of(false, true, false, false).reshape(2, 2);
            AttentionOptions o = AttentionOptions.DEFAULT.withAddBiasKv(true).withAddZeroAttn(true);
            Function<Tensor[], Tensor> fn = in -> SequenceGradCheckTest.joined(MultiheadAttention.compute(2, o, false,
                    new MultiheadAttention.Weights(in[2], null, null, null, in[3], in[4], in[5], in[6], in[7]), in[0],
                    in[1], in[1], padding, null, true, true));
            SequenceGradCheckTest.assertEveryEntryWithinAtol("attention with extra keys", fn, leaves);
        }
    }
}
