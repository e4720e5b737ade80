package org.backprop4j.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.nn.*;
import org.backprop4j.nn.Module;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Every function of {@link F} against the module that computes the same thing: same inputs, the same output and the
 * same gradients for every leaf, bit for bit.
 */
class FTest {
    private static Tensor leaf(int seed, int... shape) {
        return Tensor.randn(Rng.seeded(seed), shape).requiresGrad(true);
    }

    /** Runs both versions with the same upstream gradient; asserts equal outputs and leaf gradients. */
    private static void agree(String what, Supplier<Tensor> module, Supplier<Tensor> functional, Tensor... leaves) {
        Tensor expected = module.get();
        List<Tensor> expectedGrads = backward(what, expected, leaves);
        Tensor actual = functional.get();
        List<Tensor> actualGrads = backward(what, actual, leaves);
        assertThat(actual).as(what).isBitwiseEqualTo(expected);
        for (int i = 0; i < leaves.length; i++) {
            assertThat(actualGrads.get(i)).as(what + ": gradient of leaf " + i).isBitwiseEqualTo(expectedGrads.get(i));
        }
    }

    private static List<Tensor> backward(String what, Tensor out, Tensor[] leaves) {
        for (Tensor t : leaves) {
            t.zeroGrad();
        }
        out.backward(Tensor.randn(Rng.seeded(99), out.dtype(), out.shape().toArray()));
        List<Tensor> grads = new ArrayList<>();
        for (Tensor t : leaves) {
            assertThat(t.grad()).as(what + ": a gradient reached every leaf").isNotNull();
            grads.add(t.grad().clone());
        }
        return grads;
    }

    private static Tensor p(Module m, String name) {
        return m.namedParameters().get(name);
    }

    @Test
    void linearAndConvolutions() {
        Tensor x = leaf(1, 2, 4);
        Linear lin = new Linear(4, 3);
        agree("linear", () -> lin.call(x), () -> F.linear(x, p(lin, "weight"), p(lin, "bias")), x, p(lin, "weight"),
                p(lin, "bias"));
        Linear noBias = new Linear(4, 3, false);
        agree("linear without bias", () -> noBias.call(x), () -> F.linear(x, p(noBias, "weight")), x);

        Tensor img = leaf(2, 2, 4, 7, 6);
        Conv2d conv = new Conv2d(4, 6, 3, ConvOptions.DEFAULT.withStride(2).withPadding(1));
        agree("conv2d", () -> conv.call(img), () -> F.conv2d(img, p(conv, "weight"), p(conv, "bias"), 2, 1), img,
                p(conv, "weight"), p(conv, "bias"));
        Conv2d grouped = new Conv2d(4, 6, 3, ConvOptions.DEFAULT.withGroups(2).withDilation(2).withBias(false));
        agree("grouped dilated conv2d", () -> grouped.call(img),
                () -> F.conv2d(img, p(grouped, "weight"), null, 1, 0, 2, 2), img, p(grouped, "weight"));
        Conv2d plain = new Conv2d(4, 2, 2);
        agree("conv2d defaults", () -> plain.call(img), () -> F.conv2d(img, p(plain, "weight"), p(plain, "bias")),
                img);

        Tensor seq = leaf(3, 2, 3, 9);
        Conv1d c1 = new Conv1d(3, 4, 3, ConvOptions.DEFAULT.withStride(2).withPadding(1));
        agree("conv1d", () -> c1.call(seq), () -> F.conv1d(seq, p(c1, "weight"), p(c1, "bias"), 2, 1, 1, 1), seq,
                p(c1, "weight"));

        ConvTranspose2d up = new ConvTranspose2d(4, 3, 3,
                ConvOptions.DEFAULT.withStride(2).withPadding(1).withOutputPadding(1));
        agree("convTranspose2d", () -> up.call(img),
                () -> F.convTranspose2d(img, p(up, "weight"), p(up, "bias"), 2, 1, 1, 1, 1), img, p(up, "weight"),
                p(up, "bias"));
    }

