package org.backprop4j.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.testing.Jacobians;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of {@link OpCases} against finite differences, first order and, where smooth, second order. */
class OpGradCheckTest {
    static Stream<OpCase> allCases() {
        return OpCases.all().stream();
    }

    static Stream<OpCase> secondOrderCases() {
        return OpCases.secondOrder().stream();
    }

    /**
     * The check itself fails on any entry out of its tolerance; beyond that, every entry of the Jacobian is compared,
     * and every one agrees within the absolute tolerance alone (the worst case, a cast through float32, is at a sixth
     * of it; the float64 cases at a thousandth).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void firstOrderMatchesFiniteDifferencesOnEveryEntry(OpCase c) {
        GradCheckReport report = c.checkFirstOrder();

        assertThat(report.order()).isEqualTo(1);
        assertThat(report.compared()).as("every input element against every output element")
                .isEqualTo(Jacobians.entries(c.freshInputs(), c.outputs().apply(c.freshInputs())));
        assertThat(report.maxAbsDiff()).as(report.describe()).isLessThanOrEqualTo(c.options().atol());
        assertThat(report.ops()).as("the checked graph records ops").isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secondOrderCases")
    void secondOrderMatchesFiniteDifferencesOnEveryEntry(OpCase c) {
        GradCheckReport report = c.checkSecondOrder();

        assertThat(report.order()).isEqualTo(2);
        assertThat(report.compared()).as("every input and output-gradient element against every gradient element")
                .isEqualTo(Jacobians.secondOrderEntries(c.freshInputs(), List.of(c.joined().apply(c.freshInputs()))));
        assertThat(report.maxAbsDiff()).as(report.describe()).isLessThanOrEqualTo(c.options().atol());
    }

    // ---------------------------------------------------------------- fast mode: one random projection, big inputs

    private static final GradCheckOptions FAST = GradCheckOptions.DEFAULT.withFastMode(true).withSeed(3);

    private static Tensor randn(long seed, int... dims) {
        return Tensor.randn(Rng.seeded(seed), DType.FLOAT64, dims).requiresGrad(true);
    }

    static Stream<Arguments> largeFunctions() {
        Function<Tensor[], Tensor> mlp = in -> in[0].matmul(in[1]).add(in[2]).tanh().matmul(in[3]).logSoftmax(1);
        return Stream.of(
                Arguments.of("matmul [40,30] @ transposed [30,20]",
                        (Function<Tensor[], Tensor>) in -> in[0].matmul(in[1].t()),
                        new Tensor[] {randn(1, 40, 30), randn(2, 20, 30)}),
                Arguments.of("two-layer network with logSoftmax",
                        mlp, new Tensor[] {randn(3, 32, 24), randn(4, 24, 16), randn(5, 16), randn(6, 16, 10)}),
                Arguments.of("softmax over rows of [64,50]",
                        (Function<Tensor[], Tensor>) in -> in[0].softmax(1),
                        new Tensor[] {randn(7, 64, 50)}),
                Arguments.of("var, logsumexp and 3-norm of [30,40]",
                        (Function<Tensor[], Tensor>) in -> in[0].var(0).add(in[0].logsumexp(0)).add(in[0].norm(3)),
                        new Tensor[] {randn(8, 30, 40)}),
                Arguments.of("batched matmul [4,1,20,16] @ [3,16,12] with a strided slice",
                        (Function<Tensor[], Tensor>) in -> in[0].matmul(in[1].slice(2, 0, 24, 2)).sigmoid(),
                        new Tensor[] {randn(9, 4, 1, 20, 16), randn(10, 3, 16, 24)}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("largeFunctions")
    void fastModeOnLargeInputs(String name, Function<Tensor[], Tensor> fn, Tensor[] inputs) {
        GradCheckReport report = GradCheck.check(FAST, fn, inputs);

        assertThat(report.compared()).as("fast mode compares one projection").isEqualTo(1);
        assertThat(report.maxAbsDiff()).as(report.describe()).isLessThanOrEqualTo(FAST.atol());
    }

    @Test
    void fastModeSecondOrderOnALargeInput() {
        Tensor x = randn(11, 24, 32);
        Tensor w = randn(12, 32, 16);

        GradCheckReport report = GradCheck.checkSecondOrder(FAST, in -> in[0].matmul(in[1]).tanh().softmax(1), x, w);

        assertThat(report.order()).isEqualTo(2);
        assertThat(report.maxAbsDiff()).as(report.describe()).isLessThanOrEqualTo(FAST.atol());
        assertThat(report.ops()).contains("matmul", "tanh");
    }

    @Test
    void fastModeOnSplitOutputs() {
        Tensor x = randn(13, 30, 20);

        GradCheckReport report = GradCheck.checkOutputs(FAST, in -> in[0].exp().split(7, 0), x);

        assertThat(report.maxAbsDiff()).as(report.describe()).isLessThanOrEqualTo(FAST.atol());
        assertThat(report.ops()).contains("slice", "exp");
        assertThat(List.of(x.requiresGrad())).containsExactly(true);
    }
}
