package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad inputs to the recurrent layers and cells, MultiheadAttention and TransformerEncoderLayer: each error names the
 * layer by its dotted path and gives the expected and the actual shapes.
 */
class SequenceBadInputTest {
    static final class Model extends Module {
        final LSTM encoder = new LSTM(4, 5, RNNOptions.DEFAULT.withNumLayers(2));
        final GRU decoder = new GRU(3, 2, RNNOptions.DEFAULT.withBatchFirst(true).withBidirectional(true));
        final LSTMCell cell = new LSTMCell(4, 3);
        final MultiheadAttention attention = new MultiheadAttention(8, 2);
        final Sequential blocks = new Sequential(new TransformerEncoderLayer(8, 2, TransformerOptions.DEFAULT
                .withDimFeedforward(16).withBatchFirst(true)));
    }

    private Model model;

    @BeforeEach
    void build() {
        model = new Model();
        model.parameters(); // names every layer
    }

    @Test
    void wrongRank() {
        assertThatThrownBy(() -> model.encoder.call(Tensor.zeros(2, 3, 5, 4)))
                .hasMessage("encoder (LSTM): expected input of rank 3, [L, N, 4] (batchFirst=false), or 2, [L, 4] "
                        + "(unbatched), got shape [2, 3, 5, 4]");
        assertThatThrownBy(() -> model.decoder.call(Tensor.zeros(3)))
                .hasMessage("decoder (GRU): expected input of rank 3, [N, L, 3] (batchFirst=true), or 2, [L, 3] "
                        + "(unbatched), got shape [3]");
        assertThatThrownBy(() -> model.cell.call(Tensor.zeros(2, 3, 4)))
                .hasMessage("cell (LSTMCell): expected input of rank 2, [N, 4], or 1, [4] (unbatched), got shape "
                        + "[2, 3, 4]");
        assertThatThrownBy(() -> model.attention.call(Tensor.zeros(8)))
                .hasMessage("attention (MultiheadAttention): expected query of rank 3, [L, N, E] (batchFirst=false), "
                        + "or 2, [L, E] (unbatched), got shape [8]");
        assertThatThrownBy(() -> model.attention.forward(Tensor.zeros(3, 2, 8), Tensor.zeros(3, 8),
                Tensor.zeros(3, 8))).hasMessage("attention (MultiheadAttention): query, key and value must have the "
                        + "same rank, got query [3, 2, 8], key [3, 8], value [3, 8]");
    }

    @Test
    void wrongFeatureSize() {
        assertThatThrownBy(() -> model.encoder.call(Tensor.zeros(6, 2, 3)))
                .hasMessage("encoder (LSTM): expected input of shape [L, N, 4] (batchFirst=false) (last dimension = "
                        + "inputSize), got [6, 2, 3]");
        assertThatThrownBy(() -> model.encoder.call(Tensor.zeros(6, 5)))
                .hasMessage("encoder (LSTM): expected input of shape [L, 4] (unbatched) (last dimension = inputSize), "
                        + "got [6, 5]");
        assertThatThrownBy(() -> model.cell.call(Tensor.zeros(2, 5)))
                .hasMessage("cell (LSTMCell): expected input of shape [N, 4] (last dimension = inputSize), got [2, 5]");
        assertThatThrownBy(() -> model.attention.forward(Tensor.zeros(3, 2, 8), Tensor.zeros(4, 2, 6),
                Tensor.zeros(4, 2, 8))).hasMessage("attention (MultiheadAttention): expected key of shape [S, N, 8] "
                        + "(batchFirst=false), last dimension = kdim, got [4, 2, 6]");
        assertThatThrownBy(() -> model.blocks.call(Tensor.zeros(2, 5, 6)))
                .hasMessage("blocks.0 (TransformerEncoderLayer): expected src of shape [N, L, 8] (batchFirst=true) or "
                        + "[L, 8] (unbatched), last dimension = dModel, got [2, 5, 6]");
    }