    @Test
    void pooling() {
        Tensor img = leaf(4, 2, 3, 7, 8);
        agree("maxPool2d", () -> new MaxPool2d(2).call(img), () -> F.maxPool2d(img, 2), img);
        agree("maxPool2d padded", () -> new MaxPool2d(3, 2, 1).call(img), () -> F.maxPool2d(img, 3, 2, 1), img);
        agree("avgPool2d", () -> new AvgPool2d(2).call(img), () -> F.avgPool2d(img, 2), img);
        agree("avgPool2d without pad", () -> new AvgPool2d(3, 2, 1, false).call(img),
                () -> F.avgPool2d(img, 3, 2, 1, false), img);
        agree("adaptiveAvgPool2d", () -> new AdaptiveAvgPool2d(3, 2).call(img), () -> F.adaptiveAvgPool2d(img, 3, 2),
                img);
        Tensor seq = leaf(5, 2, 3, 9);
        agree("maxPool1d", () -> new MaxPool1d(2).call(seq), () -> F.maxPool1d(seq, 2), seq);
        agree("avgPool1d", () -> new AvgPool1d(3, 2, 1, false).call(seq), () -> F.avgPool1d(seq, 3, 2, 1, false),
                seq);
    }

    @Test
    void activations() {
        Tensor x = leaf(6, 3, 5);
        agree("relu", () -> new ReLU().call(x), () -> F.relu(x), x);
        agree("leakyRelu", () -> new LeakyReLU().call(x), () -> F.leakyRelu(x), x);
        agree("elu", () -> new ELU().call(x), () -> F.elu(x), x);
        agree("selu", () -> new SELU().call(x), () -> F.selu(x), x);
        agree("gelu", () -> new GELU().call(x), () -> F.gelu(x), x);
        agree("gelu tanh", () -> new GELU(true).call(x), () -> F.gelu(x, true), x);
        agree("silu", () -> new SiLU().call(x), () -> F.silu(x), x);
        agree("sigmoid", () -> new Sigmoid().call(x), () -> F.sigmoid(x), x);
        agree("tanh", () -> new Tanh().call(x), () -> F.tanh(x), x);
        agree("softplus", () -> new Softplus().call(x), () -> F.softplus(x), x);
        agree("hardtanh", () -> new Hardtanh().call(x), () -> F.hardtanh(x), x);
        agree("relu6", () -> new Hardtanh(0, 6).call(x.mul(4)), () -> F.relu6(x.mul(4)), x);
        agree("softmax", () -> new Softmax(1).call(x), () -> F.softmax(x, 1), x);
        agree("logSoftmax", () -> new LogSoftmax(0).call(x), () -> F.logSoftmax(x, 0), x);
    }

    @Test
    void dropoutDrawsTheSameMasksAsTheModuleAndIsTheIdentityOutsideTraining() {
        Tensor x = leaf(7, 4, 6);
        agree("dropout", () -> new Dropout(0.3, Rng.seeded(5)).call(x), () -> F.dropout(x, 0.3, true, Rng.seeded(5)),
                x);
        Tensor img = leaf(8, 2, 4, 3, 3);
        agree("dropout2d", () -> new Dropout2d(0.5, Rng.seeded(6)).call(img),
                () -> F.dropout2d(img, 0.5, true, Rng.seeded(6)), img);
        assertThat(F.dropout(x, 0.3, false)).isSameAs(x);
        assertThatThrownBy(() -> F.dropout(x, 1.5, false)).hasMessageContaining("Dropout").hasMessageContaining("1.5");
    }

