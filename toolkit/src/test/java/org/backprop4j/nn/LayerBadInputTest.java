package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad inputs to layers and losses: each error names the layer by its dotted path and the shapes involved. */
class LayerBadInputTest {
    static final class Model extends Module {
        final Sequential encoder = new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4), new MaxPool2d(2));
        final Linear classifier = new Linear(16, 10);
        final Embedding tokens = new Embedding(10, 4, 0);
        final LayerNorm norm = new LayerNorm(4);
    }

    private Model model;

    @BeforeEach
    void build() {
        model = new Model();
        model.parameters(); // names every layer
    }

    @Test
    void wrongRank() {
        assertThatThrownBy(() -> model.encoder.call(Tensor.zeros(3, 8, 8)))
                .hasMessage("encoder.0 (Conv2d): expected a [N, C, H, W] input of rank 4, got shape [3, 8, 8]");
        assertThatThrownBy(() -> model.encoder.get(1).call(Tensor.zeros(2, 4, 5)))
                .hasMessage("encoder.1 (BatchNorm2d): expected a [N, C, H, W] input of rank 4, got shape [2, 4, 5]");
        assertThatThrownBy(() -> new BatchNorm1d(3).call(Tensor.zeros(2, 3, 4, 5)))
                .hasMessage("BatchNorm1d: expected a [N, C] or [N, C, L] input of rank 2 or 3, got shape "
                        + "[2, 3, 4, 5]");
    }

    @Test
    void wrongChannelCount() {
        assertThatThrownBy(() -> model.encoder.call(Tensor.zeros(2, 1, 8, 8)))
                .hasMessage("encoder.0 (Conv2d): expected 3 channels at dimension 1 of a [N, C, H, W] input, got "
                        + "shape [2, 1, 8, 8]");
        assertThatThrownBy(() -> model.classifier.call(Tensor.zeros(2, 15)))
                .hasMessage("classifier (Linear): expected input of shape [*, 16] (last dimension = inFeatures), "
                        + "got [2, 15]");
        assertThatThrownBy(() -> new GroupNorm(2, 4).call(Tensor.zeros(2, 6, 3)))
                .hasMessage("GroupNorm: expected input of shape [N, 4, ...], got [2, 6, 3]");
    }

    @Test
    void inputSmallerThanTheKernel() {
        assertThatThrownBy(() -> model.encoder.call(Tensor.zeros(1, 3, 2, 8)))
                .hasMessageStartingWith("encoder.0 (Conv2d): input of shape [1, 3, 2, 8] is smaller than the kernel");
    }

    @Test
    void batchNormNeedsMoreThanOneValuePerChannelInTraining() {
        assertThatThrownBy(() -> new BatchNorm1d(3).call(Tensor.zeros(1, 3)))
                .hasMessageContaining("expected more than one value per channel in training, got input of shape "
                        + "[1, 3]");
    }

    @Test
    void layerNormShapeMismatch() {
        assertThatThrownBy(() -> model.norm.call(Tensor.zeros(2, 5)))
                .hasMessage("norm (LayerNorm): expected input of shape [*, 4], got [2, 5]");
    }

    @Test
    void embeddingIndices() {
        assertThatThrownBy(() -> model.tokens.call(Tensor.of(1L, 10)))
                .hasMessage("tokens (Embedding): index 10 is out of range for 10 embeddings");
        assertThatThrownBy(() -> model.tokens.call(Tensor.of(1f, 2f)))
                .hasMessage("tokens (Embedding): expected int64 indices, got float32 of shape [2]");
    }

    @Test
    void invalidConstruction() {
        assertThatThrownBy(() -> new Conv2d(3, 4, 3, ConvOptions.DEFAULT.withGroups(2)))
                .hasMessage("Conv2d: inChannels 3 and outChannels 4 must both be divisible by groups 2");
        assertThatThrownBy(() -> new Conv2d(3, 4, 3, ConvOptions.DEFAULT.withSamePadding().withStride(2)))
                .hasMessage("Conv2d: padding 'same' needs stride 1, got stride 2x2");
        assertThatThrownBy(() -> new Linear(0, 3)).hasMessage("Linear: inFeatures must be >= 1, got 0");
        assertThatThrownBy(() -> new Dropout(1.5)).hasMessage("Dropout: p must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new GroupNorm(3, 4)).hasMessage("GroupNorm: numChannels 4 must be divisible by "
                + "numGroups 3");
        assertThatThrownBy(() -> ConvOptions.DEFAULT.withStride(0))
                .hasMessage("ConvOptions: stride must be 1 to 3 values >= 1, got 0");
    }

    @Test
    void lossTargets() {
        assertThatThrownBy(() -> new CrossEntropyLoss().forward(Tensor.zeros(4, 3), Tensor.of(0L, 1, 2)))
                .hasMessage("crossEntropy: input of shape [4, 3] (expected [N, C, ...]) needs class indices of shape [4], got "
                        + "[3]");
        assertThatThrownBy(() -> new CrossEntropyLoss().forward(Tensor.zeros(2, 3), Tensor.of(0L, 3)))
                .hasMessage("crossEntropy: target class 3 is out of range for 3 classes (and is not the ignore index -100)");
        assertThatThrownBy(() -> new MSELoss(Reduction.SUM).forward(Tensor.zeros(2, 3), Tensor.zeros(3, 2)))
                .hasMessage("mse: input of shape [2, 3] and target of shape [3, 2] must have the same shape");
        assertThatThrownBy(() -> new MarginRankingLoss().forward(Tensor.zeros(2), Tensor.zeros(2),
                Tensor.of(1f, 0f))).hasMessage("marginRanking: target values must be 1 or -1, got 0.0");
    }
}
