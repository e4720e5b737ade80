package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.ops.BagMode;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad inputs to the layers of issue 17: each error names the layer by its dotted path (then the op it called, where
 * the op found the problem) and gives every shape involved.
 */
class SequenceBreadthBadInputTest {
    static final class Model extends Module {
        final EmbeddingBag bags = new EmbeddingBag(10, 3, BagMode.SUM);
        final LSTM lstm = new LSTM(4, 5, RNNOptions.DEFAULT.withProjSize(3));
        final GRU gru = new GRU(2, 3);
        final TransformerDecoderLayer decoder = new TransformerDecoderLayer(8, 2, TransformerOptions.DEFAULT
                .withDimFeedforward(16));
        final Transformer transformer = new Transformer(8, 2, 1, 1, TransformerOptions.DEFAULT.withDimFeedforward(16));
        final Sequential activations = new Sequential(new GLU(1), new PReLU(4, 0.25), new Softmax2d());
        final CosineSimilarity similarity = new CosineSimilarity();
        final MultiMarginLoss multiMargin = new MultiMarginLoss();
        final MultiLabelMarginLoss multiLabel = new MultiLabelMarginLoss();
        final GaussianNLLLoss gaussian = new GaussianNLLLoss();
        final CTCLoss ctc = new CTCLoss();
        final SoftMarginLoss softMargin = new SoftMarginLoss();
    }

    private Model model;

    @BeforeEach
    void build() {
        model = new Model();
        model.parameters(); // names every layer
    }

    @Test
    void embeddingBags() {
        assertThatThrownBy(() -> model.bags.forward(Tensor.of(new long[][] {{1, 2}}), Tensor.of(0L)))
                .hasMessage("bags (EmbeddingBag): embeddingBag: indices of shape [1, 2] are bags of fixed length "
                        + "[B, L], so offsets must be null, got offsets of shape [1]");
        assertThatThrownBy(() -> model.bags.forward(Tensor.of(1L, 2, 3)))
                .hasMessage("bags (EmbeddingBag): embeddingBag: 1-D indices of shape [3] need offsets (the start of "
                        + "each bag); pass indices of shape [B, L] for bags of fixed length");
        assertThatThrownBy(() -> model.bags.forward(Tensor.of(1L, 2, 3), Tensor.of(0L, 3, 2)))
                .hasMessage("bags (EmbeddingBag): embeddingBag: offsets [0, 3, 2] must start at 0 and not decrease nor "
                        + "exceed the 3 indices of shape [3]; offsets[2] is 2");
        assertThatThrownBy(() -> model.bags.forward(Tensor.of(1L, 2, 3), Tensor.of(0L), Tensor.ones(2)))
                .hasMessage("bags (EmbeddingBag): embeddingBag: perSampleWeights of shape [2] must have the shape of "
                        + "the indices [3]");
        assertThatThrownBy(() -> model.bags.forward(Tensor.of(1L, 12), Tensor.of(0L)))
                .hasMessage("bags (EmbeddingBag): embeddingBag: index 12 is out of range for 10 embeddings (weight of "
                        + "shape [10, 3])");
        assertThatThrownBy(() -> Embedding.fromPretrained(Tensor.zeros(3)))
                .hasMessage("Embedding.fromPretrained: expected embeddings of shape [num, dim], got [3]");
        assertThatThrownBy(() -> new EmbeddingBag(4, 2, BagMode.SUM, false, EmbeddingOptions.DEFAULT
                .withPaddingIdx(4))).hasMessage("EmbeddingBag: paddingIdx 4 is out of range for 4 embeddings");
        assertThatThrownBy(() -> EmbeddingOptions.DEFAULT.withMaxNorm(-1.0))
                .hasMessage("EmbeddingOptions: maxNorm must be a finite number > 0, got -1.0");
    }

