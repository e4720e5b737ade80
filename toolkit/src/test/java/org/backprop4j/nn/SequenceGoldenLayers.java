package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.backprop4j.ops.BagMode;
import org.backprop4j.ops.Distances;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Builds and calls our layer for a case of {@code sequence_golden.json}, from PyTorch's constructor arguments (keyword
 * names, PyTorch's defaults where the file leaves one out) and in PyTorch's calling convention.
 */
final class SequenceGoldenLayers {
    private SequenceGoldenLayers() {
    }

    static Module build(String kind, SequenceGoldenTest.Config c, Map<String, Tensor> state) {
        return switch (kind) {
            case "Embedding" -> embedding(c);
            case "EmbeddingBag" -> embeddingBag(c);
            case "LSTM" -> new LSTM(c.integer("input_size", -1), c.integer("hidden_size", -1), rnnOptions(c));
            case "GRU" -> new GRU(c.integer("input_size", -1), c.integer("hidden_size", -1), rnnOptions(c));
            case "RNN" -> new RNN(c.integer("input_size", -1), c.integer("hidden_size", -1),
                    RNN.Nonlinearity.valueOf(c.text("nonlinearity", "tanh").toUpperCase(Locale.ROOT)), rnnOptions(c));
            case "MultiheadAttention" -> new MultiheadAttention(c.integer("embed_dim", -1), c.integer("num_heads", -1),
                    AttentionOptions.DEFAULT.withDropout(c.real("dropout", 0)).withBias(c.flag("bias", true))
                            .withBatchFirst(c.flag("batch_first", false))
                            .withKeyValueDims(c.integer("kdim", 0), c.integer("vdim", 0))
                            .withAddBiasKv(c.flag("add_bias_kv", false))
                            .withAddZeroAttn(c.flag("add_zero_attn", false)));
            case "TransformerEncoder" -> {
                SequenceGoldenTest.Config layer = c.object("layer");
                yield new TransformerEncoder(new TransformerEncoderLayer(layer.integer("d_model", -1),
                        layer.integer("nhead", -1), transformerOptions(layer)), c.integer("num_layers_stack", -1),
                        c.flag("norm", false) ? norm(layer) : null);
            }
            case "TransformerDecoder" -> {
                SequenceGoldenTest.Config layer = c.object("layer");
                yield new TransformerDecoder(new TransformerDecoderLayer(layer.integer("d_model", -1),
                        layer.integer("nhead", -1), transformerOptions(layer)), c.integer("num_layers_stack", -1),
                        c.flag("norm", false) ? norm(layer) : null);
            }
            case "TransformerDecoderLayer" -> new TransformerDecoderLayer(c.integer("d_model", -1),
                    c.integer("nhead", -1), transformerOptions(c));
            case "Transformer" -> new Transformer(c.integer("d_model", 512), c.integer("nhead", 8),
                    c.integer("num_encoder_layers", 6), c.integer("num_decoder_layers", 6), transformerOptions(c));
            case "PReLU" -> new PReLU(c.integer("num_parameters", 1), c.real("init", 0.25));
            case "RReLU" -> new RReLU(c.real("lower", 1.0 / 8), c.real("upper", 1.0 / 3));
            case "Mish" -> new Mish();
            case "Hardswish" -> new Hardswish();
            case "Hardsigmoid" -> new Hardsigmoid();
            case "GLU" -> new GLU(c.integer("dim", -1));
            case "LogSigmoid" -> new LogSigmoid();
            case "Softmin" -> new Softmin(c.integer("dim", -1));
            case "CELU" -> new CELU(c.real("alpha", 1.0));
            case "Softsign" -> new Softsign();
            case "Threshold" -> new Threshold(c.real("threshold", Double.NaN), c.real("value", Double.NaN));
            case "Softmax2d" -> new Softmax2d();
            case "CosineSimilarity" -> new CosineSimilarity(c.integer("dim", 1), c.real("eps", 1e-8));
            case "PairwiseDistance" -> new PairwiseDistance(c.real("p", 2), c.real("eps", 1e-6),
                    c.flag("keepdim", false));
            case "SoftMarginLoss" -> new SoftMarginLoss(reduction(c));
            case "MultiMarginLoss" -> new MultiMarginLoss(c.integer("p", 1), c.real("margin", 1),
                    c.flag("weight", false) ? slot(state, "weight") : null, reduction(c));
            case "MultiLabelMarginLoss" -> new MultiLabelMarginLoss(reduction(c));
            case "MultiLabelSoftMarginLoss" -> new MultiLabelSoftMarginLoss(
                    c.flag("weight", false) ? slot(state, "weight") : null, reduction(c));
            case "HingeEmbeddingLoss" -> new HingeEmbeddingLoss(c.real("margin", 1), reduction(c));
            case "PoissonNLLLoss" -> new PoissonNLLLoss(c.flag("log_input", true), c.flag("full", false),
                    c.real("eps", 1e-8), reduction(c));
            case "GaussianNLLLoss" -> new GaussianNLLLoss(c.flag("full", false), c.real("eps", 1e-6), reduction(c));
            case "TripletMarginWithDistanceLoss" -> new TripletMarginWithDistanceLoss(
                    switch (c.text("distance", "pairwise")) {
                        case "pairwise" -> null;
                        case "cosine" -> (a, b) -> Distances.cosineSimilarity(a, b, 1, 1e-8).neg().add(1);
                        default -> throw new IllegalArgumentException("unknown distance " + c.text("distance", ""));
                    }, c.real("margin", 1), c.flag("swap", false), reduction(c));
            case "CrossEntropyLoss" -> new CrossEntropyLoss().withIgnoreIndex(c.integer("ignore_index", -100));
            case "CTCLoss" -> new CTCLoss(c.integer("blank", 0), reduction(c), c.flag("zero_infinity", false));
            default -> throw new IllegalArgumentException("no builder for layer kind " + kind);
        };
    }

