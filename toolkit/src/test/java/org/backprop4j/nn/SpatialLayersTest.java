package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.ops.Padding;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of the spatial layers beyond single golden passes: old checkpoints, the cumulative batch-norm average over
 * several batches, parametrizations' names, identity, removal and effect, unbatched inputs, unpooling round trips,
 * transposed convolutions to a requested size, and circular padding's shift equivariance.
 */
class SpatialLayersTest {
    private static Tensor randn(long seed, int... dims) {
        return Tensor.randn(Rng.seeded(seed), DType.FLOAT64, dims);
    }

    private static void assertAllClose(Tensor actual, Tensor expected, double tol) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertThat(actual.toDoubleArray()).containsExactly(expected.toDoubleArray(), within(tol));
    }

    // ------------------------------------------------------------------------------------------ state dicts

    @Test
    void anOldBatchNormCheckpointLoadsStrictlyWithTheCounterAtZero() {
        Sequential model = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2));
        Sequential trained = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2));
        trained.call(Tensor.randn(Rng.seeded(3), 4, 1, 5, 5));
        trained.call(Tensor.randn(Rng.seeded(4), 4, 1, 5, 5));
        Map<String, Tensor> old = new LinkedHashMap<>(trained.stateDict());
        assertThat(old.remove("1.num_batches_tracked").toLongArray()).containsExactly(2L);

        model.loadStateDict(old, true);

        assertThat(model.stateDict().get("1.num_batches_tracked").toLongArray()).containsExactly(0L);
        assertThat(model.stateDict().get("1.running_mean").toDoubleArray())
                .containsExactly(trained.stateDict().get("1.running_mean").toDoubleArray());
        old.remove("1.running_var");
        assertThatThrownBy(() -> model.loadStateDict(old, true)).isInstanceOf(StateDictException.class)
                .hasMessageContaining("missing keys: 1.running_var").hasMessageNotContaining("num_batches_tracked");
    }

    @Test
    void aTrackedInstanceNormAlsoAcceptsAnOldCheckpoint() {
        InstanceNorm2d norm = new InstanceNorm2d(3, 1e-5, 0.1, false, true);
        Map<String, Tensor> old = new LinkedHashMap<>(norm.stateDict());
        old.remove("num_batches_tracked");
        norm.loadStateDict(old, true);
        assertThat(norm.namedBuffers()).containsKey("num_batches_tracked");
    }

    @Test
    void aNullMomentumMakesTheRunningStatisticsCumulativeAverages() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, null, false, true);
        List<Tensor> batches = List.of(randn(1, 5, 2), randn(2, 3, 2), randn(3, 4, 2));
        for (Tensor b : batches) {
            bn.call(b.to(DType.FLOAT32));
        }
        Tensor meanOfMeans = Tensor.stack(batches.stream().map(b -> b.mean(0)).toList(), 0).mean(0);
        Tensor meanOfVars = Tensor.stack(batches.stream().map(b -> b.var(0)).toList(), 0).mean(0);
        // the first batch replaces the initial statistics entirely (factor 1 / 1), so the initial values drop out
        assertAllClose(bn.runningMean().to(DType.FLOAT64), meanOfMeans, 1e-6);
        assertAllClose(bn.runningVar().to(DType.FLOAT64), meanOfVars, 1e-6);
        assertThat(bn.stateDict().get("num_batches_tracked").toLongArray()).containsExactly(3L);
        assertThat(bn.toString()).contains("momentum=None");
    }

    // ------------------------------------------------------------------------------------------ parametrizations

    @Test
    void parametrizationsUsePyTorchsNamesAndKeepTheLayersParameterObject() {
        Linear fc = new Linear(4, 3);
        Parameter weight = fc.weight();
        Tensor before = weight.detach().clone();
        Parametrizations.weightNorm(fc);

        assertThat(fc.namedParameters().keySet()).containsExactly("bias", "parametrizations.weight.original0",
                "parametrizations.weight.original1");
        assertThat(fc.parameters()).hasSize(3).anyMatch(p -> p == weight);
        assertThat(fc.namedParameters().get("parametrizations.weight.original0").shape().toArray())
                .containsExactly(3, 1);
        assertThat(Parametrizations.isParametrized(fc, "weight")).isTrue();
        Tensor x = randn(5, 2, 4).to(DType.FLOAT32);
        assertAllClose(fc.call(x), x.matmul(before.t()).add(fc.bias()), 1e-5); // registering keeps the value

        ConvTranspose2d up = Parametrizations.spectralNorm(new ConvTranspose2d(3, 2, 2));
        assertThat(up.stateDict().keySet()).containsExactly("bias", "parametrizations.weight.original",
                "parametrizations.weight.0._u", "parametrizations.weight.0._v");
        assertThat(up.stateDict().get("parametrizations.weight.0._u").shape().toArray())
                .as("rows along dimension 1 for transposed convolutions").containsExactly(2);
    }

    @Test
    void spectralNormalizationDrivesTheLargestSingularValueToOne() {
        Linear fc = Parametrizations.spectralNorm(new Linear(5, 4));
        Tensor x = Tensor.ones(1, 5);
        for (int i = 0; i < 60; i++) {
            fc.call(x);
        }
        fc.eval();
        Tensor w;
        try (Scope _ = GradMode.noGrad()) {
            w = ((ParametrizationList) fc.namedModules().get("parametrizations.weight")).value().to(DType.FLOAT64);
        }
        // the largest singular value of the parametrized weight, by power iteration on W^T W
        Tensor v = Tensor.ones(DType.FLOAT64, 5, 1);
        for (int i = 0; i < 500; i++) {
            v = w.t().matmul(w.matmul(v));
            v = v.div(v.norm().item());
        }
        assertThat(w.matmul(v).norm().item()).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void removingAParametrizationLeavesItsValueInTheLayersParameter() {
        Conv2d conv = Parametrizations.weightNorm(new Conv2d(2, 3, 2), "weight", null);
        try (Scope _ = GradMode.noGrad()) {
            conv.namedParameters().get("parametrizations.weight.original0").fill(2);
        }
        Tensor x = randn(6, 1, 2, 3, 3).to(DType.FLOAT32);
        Tensor parametrized = conv.call(x).detach();
        Parameter weight = conv.weight();

        Parametrizations.remove(conv, "weight", true);

        assertThat(conv.stateDict().keySet()).containsExactly("weight", "bias");
        assertThat(conv.parameters()).contains(weight);
        assertThat(weight.norm().item()).isCloseTo(2.0, within(1e-5));
        assertAllClose(conv.call(x), parametrized, 1e-5);
    }

    /** A parametrization of the user's own: the symmetric part of a square weight. */
    static final class Symmetric extends Parametrization {
        @Override
        public Tensor forward(List<Tensor> originals) {
            Tensor x = originals.getFirst();
            return x.add(x.t()).div(2);
        }
    }

    /** A parametrization with the wrong shape: the transpose of a non-square weight. */
    static final class Transposed extends Parametrization {
        @Override
        public Tensor forward(List<Tensor> originals) {
            return originals.getFirst().t();
        }
    }

    @Test
    void customParametrizationsChainAndAreCheckedOnRegistration() {
        Linear fc = Parametrizations.register(new Linear(3, 3), "weight", new Symmetric());
        Parametrizations.register(fc, "weight", new Symmetric());
        Tensor w;
        try (Scope _ = GradMode.noGrad()) {
            w = ((ParametrizationList) fc.namedModules().get("parametrizations.weight")).value();
        }
        assertAllClose(w, w.t(), 0);
        assertThat(fc.namedModules().keySet()).contains("parametrizations.weight.0", "parametrizations.weight.1");
        fc.call(Tensor.ones(2, 3)).sum().backward();
        assertThat(fc.namedParameters().get("parametrizations.weight.original").grad()).isNotNull();

        Linear wide = new Linear(2, 3);
        assertThatThrownBy(() -> Parametrizations.register(wide, "weight", new Transposed()))
                .hasMessage("Linear: the parametrization of 'weight' gives float32 [2, 3], but the parameter is "
                        + "float32 [3, 2]");
        assertThat(Parametrizations.isParametrized(wide, "weight")).isFalse();
        Parametrizations.weightNorm(wide);
        assertThatThrownBy(() -> Parametrizations.register(wide, "weight", new Transposed()))
                .hasMessageContaining("the parametrization of 'weight' gives float32 [2, 3]");
        assertThat(wide.namedModules().keySet()).contains("parametrizations.weight.0")
                .doesNotContain("parametrizations.weight.1");
    }

    // ------------------------------------------------------------------------------------------ shapes and identities

    @Test
    void unbatchedInputsGiveTheBatchedResultWithoutItsBatchDimension() {
        Tensor x = randn(7, 3, 6, 5);
        List<Module> layers = List.of(new MaxPool2d(2, PoolOptions.DEFAULT.withCeilMode(true)), new AvgPool2d(3, 2,
                1, false), new AdaptiveAvgPool2d(2, null), new AdaptiveMaxPool2d(3), new InstanceNorm2d(3),
                new ReflectionPad2d(2), new ReplicationPad2d(new int[] {0, 1, 2, 3}), new Unfold(2),
                new PixelShuffle(1));
        for (Module m : layers) {
            assertAllClose(m.call(x), m.call(x.unsqueeze(0)).squeeze(0), 1e-12);
        }
    }

    @Test
    void unpoolingPutsEachMaximumBackWhereItCameFrom() {
        Tensor x = randn(8, 2, 3, 6, 5);
        ValuesAndIndices pooled = new MaxPool2d(2, PoolOptions.DEFAULT.withCeilMode(true)).forwardWithIndices(x);
        Tensor restored = new MaxUnpool2d(2).forward(pooled.values(), pooled.indices(), 6, 5);
        Tensor flat = x.reshape(2, 3, 30);
        Tensor picked = flat.gather(2, pooled.indices().reshape(2, 3, -1)).reshape(pooled.values().shape().toArray());
        assertAllClose(picked, pooled.values(), 0);
        assertAllClose(restored.reshape(2, 3, 30).gather(2, pooled.indices().reshape(2, 3, -1)),
                pooled.values().reshape(2, 3, -1), 0);
        assertThat(restored.ne(0).to(DType.FLOAT64).sum().item()).isEqualTo(pooled.values().numel());
    }

    @Test
    void aTransposedConvolutionToARequestedSizeEqualsTheMatchingOutputPadding() {
        ConvTranspose3d sized = new ConvTranspose3d(2, 3, 3, ConvOptions.DEFAULT.withStride(2).withPadding(1));
        ConvTranspose3d padded = new ConvTranspose3d(2, 3, 3, ConvOptions.DEFAULT.withStride(2).withPadding(1)
                .withOutputPadding(1, 0, 1));
        padded.loadStateDict(sized.stateDict(), true);
        Tensor x = randn(9, 1, 2, 2, 3, 2).to(DType.FLOAT32);
        Tensor y = sized.forward(x, 4, 5, 4);
        assertThat(y.shape().toArray()).containsExactly(1, 3, 4, 5, 4);
        assertAllClose(y, padded.call(x), 0);
    }

    @Test
    void circularPaddingMakesConvolutionShiftEquivariant() {
        Conv2d conv = new Conv2d(2, 3, 3, ConvOptions.DEFAULT.withPadding(1).withPaddingMode(Padding.Mode.CIRCULAR));
        Tensor x = randn(10, 1, 2, 4, 5).to(DType.FLOAT32);
        Tensor shifted = Tensor.cat(List.of(x.slice(3, 2, 5), x.slice(3, 0, 2)), 3);
        Tensor y = conv.call(x);
        Tensor expected = Tensor.cat(List.of(y.slice(3, 2, 5), y.slice(3, 0, 2)), 3);
        assertAllClose(conv.call(shifted), expected, 1e-5);
    }

    @Test
    void optionsAreValuesAndPrintTheirSettings() {
        assertThat(ConvOptions.DEFAULT.withStride(2, 1)).isEqualTo(ConvOptions.DEFAULT.withStride(2, 1))
                .isNotEqualTo(ConvOptions.DEFAULT.withStride(2));
        assertThat(ConvOptions.DEFAULT.withPaddingMode(Padding.Mode.REFLECT).toString()).isEqualTo(
                "ConvOptions(stride=1, padding=0, dilation=1, groups=1, bias=true, outputPadding=0, "
                        + "paddingMode=reflect)");
        assertThat(PoolOptions.DEFAULT.withCeilMode(true)).isEqualTo(PoolOptions.DEFAULT.withCeilMode(true));
        assertThat(new MaxPool2d(3, 2, PoolOptions.DEFAULT.withStride(2, 1).withCeilMode(true)).toString())
                .isEqualTo("MaxPool2d(kernelSize=(3, 2), stride=(2, 1), padding=0, dilation=1, ceilMode=true)");
        assertThat(new Conv3d(1, 2, 3, 1, 1, ConvOptions.DEFAULT.withStride(1, 2, 2)).toString())
                .isEqualTo("Conv3d(1, 2, kernelSize=(3, 1, 1), stride=(1, 2, 2))");
        assertThat(new AdaptiveAvgPool2d(null, 7).toString()).isEqualTo("AdaptiveAvgPool2d(outputSize=(None, 7))");
    }

    @Test
    void aVolumetricModelSummarizesItsOutputShapes() {
        Sequential model = new Sequential(new Conv3d(1, 4, 3, ConvOptions.DEFAULT.withPadding(1)), new BatchNorm3d(4),
                new MaxPool3d(2), new ConvTranspose3d(4, 2, 2, ConvOptions.DEFAULT.withStride(2)),
                Upsample.scale(1, 2, 2));
        String summary = model.summary(2, 1, 4, 6, 6).toString();
        assertThat(summary).contains("0 (Conv3d)", "[2, 4, 4, 6, 6]", "2 (MaxPool3d)", "[2, 4, 2, 3, 3]",
                "3 (ConvTranspose3d)", "[2, 2, 4, 6, 6]", "4 (Upsample)", "[2, 2, 4, 12, 12]");
    }
}
