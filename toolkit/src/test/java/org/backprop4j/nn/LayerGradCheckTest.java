package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.backprop4j.array.Scope;
import org.backprop4j.ops.Reduction;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer and loss through float64 finite-difference checks of its input and parameter gradients, and of
 * second derivatives where the layer is smooth at the inputs (pooling and dropout masks included: they are
 * piecewise linear, so second derivatives exist away from ties).
 */
class LayerGradCheckTest {
    /** A layer, how to call it, and its inputs. */
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

    private static Tensor distinct(Rng r, int... dims) {
        Tensor t = Tensor.randn(r, DType.FLOAT64, dims);
        int n = t.numel();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 7919 % n) * 0.37 - n * 0.18; // distinct values, spaced well above the finite step
        }
        return Tensor.of(v).reshape(dims).requiresGrad(true);
    }

    private static Case single(String name, Supplier<Module> layer, Function<Rng, Tensor[]> inputs, boolean twice) {
        return new Case(name, layer, m -> in -> m.call(in[0]), inputs, twice);
    }

    private static Case loss(String name, Supplier<Loss> loss, Function<Rng, Tensor[]> inputs) {
        return new Case(name, loss::get, m -> in -> ((Loss) m).forward(in[0], in[1]), inputs, true);
    }

    static Stream<Case> cases() {
        return Stream.of(
                single("Linear", () -> new Linear(3, 4), r -> new Tensor[] {x(r, 2, 3)}, true),
                single("Linear without bias on [2, 2, 3]", () -> new Linear(3, 2, false),
                        r -> new Tensor[] {x(r, 2, 2, 3)}, true),
                new Case("Bilinear", () -> new Bilinear(2, 3, 2), m -> in -> ((Bilinear) m).forward(in[0], in[1]),
                        r -> new Tensor[] {x(r, 2, 2), x(r, 2, 3)}, true),
                single("Conv1d stride 2 padding 1", () -> new Conv1d(2, 3, 3,
                        ConvOptions.DEFAULT.withStride(2).withPadding(1)), r -> new Tensor[] {x(r, 2, 2, 7)}, true),
                single("Conv1d same padding, even kernel", () -> new Conv1d(2, 2, 4,
                        ConvOptions.DEFAULT.withSamePadding()), r -> new Tensor[] {x(r, 1, 2, 6)}, true),
                single("Conv2d", () -> new Conv2d(2, 3, 3), r -> new Tensor[] {x(r, 2, 2, 5, 5)}, true),
                single("Conv2d groups 2, stride 2, dilation 2, padding 1", () -> new Conv2d(4, 2, 2,
                        ConvOptions.DEFAULT.withGroups(2).withStride(2).withDilation(2).withPadding(1)),
                        r -> new Tensor[] {x(r, 1, 4, 6, 6)}, true),
                single("Conv2d same padding, 2x3 kernel, no bias", () -> new Conv2d(1, 2, 2, 3,
                        ConvOptions.DEFAULT.withSamePadding().withBias(false)), r -> new Tensor[] {x(r, 1, 1, 4, 5)},
                        true),
                single("ConvTranspose2d stride 2, output padding 1", () -> new ConvTranspose2d(2, 3, 3,
                        ConvOptions.DEFAULT.withStride(2).withPadding(1).withOutputPadding(1)),
                        r -> new Tensor[] {x(r, 1, 2, 3, 3)}, true),
                single("ConvTranspose2d groups 2", () -> new ConvTranspose2d(2, 4, 2, ConvOptions.DEFAULT.withGroups(2)),
                        r -> new Tensor[] {x(r, 2, 2, 2, 2)}, true),
                single("MaxPool2d", () -> new MaxPool2d(2), r -> new Tensor[] {distinct(r, 1, 2, 4, 4)}, true),
                single("MaxPool2d stride 1 padding 1", () -> new MaxPool2d(3, 1, 1),
                        r -> new Tensor[] {distinct(r, 1, 1, 4, 4)}, true),
                single("MaxPool1d", () -> new MaxPool1d(2), r -> new Tensor[] {distinct(r, 2, 2, 6)}, true),
                single("AvgPool2d", () -> new AvgPool2d(2, 1, 1, false), r -> new Tensor[] {x(r, 1, 2, 3, 3)}, true),
                single("AvgPool1d", () -> new AvgPool1d(3, 2, 1, true), r -> new Tensor[] {x(r, 2, 1, 7)}, true),
                single("AdaptiveAvgPool2d", () -> new AdaptiveAvgPool2d(2, 3), r -> new Tensor[] {x(r, 1, 2, 5, 4)},
                        true),
                single("Flatten", Flatten::new, r -> new Tensor[] {x(r, 2, 2, 3)}, true),
                single("Unflatten", () -> new Unflatten(1, 2, 3), r -> new Tensor[] {x(r, 2, 6)}, true),
                single("BatchNorm1d training", () -> new BatchNorm1d(3), r -> new Tensor[] {x(r, 4, 3)}, true),
                single("BatchNorm1d on [N, C, L]", () -> new BatchNorm1d(2), r -> new Tensor[] {x(r, 3, 2, 2)}, true),
                single("BatchNorm2d training", () -> new BatchNorm2d(2), r -> new Tensor[] {x(r, 2, 2, 2, 2)}, true),
                single("BatchNorm2d evaluation", () -> new BatchNorm2d(2).eval(), r -> new Tensor[] {x(r, 2, 2, 2, 2)},
                        true),
                single("LayerNorm", () -> new LayerNorm(2, 3), r -> new Tensor[] {x(r, 2, 2, 3)}, true),
                single("GroupNorm", () -> new GroupNorm(2, 4), r -> new Tensor[] {x(r, 2, 4, 3)}, true),
                // a fresh generator per call, so that every evaluation sees the same mask
                new Case("Dropout in training (fixed mask)", Identity::new,
                        m -> in -> new Dropout(0.4, Rng.seeded(3)).call(in[0]), r -> new Tensor[] {x(r, 3, 4)}, true),
                new Case("Dropout2d in training (fixed mask)", Identity::new,
                        m -> in -> new Dropout2d(0.5, Rng.seeded(4)).call(in[0]),
                        r -> new Tensor[] {x(r, 2, 3, 2, 2)}, true),
                single("Dropout in evaluation", () -> new Dropout(0.5).eval(), r -> new Tensor[] {x(r, 3, 4)}, true),
                // the padding row is a constant by design (no gradient), so it is left out of the indices here
                new Case("Embedding (padding index unused)", () -> new Embedding(5, 3, 0),
                        m -> in -> m.call(Tensor.of(1L, 2, 2, 4)).mul(in[0]), r -> new Tensor[] {x(r, 4, 3)}, true),
                single("ReLU", ReLU::new, r -> new Tensor[] {distinct(r, 2, 3)}, true),
                single("LeakyReLU", () -> new LeakyReLU(0.2), r -> new Tensor[] {distinct(r, 2, 3)}, true),
                single("ELU", () -> new ELU(0.7), r -> new Tensor[] {distinct(r, 2, 3)}, true),
                single("SELU", SELU::new, r -> new Tensor[] {distinct(r, 2, 3)}, true),
                single("GELU", GELU::new, r -> new Tensor[] {x(r, 2, 3)}, true),
                single("GELU tanh", () -> new GELU(true), r -> new Tensor[] {x(r, 2, 3)}, true),
                single("SiLU", SiLU::new, r -> new Tensor[] {x(r, 2, 3)}, true),
                single("Sigmoid", Sigmoid::new, r -> new Tensor[] {x(r, 2, 3)}, true),
                single("Tanh", Tanh::new, r -> new Tensor[] {x(r, 2, 3)}, true),
                single("Softplus", () -> new Softplus(2, 5), r -> new Tensor[] {x(r, 2, 3)}, true),
                single("Hardtanh", () -> new Hardtanh(-0.5, 0.5), r -> new Tensor[] {distinct(r, 2, 3)}, true),
                single("Softmax", () -> new Softmax(1), r -> new Tensor[] {x(r, 2, 3)}, true),
                single("LogSoftmax", () -> new LogSoftmax(0), r -> new Tensor[] {x(r, 2, 3)}, true),
                single("Identity", Identity::new, r -> new Tensor[] {x(r, 2)}, true),
                single("Residual around Linear and Tanh", () -> new Residual(new Sequential(new Linear(3, 3),
                        new Tanh())), r -> new Tensor[] {x(r, 2, 3)}, true),
                single("Sequential MLP", () -> new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)),
                        r -> new Tensor[] {x(r, 2, 3)}, true),
                loss("MSELoss", MSELoss::new, r -> new Tensor[] {x(r, 3, 2), x(r, 3, 2)}),
                loss("L1Loss sum", () -> new L1Loss(Reduction.SUM), r -> new Tensor[] {distinct(r, 3, 2), x(r, 3, 2)
                        .mul(0.01).detach().requiresGrad(true)}),
                loss("SmoothL1Loss", () -> new SmoothL1Loss(0.5, Reduction.MEAN), r -> new Tensor[] {distinct(r, 5),
                        Tensor.zeros(DType.FLOAT64, 5).requiresGrad(true)}),
                loss("HuberLoss", () -> new HuberLoss(1.5, Reduction.SUM), r -> new Tensor[] {distinct(r, 5),
                        Tensor.zeros(DType.FLOAT64, 5).requiresGrad(true)}),
                loss("BCELoss", BCELoss::new, r -> new Tensor[] {Tensor.rand(r, DType.FLOAT64, 2, 3).mul(0.8).add(0.1)
                        .requiresGrad(true), Tensor.rand(r, DType.FLOAT64, 2, 3).requiresGrad(true)}),
                loss("BCEWithLogitsLoss with pos weight", () -> new BCEWithLogitsLoss(null,
                        Tensor.of(1.0, 2.0, 0.5), Reduction.MEAN), r -> new Tensor[] {x(r, 2, 3),
                        Tensor.rand(r, DType.FLOAT64, 2, 3).requiresGrad(true)}),
                new Case("CrossEntropyLoss with indices, weights, smoothing", () -> new CrossEntropyLoss(
                        Tensor.of(1.0, 0.5, 2.0), -100, 0.1, Reduction.MEAN),
                        m -> in -> ((Loss) m).forward(in[0], Tensor.of(2L, 0, 1, 1)), r -> new Tensor[] {x(r, 4, 3)},
                        true),
                loss("CrossEntropyLoss with probabilities", CrossEntropyLoss::new,
                        r -> new Tensor[] {x(r, 2, 3), Tensor.rand(r, DType.FLOAT64, 2, 3).requiresGrad(true)}),
                new Case("NLLLoss", NLLLoss::new, m -> in -> ((Loss) m).forward(in[0], Tensor.of(1L, 0, 2)),
                        r -> new Tensor[] {x(r, 3, 3)}, true),
                new Case("KLDivLoss batch mean", () -> new KLDivLoss(Reduction.BATCH_MEAN, false),
                        m -> in -> ((Loss) m).forward(in[0].logSoftmax(1), in[1].softmax(1)),
                        r -> new Tensor[] {x(r, 2, 3), x(r, 2, 3)}, true),
                new Case("CosineEmbeddingLoss", () -> new CosineEmbeddingLoss(0.1, Reduction.MEAN),
                        m -> in -> ((CosineEmbeddingLoss) m).forward(in[0], in[1], Tensor.of(1.0, -1.0, 1.0)),
                        r -> new Tensor[] {x(r, 3, 4), x(r, 3, 4)}, true),
                new Case("MarginRankingLoss", () -> new MarginRankingLoss(0.3, Reduction.MEAN),
                        m -> in -> ((MarginRankingLoss) m).forward(in[0], in[1], Tensor.of(1.0, -1.0, 1.0, -1.0)),
                        r -> new Tensor[] {distinct(r, 4), Tensor.zeros(DType.FLOAT64, 4).requiresGrad(true)}, true),
                new Case("TripletMarginLoss", TripletMarginLoss::new,
                        m -> in -> ((TripletMarginLoss) m).forward(in[0], in[1], in[2]),
                        r -> new Tensor[] {x(r, 3, 4), x(r, 3, 4), x(r, 3, 4)}, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inputAndParameterGradientsMatchFiniteDifferences(Case c) {
        Module m;
        Tensor[] inputs;
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            m = c.layer().get();
            m.resetParameters(Rng.seeded(11));
            inputs = c.inputs().apply(Rng.seeded(12));
        }
        ModuleCheck.Reports reports = ModuleCheck.check(m, c.forward().apply(m), c.twice(), inputs);
        reports.assertEveryEntryComparedWithinAtol(m, inputs, c.forward().apply(m).apply(inputs));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyParameterIsFloat64AndReceivesAGradient(Case c) {
        Module m;
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            m = c.layer().get();
        }
        List<Parameter> params = m.parameters();
        assertThat(params).allMatch(p -> p.dtype() == DType.FLOAT64);
        if (params.isEmpty()) {
            return;
        }
        Tensor[] inputs;
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            inputs = c.inputs().apply(Rng.seeded(12));
        }
        c.forward().apply(m).apply(inputs).sum().backward();
        assertThat(params).allMatch(p -> p.grad() != null);
    }
}