    private static EmbeddingOptions embeddingOptions(SequenceGoldenTest.Config c) {
        Integer padding = c.has("padding_idx") ? c.integer("padding_idx", 0) : null;
        Double maxNorm = c.has("max_norm") ? c.real("max_norm", 0) : null;
        return EmbeddingOptions.DEFAULT.withPaddingIdx(padding).withMaxNorm(maxNorm)
                .withNormType(c.real("norm_type", 2)).withScaleGradByFreq(c.flag("scale_grad_by_freq", false));
    }

    private static Module embedding(SequenceGoldenTest.Config c) {
        int num = c.integer("num_embeddings", -1);
        int dim = c.integer("embedding_dim", -1);
        if (c.flag("from_pretrained", false)) {
            // the pretrained values come with the state dict
            return Embedding.fromPretrained(Tensor.zeros(num, dim), c.flag("freeze", true), embeddingOptions(c));
        }
        return new Embedding(num, dim, embeddingOptions(c));
    }

    private static Module embeddingBag(SequenceGoldenTest.Config c) {
        int num = c.integer("num_embeddings", -1);
        int dim = c.integer("embedding_dim", -1);
        BagMode mode = BagMode.valueOf(c.text("mode", "mean").toUpperCase(Locale.ROOT));
        boolean includeLast = c.flag("include_last_offset", false);
        if (c.flag("from_pretrained", false)) {
            return EmbeddingBag.fromPretrained(Tensor.zeros(num, dim), c.flag("freeze", true), mode, includeLast,
                    embeddingOptions(c));
        }
        return new EmbeddingBag(num, dim, mode, includeLast, embeddingOptions(c));
    }

    private static RNNOptions rnnOptions(SequenceGoldenTest.Config c) {
        return RNNOptions.DEFAULT.withNumLayers(c.integer("num_layers", 1)).withBias(c.flag("bias", true))
                .withBatchFirst(c.flag("batch_first", false)).withDropout(c.real("dropout", 0))
                .withBidirectional(c.flag("bidirectional", false)).withProjSize(c.integer("proj_size", 0));
    }

    private static TransformerOptions transformerOptions(SequenceGoldenTest.Config c) {
        return TransformerOptions.DEFAULT.withDimFeedforward(c.integer("dim_feedforward", 2048))
                .withDropout(c.real("dropout", 0.1))
                .withActivation(TransformerOptions.Activation.valueOf(c.text("activation", "relu")
                        .toUpperCase(Locale.ROOT)))
                .withLayerNormEps(c.real("layer_norm_eps", 1e-5)).withBatchFirst(c.flag("batch_first", false))
                .withNormFirst(c.flag("norm_first", false));
    }

    private static LayerNorm norm(SequenceGoldenTest.Config layer) {
        return new LayerNorm(new int[] {layer.integer("d_model", -1)}, layer.real("layer_norm_eps", 1e-5), true);
    }

    private static Reduction reduction(SequenceGoldenTest.Config c) {
        return Reduction.valueOf(c.text("reduction", "mean").toUpperCase(Locale.ROOT));
    }

