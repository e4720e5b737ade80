package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.ops.Padding;
import org.backprop4j.ops.Resampling.Mode;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolution, pooling, normalization, resampling and padding layers of issue 17 through float64
 * finite-difference checks of their input and parameter gradients ({@link ModuleCheck}), and of second derivatives
 * with respect to the inputs (every one of these layers is smooth at its inputs; max-based ones get distinct values).
 * Parametrized layers are checked through their originals ({@code parametrizations.weight.original*}); spectral
 * normalization in evaluation mode, where its vectors stay fixed between the perturbed calls.
 */
class SpatialGradCheckTest {
    record Case(String name, Supplier<Module> layer, Function<Module, Function<Tensor[], Tensor>> forward,
            Function<Rng, Tensor[]> inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Tensor x(Rng r, int... dims) {
        return Tensor.randn(r, DType.FLOAT64, dims).requiresGrad(true);
    }

    /** Values 0.3 apart in a seeded shuffle: no ties in any window. */
    private static Tensor distinct(Rng r, int... dims) {
        int n = org.backprop4j.array.Shape.of(dims).numel();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - (n - 1) / 2.0) * 0.3;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) r.nextLong(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v).reshape(dims).requiresGrad(true);
    }

    private static Case single(String name, Supplier<Module> layer, Function<Rng, Tensor[]> inputs) {
        return new Case(name, layer, m -> in -> m.call(in[0]), inputs);
    }

    private static ConvOptions conv() {
        return ConvOptions.DEFAULT;
    }

    private static PoolOptions pool() {
        return PoolOptions.DEFAULT;
    }

    static Stream<Case> cases() {
        return Stream.of(
                single("Conv3d tuples, groups", () -> new Conv3d(4, 2, 2, 3, 1, conv().withStride(1, 2, 1)
                        .withPadding(1, 0, 1).withDilation(2, 1, 1).withGroups(2)),
                        r -> new Tensor[] {x(r, 1, 4, 4, 5, 2)}),
                single("Conv3d same padding, circular", () -> new Conv3d(2, 2, 2, conv().withSamePadding()
                        .withPaddingMode(Padding.Mode.CIRCULAR)), r -> new Tensor[] {x(r, 1, 2, 3, 3, 3)}),
                single("Conv1d reflect padding", () -> new Conv1d(2, 3, 3, conv().withPadding(2)
                        .withPaddingMode(Padding.Mode.REFLECT)), r -> new Tensor[] {x(r, 2, 2, 5)}),
                single("Conv2d replicate padding, tuple stride", () -> new Conv2d(2, 2, 3, 2, conv().withStride(2, 1)
                        .withPadding(2, 1).withPaddingMode(Padding.Mode.REPLICATE)),
                        r -> new Tensor[] {x(r, 1, 2, 4, 4)}),
                single("ConvTranspose1d stride, output padding, groups, dilation", () -> new ConvTranspose1d(4, 2, 3,
                        conv().withStride(2).withPadding(1).withOutputPadding(1).withGroups(2).withDilation(2)),
                        r -> new Tensor[] {x(r, 2, 4, 3)}),
                single("ConvTranspose2d output padding below dilation", () -> new ConvTranspose2d(2, 2, 2,
                        conv().withDilation(2).withOutputPadding(1)), r -> new Tensor[] {x(r, 1, 2, 2, 3)}),
                new Case("ConvTranspose1d to an output size", () -> new ConvTranspose1d(2, 2, 3, conv().withStride(3)),
                        m -> in -> ((ConvTranspose1d) m).forward(in[0], 11), r -> new Tensor[] {x(r, 1, 2, 3)}),
                single("ConvTranspose3d tuples", () -> new ConvTranspose3d(2, 2, 2, 2, 1, conv().withStride(2, 1, 1)
                        .withPadding(0, 1, 0).withOutputPadding(1, 0, 0)), r -> new Tensor[] {x(r, 1, 2, 2, 3, 2)}),
                single("MaxPool1d ceil mode", () -> new MaxPool1d(3, pool().withStride(2).withPadding(1)
                        .withCeilMode(true)), r -> new Tensor[] {distinct(r, 2, 2, 8)}),
                single("MaxPool2d tuples, unbatched", () -> new MaxPool2d(3, 2, pool().withStride(2, 1)
                        .withPadding(1, 0).withDilation(1, 2).withCeilMode(true)),
                        r -> new Tensor[] {distinct(r, 2, 7, 6)}),
                new Case("MaxPool3d values with indices", () -> new MaxPool3d(2, pool().withCeilMode(true)),
                        m -> in -> ((MaxPool3d) m).forwardWithIndices(in[0]).values(),
                        r -> new Tensor[] {distinct(r, 1, 2, 3, 4, 3)}),
                single("AvgPool1d ceil mode, padding not counted", () -> new AvgPool1d(3, pool().withStride(2)
                        .withPadding(1).withCeilMode(true).withCountIncludePad(false)),
                        r -> new Tensor[] {x(r, 2, 2, 8)}),
                single("AvgPool2d divisor override", () -> new AvgPool2d(2, pool().withStride(1).withPadding(1)
                        .withDivisorOverride(3)), r -> new Tensor[] {x(r, 1, 2, 3, 4)}),
                single("AvgPool3d tuples, ceil mode", () -> new AvgPool3d(2, 2, 3, pool().withStride(1, 2, 2)
                        .withPadding(1, 0, 1).withCeilMode(true)), r -> new Tensor[] {x(r, 1, 1, 3, 4, 5)}),
                new Case("MaxUnpool1d after MaxPool1d", () -> new MaxUnpool1d(2),
                        m -> in -> {
                            var p = new MaxPool1d(2).forwardWithIndices(in[0]);
                            return ((MaxUnpool1d) m).forward(p.values(), p.indices());
                        }, r -> new Tensor[] {distinct(r, 2, 2, 6)}),
                new Case("MaxUnpool2d to an output size", () -> new MaxUnpool2d(2),
                        m -> in -> {
                            var p = new MaxPool2d(2).forwardWithIndices(in[0]);
                            return ((MaxUnpool2d) m).forward(p.values(), p.indices(), 5, 5);
                        }, r -> new Tensor[] {distinct(r, 1, 2, 4, 4)}),
                new Case("MaxUnpool3d after MaxPool3d", () -> new MaxUnpool3d(2),
                        m -> in -> {
                            var p = new MaxPool3d(2).forwardWithIndices(in[0]);
                            return ((MaxUnpool3d) m).forward(p.values(), p.indices());
                        }, r -> new Tensor[] {distinct(r, 1, 1, 4, 4, 2)}),
                single("AdaptiveAvgPool1d", () -> new AdaptiveAvgPool1d(3), r -> new Tensor[] {x(r, 2, 2, 7)}),
                single("AdaptiveAvgPool2d keeping the width", () -> new AdaptiveAvgPool2d(2, null),
                        r -> new Tensor[] {x(r, 2, 5, 3)}),
                single("AdaptiveAvgPool3d", () -> new AdaptiveAvgPool3d(2, null, 3),
                        r -> new Tensor[] {x(r, 1, 2, 3, 2, 5)}),
                single("AdaptiveMaxPool1d", () -> new AdaptiveMaxPool1d(4), r -> new Tensor[] {distinct(r, 2, 2, 9)}),
                single("AdaptiveMaxPool2d", () -> new AdaptiveMaxPool2d(3, null),
                        r -> new Tensor[] {distinct(r, 1, 2, 7, 3)}),
                single("AdaptiveMaxPool3d", () -> new AdaptiveMaxPool3d(2),
                        r -> new Tensor[] {distinct(r, 1, 1, 3, 5, 4)}),
                single("InstanceNorm1d", () -> new InstanceNorm1d(3), r -> new Tensor[] {x(r, 2, 3, 5)}),
                single("InstanceNorm2d affine, tracked, training", () -> new InstanceNorm2d(2, 1e-5, 0.1, true, true),
                        r -> new Tensor[] {x(r, 2, 2, 3, 3)}),
                single("InstanceNorm2d tracked, evaluation", () -> new InstanceNorm2d(2, 1e-5, 0.1, true, true).eval(),
                        r -> new Tensor[] {x(r, 2, 2, 2, 3)}),
                single("InstanceNorm3d unbatched", () -> new InstanceNorm3d(2), r -> new Tensor[] {x(r, 2, 2, 3, 2)}),
                single("LocalResponseNorm", () -> new LocalResponseNorm(3, 0.5, 0.75, 1),
                        r -> new Tensor[] {x(r, 2, 5, 3)}),
                single("BatchNorm1d cumulative average", () -> new BatchNorm1d(3, 1e-5, null, true, true),
                        r -> new Tensor[] {x(r, 4, 3)}),
                single("BatchNorm3d", () -> new BatchNorm3d(2), r -> new Tensor[] {x(r, 2, 2, 2, 2, 2)}),
                single("Linear with weight normalization", () -> Parametrizations.weightNorm(new Linear(3, 2)),
                        r -> new Tensor[] {x(r, 2, 3)}),
                single("Conv2d with weight normalization over the whole tensor", () -> Parametrizations.weightNorm(
                        new Conv2d(2, 2, 2), "weight", null), r -> new Tensor[] {x(r, 1, 2, 3, 3)}),
                single("Linear with spectral normalization, evaluation", () -> Parametrizations.spectralNorm(
                        new Linear(3, 4)).eval(), r -> new Tensor[] {x(r, 2, 3)}),
                single("ConvTranspose2d with spectral normalization, evaluation", () -> Parametrizations.spectralNorm(
                        new ConvTranspose2d(2, 3, 2)).eval(), r -> new Tensor[] {x(r, 1, 2, 2, 2)}),
                single("Upsample nearest", () -> Upsample.scale(1.7, 0.6), r -> new Tensor[] {x(r, 1, 2, 4, 5)}),
                single("Upsample nearest-exact", () -> Upsample.size(5).withMode(Mode.NEAREST_EXACT),
                        r -> new Tensor[] {x(r, 2, 1, 3)}),
                single("Upsample linear", () -> Upsample.scale(2.5).withMode(Mode.LINEAR),
                        r -> new Tensor[] {x(r, 1, 2, 4)}),
                single("Upsample bilinear", () -> Upsample.scale(2).withMode(Mode.BILINEAR),
                        r -> new Tensor[] {x(r, 1, 2, 3, 2)}),
                single("UpsamplingBilinear2d (aligned corners)", () -> new UpsamplingBilinear2d(4, 5),
                        r -> new Tensor[] {x(r, 1, 1, 3, 3)}),
                single("UpsamplingNearest2d", () -> new UpsamplingNearest2d(2), r -> new Tensor[] {x(r, 1, 1, 2, 3)}),
                single("Upsample trilinear", () -> Upsample.size(3, 4, 2).withMode(Mode.TRILINEAR),
                        r -> new Tensor[] {x(r, 1, 1, 2, 2, 3)}),
                single("Upsample area", () -> Upsample.size(2, 3).withMode(Mode.AREA),
                        r -> new Tensor[] {x(r, 1, 1, 5, 4)}),
                single("PixelShuffle", () -> new PixelShuffle(2), r -> new Tensor[] {x(r, 1, 8, 2, 3)}),
                single("PixelUnshuffle", () -> new PixelUnshuffle(2), r -> new Tensor[] {x(r, 1, 2, 4, 2)}),
                single("Fold", () -> new Fold(new int[] {3, 4}, new int[] {2}, new int[] {1}, new int[] {1},
                        new int[] {2}), r -> new Tensor[] {x(r, 1, 8, 6)}),
                single("Unfold unbatched", () -> new Unfold(2, 1, 1, 2), r -> new Tensor[] {x(r, 2, 3, 4)}),
                single("ConstantPad2d with a crop", () -> new ConstantPad2d(new int[] {1, -1, 0, 2}, 0.5),
                        r -> new Tensor[] {x(r, 1, 2, 2, 3)}),
                single("ZeroPad1d", () -> new ZeroPad1d(new int[] {2, 1}), r -> new Tensor[] {x(r, 2, 2, 3)}),
                single("ZeroPad3d", () -> new ZeroPad3d(1), r -> new Tensor[] {x(r, 1, 1, 2, 2, 2)}),
                single("ConstantPad1d", () -> new ConstantPad1d(1, -2), r -> new Tensor[] {x(r, 2, 3)}),
                single("ConstantPad3d", () -> new ConstantPad3d(new int[] {1, 0, 0, 1, 1, 0}, 1),
                        r -> new Tensor[] {x(r, 1, 2, 2, 2)}),
                single("ZeroPad2d", () -> new ZeroPad2d(1), r -> new Tensor[] {x(r, 1, 1, 2, 2)}),
                single("ReflectionPad1d", () -> new ReflectionPad1d(new int[] {3, 1}),
                        r -> new Tensor[] {x(r, 2, 2, 4)}),
                single("ReflectionPad2d unbatched", () -> new ReflectionPad2d(new int[] {1, 2, 2, 1}),
                        r -> new Tensor[] {x(r, 2, 3, 3)}),
                single("ReflectionPad3d", () -> new ReflectionPad3d(1), r -> new Tensor[] {x(r, 1, 1, 2, 2, 3)}),
                single("ReplicationPad1d", () -> new ReplicationPad1d(new int[] {4, 2}),
                        r -> new Tensor[] {x(r, 2, 2, 3)}),
                single("ReplicationPad2d", () -> new ReplicationPad2d(new int[] {0, 3, 2, 1}),
                        r -> new Tensor[] {x(r, 1, 2, 3, 2)}),
                single("ReplicationPad3d", () -> new ReplicationPad3d(1), r -> new Tensor[] {x(r, 1, 1, 2, 2, 2)}));
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
        ModuleCheck.Reports reports = ModuleCheck.check(m, c.forward().apply(m), true, inputs);
        reports.assertEveryEntryComparedWithinAtol(m, inputs, c.forward().apply(m).apply(inputs));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyParameterIsFloat64AndReceivesAGradient(Case c) {
        Module m;
        Tensor[] inputs;
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            m = c.layer().get();
            inputs = c.inputs().apply(Rng.seeded(12));
        }
        List<Parameter> params = m.parameters();
        assertThat(params).allMatch(p -> p.dtype() == DType.FLOAT64);
        c.forward().apply(m).apply(inputs).sum().backward();
        assertThat(params).allMatch(p -> p.grad() != null);
        assertThat(inputs[0].grad()).as("gradient of the input").isNotNull();
    }
}
