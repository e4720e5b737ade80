package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * Builds and calls our layer for a case of {@code rnn_golden.json}, from PyTorch's constructor arguments (keyword
 * names, PyTorch's defaults where the file leaves one out) and in PyTorch's calling convention.
 */
final class GoldenLayers {
    private GoldenLayers() {
    }

    static Module build(String kind, RecurrentGoldenTest.Config c) {
        return switch (kind) {
            case "LSTM" -> new LSTM(c.integer("input_size", -1), c.integer("hidden_size", -1), rnnOptions(c));
            case "GRU" -> new GRU(c.integer("input_size", -1), c.integer("hidden_size", -1), rnnOptions(c));
            case "RNN" -> new RNN(c.integer("input_size", -1), c.integer("hidden_size", -1), nonlinearity(c),
                    rnnOptions(c));
            case "LSTMCell" -> new LSTMCell(c.integer("input_size", -1), c.integer("hidden_size", -1),
                    c.flag("bias", true));
            case "GRUCell" -> new GRUCell(c.integer("input_size", -1), c.integer("hidden_size", -1),
                    c.flag("bias", true));
            case "RNNCell" -> new RNNCell(c.integer("input_size", -1), c.integer("hidden_size", -1),
                    c.flag("bias", true), nonlinearity(c));
            case "MultiheadAttention" -> new MultiheadAttention(c.integer("embed_dim", -1), c.integer("num_heads", -1),
                    AttentionOptions.DEFAULT.withDropout(c.real("dropout", 0)).withBias(c.flag("bias", true))
                            .withBatchFirst(c.flag("batch_first", false))
                            .withKeyValueDims(c.integer("kdim", 0), c.integer("vdim", 0)));
            case "TransformerEncoderLayer" -> new TransformerEncoderLayer(c.integer("d_model", -1),
                    c.integer("nhead", -1), TransformerOptions.DEFAULT
                            .withDimFeedforward(c.integer("dim_feedforward", 2048))
                            .withDropout(c.real("dropout", 0.1))
                            .withActivation(TransformerOptions.Activation.valueOf(
                                    c.text("activation", "relu").toUpperCase(java.util.Locale.ROOT)))
                            .withLayerNormEps(c.real("layer_norm_eps", 1e-5))
                            .withBatchFirst(c.flag("batch_first", false))
                            .withNormFirst(c.flag("norm_first", false)));
            default -> throw new IllegalArgumentException("no builder for layer kind " + kind);
        };
    }

    private static RNNOptions rnnOptions(RecurrentGoldenTest.Config c) {
        return RNNOptions.DEFAULT.withNumLayers(c.integer("num_layers", 1)).withBias(c.flag("bias", true))
                .withBatchFirst(c.flag("batch_first", false)).withDropout(c.real("dropout", 0))
                .withBidirectional(c.flag("bidirectional", false));
    }

    private static RNN.Nonlinearity nonlinearity(RecurrentGoldenTest.Config c) {
        return RNN.Nonlinearity.valueOf(c.text("nonlinearity", "tanh").toUpperCase(java.util.Locale.ROOT));
    }

    /** Calls the layer as the script called PyTorch's; returns the outputs by the file's names. */
    static Map<String, Tensor> call(String kind, Module layer, RecurrentGoldenTest.Config c, Map<String, Tensor> in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch (layer) {
            case LSTM lstm -> {
                LSTM.Output o = lstm.forward(in.get("input"), in.containsKey("h0")
                        ? new LSTM.State(in.get("h0"), in.get("c0")) : null);
                out.put("output", o.output());
                out.put("h", o.h());
                out.put("c", o.c());
            }
            case RNN rnn -> {
                RNNBase.Output o = rnn.forward(in.get("input"), in.get("h0"));
                out.put("output", o.output());
                out.put("h", o.h());
            }
            case GRU gru -> {
                RNNBase.Output o = gru.forward(in.get("input"), in.get("h0"));
                out.put("output", o.output());
                out.put("h", o.h());
            }
            case LSTMCell cell -> {
                LSTM.State s = cell.forward(in.get("input"), in.containsKey("hx")
                        ? new LSTM.State(in.get("hx"), in.get("cx")) : null);
                out.put("h", s.h());
                out.put("c", s.c());
            }
            case RNNCell cell -> out.put("h", cell.forward(in.get("input"), in.get("hx")));
            case GRUCell cell -> out.put("h", cell.forward(in.get("input"), in.get("hx")));
            case MultiheadAttention mha -> {
                // self-attention passes one tensor three times, as the script does, so the packed projection runs
                Tensor q = in.get("query");
                Tensor k = c.flag("self_attention", false) ? q : in.get("key");
                Tensor v = c.flag("self_attention", false) ? q : in.get("value");
                boolean needWeights = c.flag("need_weights", true);
                MultiheadAttention.Output o = mha.forward(q, k, v, in.get("key_padding_mask"), in.get("attn_mask"),
                        needWeights, c.flag("average_attn_weights", true));
                out.put("output", o.output());
                if (needWeights) {
                    out.put("weights", o.weights());
                }
            }
            case TransformerEncoderLayer encoder -> out.put("output", encoder.forward(in.get("src"),
                    in.get("src_mask"), in.get("src_key_padding_mask")));
            default -> throw new IllegalArgumentException("no call for layer kind " + kind);
        }
        return out;
    }
}