    @Test
    void wrongSequenceLayoutIsSpottedThroughTheStatesAndMasks() {
        // a batch-first [N=3, L=7, 4] sequence given to a time-major layer: h0 for N=3 no longer fits
        assertThatThrownBy(() -> model.encoder.forward(Tensor.zeros(3, 7, 4),
                new LSTM.State(Tensor.zeros(2, 3, 5), Tensor.zeros(2, 3, 5))))
                .hasMessage("encoder (LSTM): expected h0 of shape [2, 7, 5] ([numLayers * numDirections, N, "
                        + "hiddenSize] for input of shape [3, 7, 4]), got [2, 3, 5]; its batch size is dimension 0 of "
                        + "the input: if the input is laid out [N, L, Hin], build the layer with "
                        + "RNNOptions.DEFAULT.withBatchFirst(true)");
        // and a time-major [L=6, N=2, 3] sequence given to a batch-first layer
        assertThatThrownBy(() -> model.decoder.forward(Tensor.zeros(6, 2, 3), Tensor.zeros(2, 2, 2)))
                .hasMessage("decoder (GRU): expected h0 of shape [2, 6, 2] ([numLayers * numDirections, N, "
                        + "hiddenSize] for input of shape [6, 2, 3]), got [2, 2, 2]; its batch size is dimension 1 of "
                        + "the input: if the input is laid out [L, N, Hin], build the layer without batchFirst");
        // batch-first query, key and value of different lengths given to time-major attention
        assertThatThrownBy(() -> model.attention.forward(Tensor.zeros(2, 3, 8), Tensor.zeros(2, 5, 8),
                Tensor.zeros(2, 5, 8))).hasMessage("attention (MultiheadAttention): query [2, 3, 8] and key "
                        + "[2, 5, 8] have different batch sizes in dimension 1 (batchFirst=false); they agree in "
                        + "dimension 0, so they may be laid out [N, L, E]: build the layer with "
                        + "AttentionOptions.DEFAULT.withBatchFirst(true)");
        // a time-major [L=5, N=3, 8] sequence given to a batch-first encoder layer, with its [N, L] padding mask
        Tensor padding = Tensor.zeros(DType.BOOL, 3, 5);
        var layer = (TransformerEncoderLayer) model.blocks.get(0);
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(5, 3, 8), null, padding))
                .hasMessage("blocks.0.self_attn (MultiheadAttention): expected keyPaddingMask of shape [5, 3] [N, S] "
                        + "for key [5, 3, 8] (batchFirst=true), got [3, 5]; it is the transpose of the expected shape, "
                        + "so the inputs may be laid out [S, N, E]: build the layer without batchFirst");
    }

    @Test
    void wrongHiddenStateShape() {
        Tensor input = Tensor.zeros(6, 2, 4);
        assertThatThrownBy(() -> model.encoder.forward(input, new LSTM.State(Tensor.zeros(1, 2, 5),
                Tensor.zeros(2, 2, 5)))).hasMessage("encoder (LSTM): expected h0 of shape [2, 2, 5] ([numLayers * "
                        + "numDirections, N, hiddenSize] for input of shape [6, 2, 4]), got [1, 2, 5]");
        assertThatThrownBy(() -> model.encoder.forward(input, new LSTM.State(Tensor.zeros(2, 2, 5),
                Tensor.zeros(2, 2, 4)))).hasMessage("encoder (LSTM): expected c0 of shape [2, 2, 5] ([numLayers * "
                        + "numDirections, N, hiddenSize] for input of shape [6, 2, 4]), got [2, 2, 4]");
        assertThatThrownBy(() -> model.encoder.forward(Tensor.zeros(6, 4), new LSTM.State(Tensor.zeros(2, 1, 5),
                Tensor.zeros(2, 1, 5)))).hasMessage("encoder (LSTM): expected h0 of shape [2, 5] ([numLayers * "
                        + "numDirections, hiddenSize] for input of shape [6, 4]), got [2, 1, 5]; unbatched (2-D) input "
                        + "takes 2-D states");
        assertThatThrownBy(() -> model.encoder.forward(input, new LSTM.State(Tensor.zeros(2, 2, 5), null)))
                .hasMessage("encoder (LSTM): expected both h0 and c0, or neither, got only h0");
        assertThatThrownBy(() -> model.cell.forward(Tensor.zeros(2, 4), new LSTM.State(Tensor.zeros(3, 3),
                Tensor.zeros(2, 3)))).hasMessage("cell (LSTMCell): expected hx of shape [2, 3] ([N, hiddenSize] for "
                        + "input of shape [2, 4]), got [3, 3]");
        assertThatThrownBy(() -> new GRUCell(2, 3).forward(Tensor.zeros(2), Tensor.zeros(1, 3)))
                .hasMessage("GRUCell: expected hx of shape [3] ([hiddenSize] for input of shape [2]), got [1, 3]; "
                        + "unbatched (1-D) input takes 1-D states");
    }

    @Test
    void wrongMasks() {
        Tensor x = Tensor.zeros(4, 2, 8);
        assertThatThrownBy(() -> model.attention.forward(x, x, x, null, Tensor.zeros(DType.BOOL, 4, 5), true, true))
                .hasMessage("attention (MultiheadAttention): expected attnMask of shape [4, 4] [L, S] or [4, 4, 4] "
                        + "[N * numHeads, L, S] for query [4, 2, 8] and key [4, 2, 8], got [4, 5]");
        assertThatThrownBy(() -> model.attention.forward(x, x, x, Tensor.zeros(DType.BOOL, 2, 3), null, true, true))
                .hasMessage("attention (MultiheadAttention): expected keyPaddingMask of shape [2, 4] [N, S] for key "
                        + "[4, 2, 8] (batchFirst=false), got [2, 3]");
        assertThatThrownBy(() -> model.attention.forward(x, x, x, null, Tensor.zeros(DType.INT64, 4, 4), true, true))
                .hasMessage("attention (MultiheadAttention): attnMask must be bool (true = masked) or floating (added "
                        + "to the scores), got int64 of shape [4, 4]");
    }

    @Test
    void wrongDtypeOrEmptySequence() {
        assertThatThrownBy(() -> model.encoder.call(Tensor.zeros(DType.FLOAT64, 6, 2, 4)))
                .hasMessage("encoder (LSTM): input of shape [6, 2, 4] is float64 but the layer's parameters are "
                        + "float32; convert it with .to(DType.FLOAT32)");
        assertThatThrownBy(() -> model.encoder.call(Tensor.zeros(0, 2, 4)))
                .hasMessage("encoder (LSTM): expected a sequence of at least one step, got input of shape [0, 2, 4] "
                        + "[L, N, 4] (batchFirst=false)");
    }

    @Test
    void invalidConstruction() {
        assertThatThrownBy(() -> new LSTM(4, 0)).hasMessage("LSTM: hiddenSize must be >= 1, got 0");
        assertThatThrownBy(() -> new GRUCell(0, 3)).hasMessage("GRUCell: inputSize must be >= 1, got 0");
        assertThatThrownBy(() -> RNNOptions.DEFAULT.withNumLayers(0))
                .hasMessage("RNNOptions: numLayers must be >= 1, got 0");
        assertThatThrownBy(() -> RNNOptions.DEFAULT.withDropout(1.5))
                .hasMessage("RNNOptions: dropout must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new MultiheadAttention(10, 3))
                .hasMessage("MultiheadAttention: embedDim 10 must be divisible by numHeads 3");
        assertThatThrownBy(() -> AttentionOptions.DEFAULT.withKeyValueDims(-1, 4)).hasMessage("AttentionOptions: "
                + "kdim and vdim must be positive (or 0 for the embedding size), got kdim -1, vdim 4");
        assertThatThrownBy(() -> TransformerOptions.DEFAULT.withDimFeedforward(0)).hasMessageStartingWith(
                "TransformerOptions: dimFeedforward and layerNormEps must be positive, dropout in [0, 1] and "
                        + "activation given, got dimFeedforward 0");
        assertThatThrownBy(() -> model.encoder.weightIh(2, false))
                .hasMessage("encoder (LSTM): no layer 2 (numLayers=2, bidirectional=false)");
    }

    @Test
    void aFailedCallLeavesTheLayerUsable() {
        Tensor before = model.encoder.weightHh(0, false).detach().clone();
        assertThatThrownBy(() -> model.encoder.call(Tensor.zeros(6, 2, 3)));
        assertThat(model.encoder.call(Tensor.zeros(6, 2, 4)).shape().toArray()).containsExactly(6, 2, 5);
        assertThat(model.encoder.weightHh(0, false)).isCloseTo(before, 0, 0);
    }
}
