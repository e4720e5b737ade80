package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.ops.BagMode;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * What the layers of issue 17 promise beyond matching PyTorch's numbers ({@code SequenceGoldenTest}): packed sequences
 * run each sequence for its own length, the parameter names and shapes PyTorch's state dicts use, pretrained tables
 * that share their storage and stay frozen, RReLU's seeded slopes, copies in Transformer stacks, and PyTorch's
 * refusals.
 */
class SequenceBreadthTest {
    private static Tensor randn(long seed, int... dims) {
        return Tensor.randn(Rng.seeded(seed), DType.FLOAT64, dims);
    }

    private static void assertClose(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        double[] a = actual.toDoubleArray();
        double[] b = expected.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d of %s", i, actual.shape()).isCloseTo(b[i],
                    org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    /** A packed batch gives each sequence what running it alone, unpadded, gives; states in the original order. */
    @Test
    void packedLayersRunEachSequenceForItsOwnLength() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            long[] lengths = {2, 5, 3};
            for (RNNBase layer : List.of(new LSTM(3, 4, RNNOptions.DEFAULT.withBidirectional(true).withProjSize(2)),
                    new GRU(3, 4, RNNOptions.DEFAULT.withNumLayers(2)), new RNN(3, 4, RNN.Nonlinearity.RELU,
                            RNNOptions.DEFAULT.withBidirectional(true)))) {
                layer.resetParameters(Rng.seeded(5));
                Tensor padded = randn(6, 5, 3, 3);
                PackedSequence packed = PackedSequence.packPadded(padded, Tensor.of(lengths), false, false);
                Tensor[] all = packedRun(layer, packed);
                Tensor output = packed.withData(all[0]).pad(false, 0, null).output();
                for (int n = 0; n < lengths.length; n++) {
                    Tensor alone = padded.select(1, n).slice(0, 0, (int) lengths[n]);
                    Tensor[] one = unpackedRun(layer, alone);
                    assertClose(output.select(1, n).slice(0, 0, (int) lengths[n]), one[0]);
                    assertClose(output.select(1, n).slice(0, (int) lengths[n], 5),
                            Tensor.zeros(DType.FLOAT64, 5 - (int) lengths[n], one[0].size(1)));
                    assertClose(all[1].select(1, n), one[1]);
                    if (all[2] != null) {
                        assertClose(all[2].select(1, n), one[2]);
                    }
                }
            }
        }
    }

    private static Tensor[] packedRun(RNNBase layer, PackedSequence packed) {
        return switch (layer) {
            case LSTM l -> {
                LSTM.PackedOutput o = l.forward(packed, null);
                yield new Tensor[] {o.output().data(), o.h(), o.c()};
            }
            case GRU g -> {
                RNNBase.PackedOutput o = g.forward(packed, null);
                yield new Tensor[] {o.output().data(), o.h(), null};
            }
            default -> {
                RNNBase.PackedOutput o = ((RNN) layer).forward(packed, null);
                yield new Tensor[] {o.output().data(), o.h(), null};
            }
        };
    }

    private static Tensor[] unpackedRun(RNNBase layer, Tensor sequence) {
        return switch (layer) {
            case LSTM l -> {
                LSTM.Output o = l.forward(sequence, null);
                yield new Tensor[] {o.output(), o.h(), o.c()};
            }
            case GRU g -> {
                RNNBase.Output o = g.forward(sequence, null);
                yield new Tensor[] {o.output(), o.h(), null};
            }
            default -> {
                RNNBase.Output o = ((RNN) layer).forward(sequence, null);
                yield new Tensor[] {o.output(), o.h(), null};
            }
        };
    }

    /** Packing lays the steps out time-major, longest sequence first; padding puts them back, in the batch's order. */
    @Test
    void packingAndPaddingRoundTrip() {
        List<Tensor> sequences = List.of(randn(1, 3, 2), randn(2, 1, 2), randn(3, 2, 2));
        int[] order = {0, 2, 1}; // by decreasing length
        PackedSequence packed = PackedSequence.pack(sequences, false);
        assertThat(packed.sortedIndices().toLongArray()).containsExactly(0, 2, 1);
        assertThat(packed.unsortedIndices().toLongArray()).containsExactly(0, 2, 1);
        List<Tensor> steps = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            long size = 0;
            for (int n : order) {
                if (sequences.get(n).size(0) > t) {
                    steps.add(sequences.get(n).select(0, t));
                    size++;
                }
            }
            sizes.add(size);
        }
        assertThat(packed.batchSizes().toLongArray()).containsExactly(sizes.stream().mapToLong(v -> v).toArray());
        assertClose(packed.data(), Tensor.stack(steps, 0));
        double fill = -9;
        PackedSequence.Padded padded = packed.pad(true, fill, 4);
        assertThat(padded.lengths().toLongArray()).containsExactly(3, 1, 2);
        assertThat(padded.output().shape()).isEqualTo(Shape.of(3, 4, 2));
        for (int n = 0; n < 3; n++) {
            int length = sequences.get(n).size(0);
            assertClose(padded.output().select(0, n).slice(0, 0, length), sequences.get(n));
            assertThat(padded.output().select(0, n).slice(0, length, 4).toDoubleArray()).containsOnly(fill);
        }
        assertClose(PackedSequence.padSequence(sequences, true, fill), padded.output().slice(1, 0, 3));
        PackedSequence again = PackedSequence.packPadded(padded.output(), padded.lengths(), true, false);
        assertClose(again.data(), packed.data());
        PackedSequence sorted = PackedSequence.packPadded(randn(4, 3, 2, 2), Tensor.of(3L, 3), false, true);
        assertThat(sorted.sortedIndices()).isNull();
        assertThat(sorted.batchSizes().toLongArray()).containsExactly(2, 2, 2);
    }

    @Test
    void lstmProjectionHasPyTorchsParameterNamesAndShapes() {
        LSTM lstm = new LSTM(3, 5, RNNOptions.DEFAULT.withProjSize(2).withNumLayers(2).withBidirectional(true));
        Map<String, Parameter> p = lstm.namedParameters();
        assertThat(p.keySet()).startsWith("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0",
                "weight_ih_l0_reverse");
        assertThat(p.get("weight_hh_l0").shape()).isEqualTo(Shape.of(20, 2));
        assertThat(p.get("weight_hr_l0").shape()).isEqualTo(Shape.of(2, 5));
        assertThat(p.get("weight_ih_l1").shape()).isEqualTo(Shape.of(20, 4));
        assertThat(lstm.weightHr(1, true)).isSameAs(p.get("weight_hr_l1_reverse"));
        LSTM.Output out = lstm.forward(Tensor.zeros(6, 2, 3), null);
        assertThat(out.output().shape()).isEqualTo(Shape.of(6, 2, 4));
        assertThat(out.h().shape()).isEqualTo(Shape.of(4, 2, 2));
        assertThat(out.c().shape()).isEqualTo(Shape.of(4, 2, 5));
        assertThat(lstm.toString()).isEqualTo("LSTM(3, 5, numLayers=2, bidirectional=true, projSize=2)");
    }

    @Test
    void attentionExtraKeysHavePyTorchsNames() {
        var attention = new MultiheadAttention(4, 2, AttentionOptions.DEFAULT.withAddBiasKv(true)
                .withAddZeroAttn(true));
        assertThat(attention.stateDict().keySet()).containsExactly("in_proj_weight", "in_proj_bias", "bias_k",
                "bias_v", "out_proj.weight", "out_proj.bias");
        assertThat(attention.stateDict().get("bias_k").shape()).isEqualTo(Shape.of(1, 1, 4));
        MultiheadAttention.Output o = attention.forward(Tensor.zeros(3, 2, 4), Tensor.zeros(5, 2, 4),
                Tensor.zeros(5, 2, 4));
        assertThat(o.weights().shape()).as("two keys appended to five").isEqualTo(Shape.of(2, 3, 7));
        assertThat(attention.toString()).startsWith("MultiheadAttention(embedDim=4, numHeads=2, addBiasKv=true, "
                + "addZeroAttn=true");
    }

    @Test
    void pretrainedTablesShareStorageAndFreeze() {
        Tensor vectors = randn(1, 4, 3);
        Embedding frozen = Embedding.fromPretrained(vectors);
        assertThat(frozen.weight().requiresGrad()).isFalse();
        assertThat(frozen.weight().storage()).isSameAs(vectors.storage());
        Tensor out = frozen.call(Tensor.of(2L, 0));
        assertThat(out.requiresGrad()).isFalse();
        assertClose(out, vectors.indexSelect(0, Tensor.of(2L, 0)));
        Embedding trained = Embedding.fromPretrained(vectors, false, EmbeddingOptions.DEFAULT.withPaddingIdx(1));
        trained.call(Tensor.of(1L, 3)).sum().backward();
        assertThat(trained.weight().grad().select(0, 1).toDoubleArray()).as("padding row").containsOnly(0.0);
        assertThat(trained.weight().grad().select(0, 3).toDoubleArray()).containsOnly(1.0);
        EmbeddingBag bags = EmbeddingBag.fromPretrained(vectors, true, BagMode.SUM, false, EmbeddingOptions.DEFAULT);
        assertClose(bags.forward(Tensor.of(new long[][] {{0, 1}})), vectors.slice(0, 0, 2).sum(0, true));
    }

    @Test
    void maxNormRenormalizesTheRowsUsedInPlace() {
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            Embedding e = new Embedding(5, 3, EmbeddingOptions.DEFAULT.withMaxNorm(0.5));
            e.resetParameters(Rng.seeded(2));
            Tensor before = e.weight().detach().clone();
            e.call(Tensor.of(1L, 1, 3));
            for (int row = 0; row < 5; row++) {
                double norm = e.weight().select(0, row).norm().item();
                if (row == 1 || row == 3) {
                    assertThat(norm).isLessThanOrEqualTo(0.5);
                } else {
                    assertClose(e.weight().select(0, row), before.select(0, row));
                }
            }
        }
    }

    @Test
    void rreluDrawsSeededSlopesInTrainingAndUsesTheirMeanInEvaluation() {
        Tensor x = Tensor.of(-1.0, -2, 3, -4, 0.5, -0.25).requiresGrad(true);
        RReLU act = new RReLU(0.1, 0.3, Rng.seeded(9));
        Tensor y = act.call(x);
        y.sum().backward();
        double[] in = x.toDoubleArray();
        double[] out = y.toDoubleArray();
        double[] slope = x.grad().toDoubleArray();
        for (int i = 0; i < in.length; i++) {
            if (in[i] > 0) {
                assertThat(out[i]).isEqualTo(in[i]);
                assertThat(slope[i]).isEqualTo(1.0);
            } else {
                assertThat(slope[i]).isBetween(0.1, 0.3);
                assertThat(out[i]).isCloseTo(in[i] * slope[i], org.assertj.core.data.Offset.offset(1e-15));
            }
        }
        assertThat(new RReLU(0.1, 0.3, Rng.seeded(9)).call(x.detach()).toDoubleArray()).as("same seed, same slopes")
                .containsExactly(out);
        act.eval();
        assertThat(act.call(Tensor.of(-1.0, 2)).toDoubleArray()).containsExactly(-1 * (0.1 + 0.3) / 2, 2);
    }

    @Test
    void transformerStacksHoldIndependentCopiesUnderPyTorchsNames() {
        var layer = new TransformerEncoderLayer(4, 2, TransformerOptions.DEFAULT.withDimFeedforward(8));
        var encoder = new TransformerEncoder(layer, 2, new LayerNorm(4));
        assertThat(encoder.stateDict().keySet()).contains("layers.0.self_attn.in_proj_weight",
                "layers.1.linear2.bias", "norm.weight");
        Tensor template = layer.linear1.weight().detach();
        assertClose(encoder.layer(0).linear1.weight(), template);
        assertClose(encoder.layer(1).linear1.weight(), template);
        encoder.layer(0).linear1.weight().detach().fill(7);
        assertClose(encoder.layer(1).linear1.weight(), template);
        var model = new Transformer(4, 2, 1, 2, TransformerOptions.DEFAULT.withDimFeedforward(8));
        assertThat(model.stateDict().keySet()).contains("encoder.layers.0.self_attn.out_proj.weight",
                "encoder.norm.bias", "decoder.layers.1.multihead_attn.in_proj_weight", "decoder.layers.1.norm3.weight",
                "decoder.norm.weight");
        var custom = new Transformer(4, 2, new TransformerEncoder(List.of(layer), null),
                new TransformerDecoder(new TransformerDecoderLayer(4, 2), 1), TransformerOptions.DEFAULT);
        assertThat(custom.encoder().layer(0)).isSameAs(layer);
        assertThat(custom.stateDict().keySet()).contains("encoder.layers.0.linear1.weight",
                "decoder.layers.0.norm3.bias").doesNotContain("encoder.norm.weight");
        Tensor mask = Transformer.generateSquareSubsequentMask(3);
        assertThat(mask.toDoubleArray()).containsExactly(0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0,
                Double.NEGATIVE_INFINITY, 0, 0, 0);
    }

    @Test
    void pyTorchsRefusals() {
        Tensor logits = Tensor.zeros(2, 3);
        Tensor probabilities = Tensor.full(1.0 / 3, 2, 3);
        assertThatThrownBy(() -> new CrossEntropyLoss().withIgnoreIndex(0).forward(logits, probabilities))
                .hasMessage("crossEntropy: ignoreIndex 0 is not supported for floating point (class probability) "
                        + "targets of shape [2, 3], as in PyTorch; leave it negative (the default is -100)");
        assertThat(new CrossEntropyLoss().withIgnoreIndex(-1).forward(logits, probabilities).item())
                .isCloseTo(Math.log(3), org.assertj.core.data.Offset.offset(1e-6));
        assertThatThrownBy(() -> new GRU(3, 4, RNNOptions.DEFAULT.withProjSize(2)))
                .hasMessage("GRU: projSize is only supported for LSTM, not RNN or GRU, got projSize 2");
        assertThatThrownBy(() -> new LSTM(3, 4, RNNOptions.DEFAULT.withProjSize(4)))
                .hasMessage("LSTM: projSize 4 must be smaller than hiddenSize 4");
        assertThatThrownBy(() -> new EmbeddingBag(5, 2, BagMode.MAX, false,
                EmbeddingOptions.DEFAULT.withScaleGradByFreq(true)))
                .hasMessage("EmbeddingBag: mode MAX does not support scaling the gradient by the frequency");
        assertThatThrownBy(() -> new EmbeddingBag(5, 2).forward(Tensor.of(1L, 2), Tensor.of(0L),
                Tensor.of(1.0f, 2.0f))).hasMessage("EmbeddingBag: embeddingBag: perSampleWeights are only supported "
                        + "with mode SUM (PyTorch's rule), got mode MEAN");
        assertThatThrownBy(() -> new MultiMarginLoss(3, 1, null, Reduction.MEAN))
                .hasMessage("MultiMarginLoss: only p = 1 and p = 2 are supported, got 3");
        assertThatThrownBy(() -> new CELU(0)).hasMessage("CELU: alpha must not be 0 (it divides x), got 0.0");
        assertThatThrownBy(() -> new SoftMarginLoss(Reduction.BATCH_MEAN)).hasMessage("SoftMarginLoss: reduction "
                + "must be NONE, MEAN or SUM, got BATCH_MEAN (only KLDivLoss takes BATCH_MEAN)");
    }

    @Test
    void ctcLossOfAnImpossibleAlignmentIsInfiniteUnlessZeroed() {
        Tensor logProbs = Tensor.zeros(DType.FLOAT64, 2, 1, 3).logSoftmax(2).detach().requiresGrad(true);
        Tensor targets = Tensor.of(new long[][] {{1, 1}});
        CTCLoss plain = new CTCLoss(0, Reduction.SUM, false);
        Tensor loss = plain.forward(logProbs, targets, Tensor.of(2L), Tensor.of(2L));
        assertThat(loss.item()).isEqualTo(Double.POSITIVE_INFINITY);
        CTCLoss zeroed = new CTCLoss(0, Reduction.SUM, true);
        Tensor none = zeroed.forward(logProbs, targets, Tensor.of(2L), Tensor.of(2L));
        none.backward();
        assertThat(none.item()).isEqualTo(0);
        assertThat(logProbs.grad().toDoubleArray()).containsOnly(0.0);
        List<String> repr = new ArrayList<>(List.of(plain.toString(), zeroed.toString()));
        assertThat(repr).containsExactly("CTCLoss(reduction=sum)", "CTCLoss(reduction=sum, zeroInfinity=true)");
    }
}