    @Test
    void normalizationAndItsRunningStatistics() {
        Tensor img = leaf(9, 4, 3, 2, 2);
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor mean = Tensor.zeros(3);
        Tensor var = Tensor.ones(3);
        agree("batchNorm (training)", () -> bn.call(img),
                () -> F.batchNorm(img, mean, var, p(bn, "weight"), p(bn, "bias"), true, 0.1, 1e-5), img,
                p(bn, "weight"), p(bn, "bias"));
        assertThat(mean).as("the running statistics moved as the module's did").isBitwiseEqualTo(bn.runningMean());
        assertThat(var).isBitwiseEqualTo(bn.runningVar());
        assertThat(mean).isNotCloseTo(Tensor.zeros(3));
        BatchNorm1d eval = new BatchNorm1d(3);
        eval.eval();
        Tensor rows = leaf(10, 5, 3);
        agree("batchNorm (evaluation)", () -> eval.call(rows),
                () -> F.batchNorm(rows, eval.runningMean(), eval.runningVar(), p(eval, "weight"), p(eval, "bias"),
                        false, 0.1, 1e-5), rows);
        agree("batchNorm defaults", () -> new BatchNorm1d(3, 1e-5, 0.1, false, true).eval().call(rows),
                () -> F.batchNorm(rows, Tensor.zeros(3), Tensor.ones(3)), rows);

        Tensor seq = leaf(11, 2, 3, 4);
        LayerNorm ln = new LayerNorm(3, 4);
        agree("layerNorm", () -> ln.call(seq), () -> F.layerNorm(seq, new int[] {3, 4}, p(ln, "weight"),
                p(ln, "bias"), 1e-5), seq, p(ln, "weight"));
        agree("layerNorm defaults", () -> new LayerNorm(new int[] {4}, 1e-5, false).call(seq),
                () -> F.layerNorm(seq, 4), seq);
        Tensor maps = leaf(12, 2, 4, 3);
        GroupNorm gn = new GroupNorm(2, 4);
        agree("groupNorm", () -> gn.call(maps), () -> F.groupNorm(maps, 2, p(gn, "weight"), p(gn, "bias"), 1e-5),
                maps, p(gn, "bias"));
    }

    @Test
    void embeddingWithAndWithoutPadding() {
        Tensor idx = Tensor.of(new long[] {0, 3, 1, 3, 4, 1}, 2, 3);
        Embedding plain = new Embedding(5, 3);
        agree("embedding", () -> plain.call(idx), () -> F.embedding(idx, p(plain, "weight")), p(plain, "weight"));
        Embedding padded = new Embedding(5, 3, -2);
        agree("embedding with padding", () -> padded.call(idx), () -> F.embedding(idx, p(padded, "weight"), -2),
                p(padded, "weight"));
        assertThat(p(padded, "weight").grad().select(0, 3)).as("the padding row receives nothing").hasValues(0, 0, 0);
        assertThatThrownBy(() -> F.embedding(idx.to(DType.FLOAT32), p(plain, "weight")))
                .hasMessage("F.embedding: indices must be int64, got float32 of shape [2, 3]");
    }

    @Test
    void theNewerLayersAgreeToo() {
        Tensor x = leaf(21, 2, 3, 4, 4);
        agree("mish", () -> new Mish().call(x), () -> F.mish(x), x);
        agree("hardswish", () -> new Hardswish().call(x), () -> F.hardswish(x), x);
        agree("reflect pad", () -> new ReflectionPad2d(1).call(x),
                () -> F.pad(x, new int[] {1, 1, 1, 1}, org.backprop4j.ops.Padding.Mode.REFLECT, 0), x);
        agree("bilinear", () -> new Upsample(null, new double[] {2}, org.backprop4j.ops.Resampling.Mode.BILINEAR,
                true, false).call(x), () -> F.interpolate(x, 2, org.backprop4j.ops.Resampling.Mode.BILINEAR, true), x);
        Tensor v = leaf(22, 1, 2, 4, 4, 4);
        agree("maxPool3d", () -> new MaxPool3d(2).call(v), () -> F.maxPool3d(v, 2), v);
        Tensor a = leaf(23, 5, 8);
        Tensor b = leaf(24, 5, 8);
        agree("cosineSimilarity", () -> new CosineSimilarity().forward(a, b), () -> F.cosineSimilarity(a, b), a, b);
        Tensor logits = leaf(25, 12, 2, 6);
        Tensor targets = Tensor.of(new long[][] {{1, 2, 2}, {3, 5, 0}});
        Tensor inputLengths = Tensor.of(12L, 10);
        Tensor targetLengths = Tensor.of(3L, 2);
        agree("ctcLoss", () -> new CTCLoss().forward(logits.logSoftmax(2), targets, inputLengths, targetLengths),
                () -> F.ctcLoss(logits.logSoftmax(2), targets, inputLengths, targetLengths), logits);
    }

