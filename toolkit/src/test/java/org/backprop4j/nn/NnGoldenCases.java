package org.backprop4j.nn;

import static org.backprop4j.ops.Reduction.BATCH_MEAN;
import static org.backprop4j.ops.Reduction.MEAN;
import static org.backprop4j.ops.Reduction.NONE;
import static org.backprop4j.ops.Reduction.SUM;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.backprop4j.tensor.Tensor;

/**
 * The backprop4j side of {@code golden/nn_golden_cases.py} (run by {@code make_nn_golden.py}): for each case there,
 * a builder of the same name that makes our module with the same settings and calls it the same way. Parameters and
 * buffers are placeholders here (built in the default floating type of the pass); {@link NnGoldenTest} loads
 * PyTorch's values into them from the golden file's state dict. Class weights of losses are buffers in both
 * libraries, so they come from the state dict too.
 */
final class NnGoldenCases {
    private NnGoldenCases() {
    }

    /** A module and how a case calls it with the golden file's inputs. */
    record Built(Module module, Function<Tensor[], Tensor> forward) {
    }

    private static final Map<String, Supplier<Built>> BUILDERS = new LinkedHashMap<>();

    /** Builders by case name, in registration order. */
    static Map<String, Supplier<Built>> all() {
        return Collections.unmodifiableMap(BUILDERS);
    }

    private static void add(String name, Supplier<Built> builder) {
        if (BUILDERS.put(name, builder) != null) {
            throw new IllegalStateException("duplicate golden case " + name);
        }
    }

    /** A single-input module, called as {@code module.call(x)}. */
    private static void layer(String name, Supplier<Module> module) {
        add(name, () -> {
            Module m = module.get();
            return new Built(m, in -> m.call(in[0]));
        });
    }

    /** A loss, called as {@code loss.forward(input, target)}. */
    private static void loss(String name, Supplier<Loss> loss) {
        add(name, () -> {
            Loss l = loss.get();
            return new Built(l, in -> l.forward(in[0], in[1]));
        });
    }

    /** A placeholder for a tensor the state dict fills (class weights, positive-class weights). */
    private static Tensor slot(int... shape) {
        return Tensor.zeros(shape);
    }

    private static ConvOptions opts() {
        return ConvOptions.DEFAULT;
    }