    /** A placeholder of the state entry's shape, filled by loadStateDict (loss weights are buffers in both). */
    private static Tensor slot(Map<String, Tensor> state, String name) {
        return Tensor.zerosLike(state.get(name));
    }

    /** Calls the layer as the script called PyTorch's; returns the outputs by the file's names. */
    static Map<String, Tensor> call(String kind, Module layer, SequenceGoldenTest.Config c, Map<String, Tensor> in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        switch (layer) {
            case Embedding e -> out.put("output", e.call(in.get("indices")));
            case EmbeddingBag b -> out.put("output", b.forward(in.get("input"), in.get("offsets"),
                    in.get("per_sample_weights")));
            case LSTM lstm when c.flag("packed", false) -> {
                LSTM.PackedOutput o = lstm.forward(pack(c, in), in.containsKey("h0")
                        ? new LSTM.State(in.get("h0"), in.get("c0")) : null);
                out.put("output", unpack(c, o.output()));
                out.put("h", o.h());
                out.put("c", o.c());
            }
            case LSTM lstm -> {
                LSTM.Output o = lstm.forward(in.get("input"), in.containsKey("h0")
                        ? new LSTM.State(in.get("h0"), in.get("c0")) : null);
                out.put("output", o.output());
                out.put("h", o.h());
                out.put("c", o.c());
            }
            case RNNBase rnn when c.flag("packed", false) -> {
                RNNBase.PackedOutput o = rnn instanceof GRU g ? g.forward(pack(c, in), in.get("h0"))
                        : ((RNN) rnn).forward(pack(c, in), in.get("h0"));
                out.put("output", unpack(c, o.output()));
                out.put("h", o.h());
            }
            case RNNBase rnn -> {
                RNNBase.Output o = rnn instanceof GRU g ? g.forward(in.get("input"), in.get("h0"))
                        : ((RNN) rnn).forward(in.get("input"), in.get("h0"));
                out.put("output", o.output());
                out.put("h", o.h());
            }
            case MultiheadAttention mha -> {
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
            case TransformerEncoder encoder -> out.put("output", encoder.forward(in.get("src"), in.get("mask"),
                    in.get("src_key_padding_mask")));
            case TransformerDecoder decoder -> out.put("output", decoder.forward(in.get("tgt"), in.get("memory"),
                    in.get("tgt_mask"), in.get("memory_mask"), in.get("tgt_key_padding_mask"),
                    in.get("memory_key_padding_mask")));
            case TransformerDecoderLayer decoder -> out.put("output", decoder.forward(in.get("tgt"), in.get("memory"),
                    in.get("tgt_mask"), in.get("memory_mask"), in.get("tgt_key_padding_mask"),
                    in.get("memory_key_padding_mask")));
            case Transformer t -> out.put("output", t.forward(in.get("src"), in.get("tgt"), in.get("src_mask"),
                    in.get("tgt_mask"), in.get("memory_mask"), in.get("src_key_padding_mask"),
                    in.get("tgt_key_padding_mask"), in.get("memory_key_padding_mask")));
            case CosineSimilarity s -> out.put("output", s.forward(in.get("x1"), in.get("x2")));
            case PairwiseDistance d -> out.put("output", d.forward(in.get("x1"), in.get("x2")));
            case Loss l -> out.put("output", l.forward(in.get("input"), in.get("target")));
            case GaussianNLLLoss l -> out.put("output", l.forward(in.get("input"), in.get("target"), in.get("var")));
            case TripletMarginWithDistanceLoss l -> out.put("output", l.forward(in.get("anchor"), in.get("positive"),
                    in.get("negative")));
            case CTCLoss l -> {
                Tensor logits = in.get("logits");
                Tensor logProbs = c.flag("log_softmax", false) ? logits.logSoftmax(-1) : logits;
                out.put("output", l.forward(logProbs, in.get("targets"), in.get("input_lengths"),
                        in.get("target_lengths")));
            }
            default -> out.put("output", layer.call(in.get("input")));
        }
        return out;
    }

    private static PackedSequence pack(SequenceGoldenTest.Config c, Map<String, Tensor> in) {
        return PackedSequence.packPadded(in.get("input"), in.get("lengths"), c.flag("batch_first", false),
                c.flag("enforce_sorted", true));
    }

    private static Tensor unpack(SequenceGoldenTest.Config c, PackedSequence packed) {
        Integer total = c.has("total_length") ? c.integer("total_length", 0) : null;
        return packed.pad(c.flag("batch_first", false), c.real("padding_value", 0), total).output();
    }
}