    @Test
    void regressionLosses() {
        Tensor x = leaf(13, 4, 3);
        Tensor y = Tensor.randn(Rng.seeded(14), 4, 3);
        agree("mseLoss", () -> new MSELoss().forward(x, y), () -> F.mseLoss(x, y), x);
        agree("mseLoss sum", () -> new MSELoss(Reduction.SUM).forward(x, y), () -> F.mseLoss(x, y, Reduction.SUM), x);
        agree("l1Loss", () -> new L1Loss().forward(x, y), () -> F.l1Loss(x, y), x);
        agree("smoothL1Loss", () -> new SmoothL1Loss().forward(x, y), () -> F.smoothL1Loss(x, y), x);
        agree("smoothL1Loss beta", () -> new SmoothL1Loss(0.5, Reduction.NONE).forward(x, y),
                () -> F.smoothL1Loss(x, y, 0.5, Reduction.NONE), x);
        agree("huberLoss", () -> new HuberLoss().forward(x, y), () -> F.huberLoss(x, y), x);
        agree("huberLoss delta", () -> new HuberLoss(0.3, Reduction.SUM).forward(x, y),
                () -> F.huberLoss(x, y, 0.3, Reduction.SUM), x);
    }

    @Test
    void classificationLosses() {
        Tensor logits = leaf(15, 4, 3);
        Tensor labels = Tensor.of(0L, 2L, 1L, 2L);
        Tensor w = Tensor.of(0.5f, 1f, 2f);
        agree("crossEntropy", () -> new CrossEntropyLoss().forward(logits, labels),
                () -> F.crossEntropy(logits, labels), logits);
        agree("crossEntropy with options", () -> new CrossEntropyLoss(w, 1, 0.1, Reduction.MEAN).forward(logits,
                labels), () -> F.crossEntropy(logits, labels, w, 1, 0.1, Reduction.MEAN), logits);
        agree("nllLoss", () -> new NLLLoss().forward(logits.logSoftmax(1), labels),
                () -> F.nllLoss(logits.logSoftmax(1), labels), logits);
        agree("nllLoss with options", () -> new NLLLoss(w, 2, Reduction.SUM).forward(logits.logSoftmax(1), labels),
                () -> F.nllLoss(logits.logSoftmax(1), labels, w, 2, Reduction.SUM), logits);

        Tensor targets = Tensor.rand(Rng.seeded(16), 4, 3);
        agree("binaryCrossEntropy", () -> new BCELoss().forward(logits.sigmoid(), targets),
                () -> F.binaryCrossEntropy(logits.sigmoid(), targets), logits);
        agree("binaryCrossEntropy weighted", () -> new BCELoss(w, Reduction.SUM).forward(logits.sigmoid(), targets),
                () -> F.binaryCrossEntropy(logits.sigmoid(), targets, w, Reduction.SUM), logits);
        agree("binaryCrossEntropyWithLogits", () -> new BCEWithLogitsLoss().forward(logits, targets),
                () -> F.binaryCrossEntropyWithLogits(logits, targets), logits);
        agree("binaryCrossEntropyWithLogits weighted", () -> new BCEWithLogitsLoss(null, w, Reduction.NONE)
                .forward(logits, targets), () -> F.binaryCrossEntropyWithLogits(logits, targets, null, w,
                Reduction.NONE), logits);
        Tensor probs = targets.softmax(1);
        agree("klDiv", () -> new KLDivLoss().forward(logits.logSoftmax(1), probs),
                () -> F.klDiv(logits.logSoftmax(1), probs), logits);
        agree("klDiv batch mean, log target", () -> new KLDivLoss(Reduction.BATCH_MEAN, true)
                .forward(logits.logSoftmax(1), probs.log()),
                () -> F.klDiv(logits.logSoftmax(1), probs.log(), Reduction.BATCH_MEAN, true), logits);
    }

