package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.backprop4j.array.DType;
import org.backprop4j.nn.SpatialGoldenTest.Case;
import org.backprop4j.nn.SpatialGoldenTest.GoldenFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * ReLU6, Hardshrink, Softshrink, Tanhshrink (inputs exactly at their kinks), LPPool1d/2d, FractionalMaxPool2d/3d
 * (fixed samples, indices compared exactly) and AdaptiveLogSoftmaxWithLoss (output, loss, logProb, predict) against
 * PyTorch 1.13, for the cases in {@code extra_golden.json} (made by {@code golden/make_extra_golden.py};
 * {@link ExtraGoldenCases} builds the matching modules). Compared as {@link SpatialGoldenTest} compares: PyTorch's
 * state dict loaded strictly under its own names, then outputs, int64 results, input and parameter gradients and
 * buffers, in float64 within {@code 1e-12 + 1e-10 |torch|} and in float32 within {@code 1e-6 (1 + |torch|)}.
 */
class ExtraGoldenTest {
    private static final GoldenFile GOLDEN = SpatialGoldenTest.load("extra_golden.json", "make_extra_golden.py");

    @TestFactory
    Stream<DynamicTest> float64MatchesPyTorch() {
        return GOLDEN.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> SpatialGoldenTest.check(c, DType.FLOAT64, ExtraGoldenCases.all())));
    }

    @TestFactory
    Stream<DynamicTest> float32MatchesPyTorch() {
        return GOLDEN.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> SpatialGoldenTest.check(c, DType.FLOAT32, ExtraGoldenCases.all())));
    }

    @Test
    void everyGoldenCaseHasABuilderAndViceVersa() {
        List<String> names = GOLDEN.cases().stream().map(Case::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).containsExactlyInAnyOrderElementsOf(ExtraGoldenCases.all().keySet());
        assertThat(GOLDEN.generator()).isEqualTo("make_extra_golden.py");
    }

    @Test
    void float32AllowanceIsOnePyTorchMeets() {
        assertThat(GOLDEN.float32Allowance()).isEqualTo(1e-6);
        assertThat(GOLDEN.cases()).allSatisfy(c -> assertThat(c.torchFloat32Error()).as(c.name())
                .isBetween(0.0, 1.0));
    }

    /** The module classes these golden cases cover (for NnGoldenTest's every-layer check). */
    static Set<String> coveredModuleClasses() {
        Set<String> used = new TreeSet<>();
        for (var builder : ExtraGoldenCases.all().values()) {
            for (Module m : builder.get().module().namedModules().values()) {
                used.add(m.getClass().getSimpleName());
            }
        }
        return used;
    }
}