    @Test
    void packedSequences() {
        Tensor input = Tensor.zeros(5, 3, 4);
        assertThatThrownBy(() -> PackedSequence.packPadded(input, Tensor.of(2L, 5, 3), false, true))
                .hasMessage("packPadded: lengths [2, 5, 3] must be sorted in decreasing order when enforceSorted is "
                        + "true; pass enforceSorted=false to have them sorted");
        assertThatThrownBy(() -> PackedSequence.packPadded(input, Tensor.of(6L, 5, 3), false, false))
                .hasMessage("packPadded: lengths [6, 5, 3] must lie in [1, 5] for input of shape [5, 3, 4] "
                        + "(batchFirst=false)");
        assertThatThrownBy(() -> PackedSequence.packPadded(input, Tensor.of(5L, 3), true, false))
                .hasMessage("packPadded: expected lengths of shape [5] (one per sequence of the input of shape "
                        + "[5, 3, 4], batchFirst=true), got [2]");
        PackedSequence packed = PackedSequence.packPadded(input, Tensor.of(5L, 3, 1), false, true);
        assertThatThrownBy(() -> packed.pad(false, 0, 4))
                .hasMessage("PackedSequence.pad: totalLength 4 is shorter than the longest sequence, 5 steps");
        assertThatThrownBy(() -> model.gru.forward(packed, null))
                .hasMessage("gru (GRU): expected packed data of shape [sum of lengths, 2] (last dimension = "
                        + "inputSize), got [9, 4]");
        assertThatThrownBy(() -> model.lstm.forward(packed, new LSTM.State(Tensor.zeros(1, 3, 5),
                Tensor.zeros(1, 3, 5)))).hasMessage("lstm (LSTM): expected h0 of shape [1, 3, 3] ([numLayers * "
                        + "numDirections, N, projSize] for a packed batch of 3 sequences), got [1, 3, 5]");
        assertThatThrownBy(() -> PackedSequence.padSequence(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), false,
                0)).hasMessage("padSequence: sequences must be [L, *] with one trailing shape, got [[2, 3], [2, 4]]");
    }

    @Test
    void projectedStates() {
        assertThatThrownBy(() -> model.lstm.forward(Tensor.zeros(6, 2, 4), new LSTM.State(Tensor.zeros(1, 2, 5),
                Tensor.zeros(1, 2, 5)))).hasMessage("lstm (LSTM): expected h0 of shape [1, 2, 3] ([numLayers * "
                        + "numDirections, N, projSize] for input of shape [6, 2, 4]), got [1, 2, 5]");
        assertThatThrownBy(() -> model.lstm.forward(Tensor.zeros(6, 2, 4), new LSTM.State(Tensor.zeros(1, 2, 3),
                Tensor.zeros(1, 2, 3)))).hasMessage("lstm (LSTM): expected c0 of shape [1, 2, 5] ([numLayers * "
                        + "numDirections, N, hiddenSize] for input of shape [6, 2, 4]), got [1, 2, 3]");
        assertThatThrownBy(() -> RNNOptions.DEFAULT.withProjSize(-1)).hasMessage("RNNOptions: projSize must be a "
                + "positive integer, or 0 for no projection, got -1");
    }

    @Test
    void transformers() {
        assertThatThrownBy(() -> model.decoder.forward(Tensor.zeros(4, 2, 8), Tensor.zeros(5, 2, 6)))
                .hasMessage("decoder (TransformerDecoderLayer): expected memory of shape [S, N, 8] (batchFirst=false) "
                        + "or [S, 8] (unbatched), last dimension = dModel, got [5, 2, 6]");
        assertThatThrownBy(() -> model.decoder.forward(Tensor.zeros(4, 2, 8), Tensor.zeros(5, 8)))
                .hasMessage("decoder (TransformerDecoderLayer): tgt [4, 2, 8] and memory [5, 8] must both be batched "
                        + "(rank 3) or both unbatched (rank 2)");
        assertThatThrownBy(() -> model.decoder.forward(Tensor.zeros(4, 2, 8), Tensor.zeros(5, 3, 8)))
                .hasMessage("decoder.multihead_attn (MultiheadAttention): query [4, 2, 8] and key [5, 3, 8] have "
                        + "different batch sizes in dimension 1 (batchFirst=false)");
        assertThatThrownBy(() -> model.decoder.forward(Tensor.zeros(4, 2, 8), Tensor.zeros(5, 2, 8),
                Tensor.zeros(DType.BOOL, 5, 5), null, null, null)).hasMessage("decoder.self_attn (MultiheadAttention): "
                        + "expected attnMask of shape [4, 4] [L, S] or [4, 4, 4] [N * numHeads, L, S] for query "
                        + "[4, 2, 8] and key [4, 2, 8], got [5, 5]");
        assertThatThrownBy(() -> model.transformer.forward(Tensor.zeros(5, 2, 8), Tensor.zeros(4, 3, 8)))
                .hasMessage("transformer (Transformer): src [5, 2, 8] and tgt [4, 3, 8] must have the same batch size "
                        + "in dimension 1 (batchFirst=false)");
        assertThatThrownBy(() -> model.transformer.forward(Tensor.zeros(5, 2, 8), Tensor.zeros(4, 2, 6)))
                .hasMessage("transformer (Transformer): the last dimension of src [5, 2, 8] and of tgt [4, 2, 6] must "
                        + "be dModel = 8");
        assertThatThrownBy(() -> model.transformer.forward(Tensor.zeros(5, 2, 8), Tensor.zeros(4, 2, 8),
                null, null, null, Tensor.zeros(DType.BOOL, 2, 4), null, null))
                .hasMessage("transformer.encoder.layers.0.self_attn (MultiheadAttention): expected keyPaddingMask of "
                        + "shape [2, 5] [N, S] for key [5, 2, 8] (batchFirst=false), got [2, 4]");
        assertThatThrownBy(() -> new TransformerEncoder(new TransformerEncoderLayer(8, 2), 0))
                .hasMessage("TransformerEncoder: numLayers must be >= 1, got 0");
        assertThatThrownBy(() -> new TransformerDecoder(new TransformerDecoderLayer(8, 2) { }, 2))
                .hasMessage("TransformerDecoder: cannot copy a org.backprop4j.nn.SequenceBreadthBadInputTest$1 (a "
                        + "subclass of TransformerDecoderLayer); pass the list of layers instead");
    }

    @Test
    void activations() {
        assertThatThrownBy(() -> model.activations.call(Tensor.zeros(2, 5, 3)))
                .hasMessage("activations.0 (GLU): glu: halving dimension must be even, but dimension 1 of the input of "
                        + "shape [2, 5, 3] is size 5");
        assertThatThrownBy(() -> model.activations.get(1).call(Tensor.zeros(2, 3, 5)))
                .hasMessage("activations.1 (PReLU): prelu: weight of shape [4] holds 4 slopes but the input of shape "
                        + "[2, 3, 5] has 3 channels at dimension 1; expected 1 or 3");
        assertThatThrownBy(() -> model.activations.get(2).call(Tensor.zeros(2, 3)))
                .hasMessage("activations.2 (Softmax2d): expected a [N, C, H, W] or [C, H, W] input (rank 4 or 3), got "
                        + "shape [2, 3]");
        assertThatThrownBy(() -> model.similarity.forward(Tensor.zeros(2, 3), Tensor.zeros(4, 3)))
                .hasMessageStartingWith("similarity (CosineSimilarity): cosineSimilarity:")
                .hasMessageContaining("[2, 3]").hasMessageContaining("[4, 3]");
        assertThatThrownBy(() -> new RReLU(0.5, 0.1)).hasMessage("RReLU: lower bound 0.5 must not exceed the upper "
                + "bound 0.1");
    }

    @Test
    void losses() {
        assertThatThrownBy(() -> model.multiMargin.forward(Tensor.zeros(4, 3), Tensor.of(0L, 1, 2)))
                .hasMessage("multiMargin (MultiMarginLoss): multiMargin: input of shape [4, 3] needs 4 class indexes "
                        + "as target, got shape [3]");
        assertThatThrownBy(() -> model.multiMargin.forward(Tensor.zeros(2, 3), Tensor.of(0L, 3)))
                .hasMessage("multiMargin (MultiMarginLoss): multiMargin: target class 3 is out of range for 3 classes");
        assertThatThrownBy(() -> model.multiLabel.forward(Tensor.zeros(2, 3), Tensor.of(new long[][] {{0, -1}})))
                .hasMessage("multiLabel (MultiLabelMarginLoss): multiLabelMargin: target of shape [1, 2] must have the "
                        + "input's shape [2, 3]");
        assertThatThrownBy(() -> model.gaussian.forward(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.ones(3, 2)))
                .hasMessage("gaussian (GaussianNLLLoss): gaussianNll: var of shape [3, 2] does not fit input of shape "
                        + "[2, 3]; expected [2, 3] (one variance per element), [2] or [2, 1] (one per sample)");
        assertThatThrownBy(() -> model.gaussian.forward(Tensor.zeros(2, 3), Tensor.zeros(2, 3),
                Tensor.of(1f, -0.5f))).hasMessage("gaussian (GaussianNLLLoss): gaussianNll: var has a negative entry, "
                        + "-0.5 (var of shape [2])");
        assertThatThrownBy(() -> model.softMargin.forward(Tensor.zeros(2, 3), Tensor.zeros(3, 2)))
                .hasMessage("softMargin (SoftMarginLoss): softMargin: input of shape [2, 3] and target of shape [3, 2] "
                        + "must have the same shape");
        Tensor logProbs = Tensor.zeros(6, 2, 4);
        Tensor targets = Tensor.of(new long[][] {{1, 2}, {3, 3}});
        assertThatThrownBy(() -> model.ctc.forward(logProbs, targets, Tensor.of(6L, 7), Tensor.of(2L, 2)))
                .hasMessage("ctc (CTCLoss): ctcLoss: inputLengths [6, 7] must lie in [1, 6] for log-probabilities of "
                        + "shape [6, 2, 4]");
        assertThatThrownBy(() -> model.ctc.forward(logProbs, targets, Tensor.of(6L, 6), Tensor.of(2L, 3)))
                .hasMessage("ctc (CTCLoss): ctcLoss: expected padded targets of shape [2, S] with S >= 3 (the longest "
                        + "target length), got [2, 2]");
        assertThatThrownBy(() -> model.ctc.forward(logProbs, Tensor.of(1L, 2, 3), Tensor.of(6L, 6), Tensor.of(2L, 2)))
                .hasMessage("ctc (CTCLoss): ctcLoss: expected targets of shape [N, S] (padded) or [4] (concatenated, "
                        + "the sum of the target lengths), got [3]");
        assertThatThrownBy(() -> model.ctc.forward(logProbs, Tensor.of(new long[][] {{1, 4}, {3, 3}}),
                Tensor.of(6L, 6), Tensor.of(2L, 2))).hasMessage("ctc (CTCLoss): ctcLoss: target label 4 of sample 0 "
                        + "is out of range for 4 classes");
        assertThatThrownBy(() -> new CTCLoss(5, org.backprop4j.ops.Reduction.MEAN, false).forward(logProbs, targets,
                Tensor.of(6L, 6), Tensor.of(2L, 2))).hasMessage("CTCLoss: ctcLoss: blank 5 is out of range for 4 "
                        + "classes (log-probabilities of shape [6, 2, 4])");
    }
}
