package org.backprop4j.nn;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ReLU6, Hardshrink, Softshrink, Tanhshrink, LPPool1d/2d, FractionalMaxPool2d/3d and AdaptiveLogSoftmaxWithLoss
 * through float64 finite-difference checks of their input and parameter gradients ({@link ModuleCheck}) and of second
 * derivatives with respect to the inputs: piecewise activations away from their kinks, power sums away from 0,
 * fractional pooling on distinct values with fixed samples (samples drawn per call would move the windows between
 * the perturbed calls).
 */
class ExtraGradCheckTest {
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

    /** Standard normal values moved at least 0.05 away from each of {@code kinks}. */
    private static Tensor awayFrom(Rng r, double[] kinks, int... dims) {
        double[] v = Tensor.randn(r, DType.FLOAT64, dims).mul(2).toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            for (double k : kinks) {
                if (Math.abs(v[i] - k) < 0.05) {
                    v[i] = k + (v[i] < k ? -0.1 : 0.1);
                }
            }
        }
        return Tensor.of(v).reshape(dims).requiresGrad(true);
    }

    private static Tensor positive(Rng r, int... dims) {
        return Tensor.rand(r, DType.FLOAT64, dims).mul(1.7).add(0.3).requiresGrad(true);
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

    private static Tensor samples(int n, int c, double... values) {
        return Tensor.of(values).reshape(n, c, values.length / (n * c));
    }

    private static AdaptiveLogSoftmaxWithLoss asm(Module m) {
        return (AdaptiveLogSoftmaxWithLoss) m;
    }

    private static final Tensor TARGETS = Tensor.of(0L, 6L, 9L, 2L, 4L);

    static Stream<Case> cases() {
        return Stream.of(
                single("ReLU6", ReLU6::new, r -> new Tensor[] {awayFrom(r, new double[] {0, 6}, 3, 5).mul(2)
                        .detach().requiresGrad(true)}),
                single("Hardshrink 0.5", Hardshrink::new, r -> new Tensor[] {awayFrom(r, new double[] {-0.5, 0.5}, 3, 4)}),
                single("Softshrink 0.75", () -> new Softshrink(0.75),
                        r -> new Tensor[] {awayFrom(r, new double[] {-0.75, 0.75}, 2, 6)}),
                single("Tanhshrink", Tanhshrink::new, r -> new Tensor[] {x(r, 3, 4)}),
                single("LPPool1d p 2", () -> new LPPool1d(2, 3), r -> new Tensor[] {x(r, 2, 2, 7)}),
                single("LPPool1d p 3, stride 2, ceil mode", () -> new LPPool1d(3, 3, 2, true),
                        r -> new Tensor[] {positive(r, 1, 2, 8)}),
                single("LPPool2d p 1.5, tuples, ceil mode", () -> new LPPool2d(1.5, new int[] {3, 2}, new int[] {2, 1},
                        true), r -> new Tensor[] {positive(r, 1, 2, 5, 4)}),
                single("LPPool2d p 2 unbatched", () -> new LPPool2d(2, 2), r -> new Tensor[] {x(r, 2, 4, 4)}),
                single("FractionalMaxPool2d fixed samples", () -> new FractionalMaxPool2d(new int[] {2}, new int[] {3, 4},
                        null, samples(1, 2, 0.2, 0.7, 0.95, 0.4), null), r -> new Tensor[] {distinct(r, 1, 2, 6, 7)}),
                new Case("FractionalMaxPool3d values with indices, unbatched", () -> new FractionalMaxPool3d(
                        new int[] {2, 1, 2}, null, new double[] {0.5}, samples(1, 2, 0.3, 0.6, 0.1, 0.8, 0.45, 0.05),
                        null), m -> in -> ((FractionalMaxPool3d) m).forwardWithIndices(in[0]).values(),
                        r -> new Tensor[] {distinct(r, 2, 4, 4, 6)}),
                new Case("AdaptiveLogSoftmaxWithLoss loss", () -> new AdaptiveLogSoftmaxWithLoss(8, 10, new int[] {3, 6},
                        2.0, true), m -> in -> asm(m).forward(in[0], TARGETS).loss(), r -> new Tensor[] {x(r, 5, 8)}),
                new Case("AdaptiveLogSoftmaxWithLoss output, empty cluster", () -> new AdaptiveLogSoftmaxWithLoss(8, 12,
                        new int[] {4, 8}, 2.0, false), m -> in -> asm(m).forward(in[0], Tensor.of(1L, 9L, 11L, 0L, 3L))
                        .output(), r -> new Tensor[] {x(r, 5, 8)}),
                new Case("AdaptiveLogSoftmaxWithLoss unbatched", () -> new AdaptiveLogSoftmaxWithLoss(6, 5,
                        new int[] {2}, 2.0, false), m -> in -> asm(m).forward(in[0], Tensor.of(new long[] {3}).reshape())
                        .output(), r -> new Tensor[] {x(r, 6)}),
                new Case("AdaptiveLogSoftmaxWithLoss logProb", () -> new AdaptiveLogSoftmaxWithLoss(8, 10, new int[] {3, 6},
                        2.0, false), m -> in -> asm(m).logProb(in[0]), r -> new Tensor[] {x(r, 3, 8)}));
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
}