    static {
        // linear layers
        layer("linear", () -> new Linear(5, 4));
        layer("linear_1d_input", () -> new Linear(3, 2));
        layer("linear_no_bias_3d_input", () -> new Linear(4, 3, false));
        add("bilinear", () -> {
            Bilinear m = new Bilinear(3, 4, 2);
            return new Built(m, in -> m.forward(in[0], in[1]));
        });
        add("bilinear_1d_inputs", () -> {
            Bilinear m = new Bilinear(2, 3, 2);
            return new Built(m, in -> m.forward(in[0], in[1]));
        });
        add("bilinear_no_bias_3d_input", () -> {
            Bilinear m = new Bilinear(2, 3, 4, false);
            return new Built(m, in -> m.forward(in[0], in[1]));
        });

        // convolutions
        layer("conv1d_stride_padding_groups", () -> new Conv1d(4, 6, 3, opts().withStride(2).withPadding(1)
                .withGroups(2)));
        layer("conv1d_same_dilation", () -> new Conv1d(3, 4, 3, opts().withDilation(2).withSamePadding()));
        layer("conv1d_same_even_kernel_no_bias", () -> new Conv1d(2, 3, 4, opts().withSamePadding().withBias(false)));
        layer("conv2d", () -> new Conv2d(3, 4, 3));
        layer("conv2d_groups_dilation_stride", () -> new Conv2d(4, 6, 3, opts().withStride(2).withPadding(2)
                .withDilation(2).withGroups(2)));
        layer("conv2d_same_dilation", () -> new Conv2d(2, 4, 3, opts().withDilation(2, 1).withSamePadding()));
        layer("conv2d_same_even_kernel", () -> new Conv2d(2, 2, 4, 2, opts().withSamePadding()));
        layer("conv2d_rectangular_stride_padding_no_bias", () -> new Conv2d(3, 2, 2, 3, opts().withStride(2, 1)
                .withPadding(1, 0).withBias(false)));
        layer("conv2d_depthwise", () -> new Conv2d(3, 3, 3, opts().withPadding(1).withGroups(3)));
        layer("conv_transpose2d", () -> new ConvTranspose2d(3, 2, 2));
        layer("conv_transpose2d_stride_padding_output_padding_groups", () -> new ConvTranspose2d(4, 6, 3,
                opts().withStride(2).withPadding(1).withOutputPadding(1).withGroups(2)));
        layer("conv_transpose2d_rectangular_stride_padding", () -> new ConvTranspose2d(2, 2, 3, opts().withStride(2, 1)
                .withPadding(0, 1)));
        layer("conv_transpose2d_dilation_no_bias", () -> new ConvTranspose2d(2, 3, 3, opts().withStride(3)
                .withPadding(2).withOutputPadding(2).withDilation(2).withBias(false)));

        // pooling
        layer("max_pool1d", () -> new MaxPool1d(2));
        layer("max_pool1d_stride_padding_dilation", () -> new MaxPool1d(3, 2, 1, 2));
        layer("max_pool2d", () -> new MaxPool2d(2));
        layer("max_pool2d_stride_padding", () -> new MaxPool2d(3, 2, 1));
        layer("max_pool2d_dilation", () -> new MaxPool2d(2, 1, 1, 2));
        layer("avg_pool1d", () -> new AvgPool1d(3));
        layer("avg_pool1d_padding_exclude_pad", () -> new AvgPool1d(3, 2, 1, false));
        layer("avg_pool2d", () -> new AvgPool2d(2));
        layer("avg_pool2d_padding_include_pad", () -> new AvgPool2d(3, 2, 1, true));
        layer("avg_pool2d_padding_exclude_pad", () -> new AvgPool2d(3, 2, 1, false));
        layer("adaptive_avg_pool2d", () -> new AdaptiveAvgPool2d(3, 2));
        layer("adaptive_avg_pool2d_global", () -> new AdaptiveAvgPool2d(1));
        layer("adaptive_avg_pool2d_larger_output", () -> new AdaptiveAvgPool2d(5, 4));

        // reshaping
        layer("flatten", Flatten::new);
        layer("flatten_all_dims", () -> new Flatten(0, -1));
        layer("flatten_middle_dims", () -> new Flatten(1, 2));
        layer("unflatten", () -> new Unflatten(1, 3, 4));
        layer("unflatten_inferred_size", () -> new Unflatten(-1, 2, -1));

        // normalization
        layer("batch_norm1d_train", () -> new BatchNorm1d(4));
        layer("batch_norm1d_train_3d_eps_momentum", () -> new BatchNorm1d(4, 1e-3, 0.3, true, true));
        layer("batch_norm1d_eval", () -> new BatchNorm1d(4));
        layer("batch_norm1d_train_no_affine", () -> new BatchNorm1d(3, 1e-5, 0.1, false, true));
        layer("batch_norm2d_train", () -> new BatchNorm2d(3));
        layer("batch_norm2d_eval", () -> new BatchNorm2d(3));
        layer("batch_norm2d_untracked_eval", () -> new BatchNorm2d(3, 1e-5, 0.1, true, false));
        layer("batch_norm2d_untracked_train", () -> new BatchNorm2d(3, 1e-5, 0.1, true, false));
        layer("layer_norm", () -> new LayerNorm(5));
        layer("layer_norm_2d_shape_eps", () -> new LayerNorm(new int[] {3, 4}, 1e-3, true));
        layer("layer_norm_no_affine", () -> new LayerNorm(new int[] {6}, 1e-5, false));
        layer("group_norm", () -> new GroupNorm(2, 6));
        layer("group_norm_3d_eps_no_affine", () -> new GroupNorm(3, 6, 1e-3, false));

        // dropout
        layer("dropout_eval", () -> new Dropout(0.5));
        layer("dropout_p0_train", () -> new Dropout(0.0));
        layer("dropout_p1_train", () -> new Dropout(1.0));
        layer("dropout2d_eval", () -> new Dropout2d(0.3));
        layer("dropout2d_p0_train", () -> new Dropout2d(0.0));
        layer("dropout2d_p1_train", () -> new Dropout2d(1.0));

        // embedding
        layer("embedding", () -> new Embedding(7, 3));
        layer("embedding_padding_idx", () -> new Embedding(6, 3, 2));
        layer("embedding_padding_idx_nonzero_row", () -> new Embedding(4, 3, 1));
        layer("embedding_negative_padding_idx", () -> new Embedding(5, 2, -1));

        // activations, identity, containers
        layer("relu", ReLU::new);
        layer("leaky_relu", () -> new LeakyReLU(0.2));
        layer("elu", () -> new ELU(1.3));
        layer("selu", SELU::new);
        layer("gelu", GELU::new);
        layer("gelu_tanh", () -> new GELU(true));
        layer("silu", SiLU::new);
        layer("sigmoid", Sigmoid::new);
        layer("tanh", Tanh::new);
        layer("softplus", Softplus::new);
        layer("softplus_beta_threshold", () -> new Softplus(2, 3));
        layer("hardtanh", Hardtanh::new);
        layer("hardtanh_bounds", () -> new Hardtanh(-0.5, 0.8));
        layer("log_softmax", () -> new LogSoftmax(1));
        layer("softmax", () -> new Softmax(-1));
        layer("identity", Identity::new);
        layer("residual", () -> new Residual(new Sequential(new Linear(4, 4), new Tanh(), new Linear(4, 4))));
        Supplier<Module> cnn = () -> new Sequential(new Conv2d(2, 4, 3, opts().withPadding(1)), new BatchNorm2d(4),
                new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(16, 3));
        layer("sequential_cnn_train", cnn);
        layer("sequential_cnn_eval", cnn);

        // regression losses
        loss("mse_loss", MSELoss::new);
        loss("mse_loss_sum", () -> new MSELoss(SUM));
        loss("mse_loss_none", () -> new MSELoss(NONE));
        loss("l1_loss", L1Loss::new);
        loss("l1_loss_none", () -> new L1Loss(NONE));
        loss("smooth_l1_loss", SmoothL1Loss::new);
        loss("smooth_l1_loss_beta_sum", () -> new SmoothL1Loss(0.5, SUM));
        loss("smooth_l1_loss_beta0_none", () -> new SmoothL1Loss(0, NONE));
        loss("huber_loss", HuberLoss::new);
        loss("huber_loss_delta_none", () -> new HuberLoss(0.7, NONE));

        // binary classification losses
        loss("bce_loss", BCELoss::new);
        loss("bce_loss_weight_sum", () -> new BCELoss(slot(4), SUM));
        loss("bce_loss_none", () -> new BCELoss(null, NONE));
        add("bce_loss_after_saturated_sigmoid", () -> {
            BCELoss m = new BCELoss();
            return new Built(m, in -> m.forward(in[0].sigmoid(), in[1]));
        });
        loss("bce_with_logits_loss", BCEWithLogitsLoss::new);
        loss("bce_with_logits_loss_weight_pos_weight_sum", () -> new BCEWithLogitsLoss(slot(3, 1), slot(4), SUM));
        loss("bce_with_logits_loss_pos_weight_none", () -> new BCEWithLogitsLoss(null, slot(3), NONE));
        loss("bce_with_logits_loss_large_logits", () -> new BCEWithLogitsLoss(null, slot(4), MEAN));
        loss("bce_with_logits_loss_large_logits_soft_targets_sum", () -> new BCEWithLogitsLoss(null, null, SUM));

        // multi-class losses
        loss("cross_entropy", CrossEntropyLoss::new);
        loss("cross_entropy_weight_ignore_index", () -> new CrossEntropyLoss().withWeight(slot(5)).withIgnoreIndex(1));
        loss("cross_entropy_default_ignore_index_sum", () -> new CrossEntropyLoss().withReduction(SUM));
        loss("cross_entropy_label_smoothing", () -> new CrossEntropyLoss().withLabelSmoothing(0.1));
        loss("cross_entropy_label_smoothing_weight_ignore_index", () -> new CrossEntropyLoss().withWeight(slot(5))
                .withLabelSmoothing(0.2));
        loss("cross_entropy_label_smoothing_weight_none", () -> new CrossEntropyLoss(slot(5), 0, 0.3, NONE));
        loss("cross_entropy_probabilities", CrossEntropyLoss::new);
        loss("cross_entropy_probabilities_weight_label_smoothing_sum", () -> new CrossEntropyLoss(slot(5), -100, 0.15,
                SUM));
        loss("cross_entropy_nd_indices_none", () -> new CrossEntropyLoss().withReduction(NONE));
        loss("cross_entropy_nd_weight_ignore_index", () -> new CrossEntropyLoss().withWeight(slot(3)));
        loss("cross_entropy_nd_label_smoothing", () -> new CrossEntropyLoss().withLabelSmoothing(0.1));
        loss("cross_entropy_nd_probabilities", CrossEntropyLoss::new);
        loss("cross_entropy_large_logits", CrossEntropyLoss::new);
        loss("cross_entropy_large_logits_weight_label_smoothing", () -> new CrossEntropyLoss(slot(5), -100, 0.1,
                MEAN));
        loss("cross_entropy_large_logits_probabilities", () -> new CrossEntropyLoss().withReduction(SUM));
        loss("nll_loss", NLLLoss::new);
        loss("nll_loss_weight_mean", () -> new NLLLoss(slot(5), -100, MEAN));
        loss("nll_loss_weight_ignore_index_sum", () -> new NLLLoss(slot(5), 0, SUM));
        loss("nll_loss_nd_none", () -> new NLLLoss(null, -100, NONE));

        // divergence, ranking and embedding losses
        loss("kl_div_loss", KLDivLoss::new);
        loss("kl_div_loss_batchmean", () -> new KLDivLoss(BATCH_MEAN, false));
        loss("kl_div_loss_log_target_sum", () -> new KLDivLoss(SUM, true));
        loss("kl_div_loss_none", () -> new KLDivLoss(NONE, false));
        add("cosine_embedding_loss", () -> {
            CosineEmbeddingLoss m = new CosineEmbeddingLoss();
            return new Built(m, in -> m.forward(in[0], in[1], in[2]));
        });
        add("cosine_embedding_loss_zero_vector", () -> {
            CosineEmbeddingLoss m = new CosineEmbeddingLoss(-0.5, MEAN);
            return new Built(m, in -> m.forward(in[0], in[1], in[2]));
        });
        add("cosine_embedding_loss_margin_none", () -> {
            CosineEmbeddingLoss m = new CosineEmbeddingLoss(0.2, NONE);
            return new Built(m, in -> m.forward(in[0], in[1], in[2]));
        });
        add("margin_ranking_loss", () -> {
            MarginRankingLoss m = new MarginRankingLoss();
            return new Built(m, in -> m.forward(in[0], in[1], in[2]));
        });
        add("margin_ranking_loss_margin_sum", () -> {
            MarginRankingLoss m = new MarginRankingLoss(0.5, SUM);
            return new Built(m, in -> m.forward(in[0], in[1], in[2]));
        });
        add("triplet_margin_loss", () -> {
            TripletMarginLoss m = new TripletMarginLoss();
            return new Built(m, in -> m.forward(in[0], in[1], in[2]));
        });
        add("triplet_margin_loss_p1_swap_none", () -> {
            TripletMarginLoss m = new TripletMarginLoss(0.5, 1, 1e-6, true, NONE);
            return new Built(m, in -> m.forward(in[0], in[1], in[2]));
        });
        add("triplet_margin_loss_p3_eps_sum", () -> {
            TripletMarginLoss m = new TripletMarginLoss(2, 3, 1e-3, false, SUM);
            return new Built(m, in -> m.forward(in[0], in[1], in[2]));
        });
    }
}