    @Test
    void embeddingLosses() {
        Tensor a = leaf(17, 4, 5);
        Tensor b = leaf(18, 4, 5);
        Tensor c = Tensor.randn(Rng.seeded(19), 4, 5);
        Tensor signs = Tensor.of(1f, -1f, -1f, 1f);
        agree("cosineEmbeddingLoss", () -> new CosineEmbeddingLoss().forward(a, b, signs),
                () -> F.cosineEmbeddingLoss(a, b, signs), a, b);
        agree("cosineEmbeddingLoss margin", () -> new CosineEmbeddingLoss(0.2, Reduction.SUM).forward(a, b, signs),
                () -> F.cosineEmbeddingLoss(a, b, signs, 0.2, Reduction.SUM), a, b);
        Tensor s1 = a.sum(1).detach().requiresGrad(true);
        Tensor s2 = b.sum(1).detach().requiresGrad(true);
        agree("marginRankingLoss", () -> new MarginRankingLoss().forward(s1, s2, signs),
                () -> F.marginRankingLoss(s1, s2, signs), s1, s2);
        agree("marginRankingLoss margin", () -> new MarginRankingLoss(0.5, Reduction.NONE).forward(s1, s2, signs),
                () -> F.marginRankingLoss(s1, s2, signs, 0.5, Reduction.NONE), s1, s2);
        agree("tripletMarginLoss", () -> new TripletMarginLoss().forward(a, b, c),
                () -> F.tripletMarginLoss(a, b, c), a, b);
        agree("tripletMarginLoss options", () -> new TripletMarginLoss(0.5, 1, 1e-6, true, Reduction.SUM)
                .forward(a, b, c), () -> F.tripletMarginLoss(a, b, c, 0.5, 1, 1e-6, true, Reduction.SUM), a, b);
    }

    @Test
    void errorsNameTheFunctionAndTheShapes() {
        Tensor x = Tensor.randn(2, 4);
        assertThatThrownBy(() -> F.linear(x, Tensor.randn(3, 5)))
                .hasMessage("F.linear: expected input of shape [*, 5] (last dimension = weight.size(1)), got [2, 4]");
        assertThatThrownBy(() -> F.linear(x, Tensor.randn(4)))
                .hasMessage("F.linear: expected weight of shape [out, in], got [4]");
        assertThatThrownBy(() -> F.conv2d(Tensor.randn(1, 2, 5, 5), Tensor.randn(3, 2, 3)))
                .hasMessage("F.conv2d: expected weight of shape [O, C / groups, kH, kW], got [3, 2, 3]");
        assertThatThrownBy(() -> F.maxPool2d(Tensor.randn(1, 2, 5, 5), 0))
                .hasMessage("F.maxPool2d: kernel 0x0, stride 0 and dilation 1 must be positive and padding 0 "
                        + "non-negative");
        assertThatThrownBy(() -> F.conv2d(Tensor.randn(1, 3, 5, 5), Tensor.randn(4, 2, 3, 3)))
                .hasMessageStartingWith("conv2d: input [1, 3, 5, 5] and weight [4, 2, 3, 3] do not fit");
    }
}
