package org.backprop4j.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.backprop4j.autograd.CustomFunction;
import org.backprop4j.autograd.FunctionContext;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The checker itself: it must pass correct rules, catch wrong ones and say where, and refuse unusable inputs. */
class GradCheckTest {
    /** {@code x^3} with the right derivative {@code 3 x^2}, written with tensor ops so it differentiates again. */
    record Cube() implements CustomFunction<Tensor> {
        public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].pow(3);
        }

        public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
            Tensor x = ctx.saved(0);
            return new Tensor[] {grad.mul(x.square()).mul(3)};
        }
    }

    /** {@code x^3} whose backward forgets the factor 3: wrong for every element. */
    record CubeMissingFactor() implements CustomFunction<Tensor> {
        public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].pow(3);
        }

        public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(0).square())};
        }
    }

    /** {@code a * b}: the gradient for {@code a} is right, the one for {@code b} wrong at one element only. */
    record ProductWrongAtOneElement() implements CustomFunction<Tensor> {
        public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return in[0].mul(in[1]);
        }

        public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
            Tensor a = ctx.saved(0);
            Tensor wrongAtTwo = Tensor.of(DType.FLOAT64, 1, 1, 1.5, 1).reshape(2, 2);
            return new Tensor[] {grad.mul(ctx.saved(1)), grad.mul(a).mul(wrongAtTwo)};
        }
    }

    /** {@code x^3} whose backward is right in value but cut from x ({@code detach}): its own gradient is wrong. */
    record CubeDetachedBackward() implements CustomFunction<Tensor> {
        public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].pow(3);
        }

        public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(0).detach().square().mul(3))};
        }
    }

    private static Tensor randn(long seed, int... dims) {
        return Tensor.randn(Rng.seeded(seed), DType.FLOAT64, dims).requiresGrad(true);
    }

    @Test
    void aCorrectCustomFunctionPassesFirstAndSecondOrder() {
        Tensor x = randn(1, 2, 3);

        GradCheckReport first = GradCheck.check(in -> new Cube().apply(in[0]), x);
        GradCheckReport second = GradCheck.checkSecondOrder(in -> new Cube().apply(in[0]), x);

        assertThat(first.compared()).as("6 outputs x 6 inputs").isEqualTo(36);
        assertThat(first.maxAbsDiff()).isLessThan(1e-6);
        assertThat(second.order()).isEqualTo(2);
        // the gradient function has x and the output gradient v as inputs: 6 outputs x (6 + 6) inputs
        assertThat(second.compared()).isEqualTo(72);
        assertThat(second.maxAbsDiff()).isLessThan(1e-6);
    }

    @Test
    void aWrongBackwardIsCaughtAndTheMessageSaysWhere() {
        Tensor x = Tensor.of(DType.FLOAT64, 0.5, -1.0, 2.0).requiresGrad(true);

        GradCheckException e = catchThrowableOfType(GradCheckException.class,
                () -> GradCheck.check(in -> new CubeMissingFactor().apply(in[0]), x));

        GradCheckReport.Mismatch first = e.report().mismatches().getFirst();
        assertThat(first.input()).isZero();
        assertThat(first.inputElement()).containsExactly(0);
        assertThat(first.output()).isZero();
        assertThat(first.outputElement()).containsExactly(0);
        assertThat(first.analytical()).isCloseTo(0.25, within(1e-12));
        assertThat(first.numerical()).isCloseTo(0.75, within(1e-6));
        assertThat(e.report().mismatches()).hasSize(3);
        assertThat(e.getMessage())
                .startsWith("gradient check failed")
                .contains("d output 0[0] / d input 0 [3][0]: analytical " + first.analytical() + ", numerical "
                        + first.numerical())
                .contains("d output 0[2] / d input 0 [3][2]: analytical 4.0")
                .contains("ops: CubeMissingFactor");
    }

    @Test
    void theMessageNamesTheInputIndexAndTheElementOfAMultiDimensionalInput() {
        Tensor a = randn(2, 2, 2);
        Tensor b = randn(3, 2, 2);

        GradCheckException e = catchThrowableOfType(GradCheckException.class,
                () -> GradCheck.check(in -> new ProductWrongAtOneElement().apply(in[0], in[1]), a, b));

        assertThat(e.report().mismatches()).singleElement().satisfies(m -> {
            assertThat(m.input()).isEqualTo(1);
            assertThat(m.inputShape()).isEqualTo("[2, 2]");
            assertThat(m.inputElement()).containsExactly(1, 0);
            assertThat(m.outputElement()).containsExactly(1, 0);
            assertThat(m.analytical()).isCloseTo(1.5 * a.get(1, 0), within(1e-12));
            assertThat(m.numerical()).isCloseTo(a.get(1, 0), within(1e-6));
        });
        assertThat(e.getMessage()).contains("d output 0[1, 0] / d input 1 [2, 2][1, 0]: analytical ");
    }

    @Test
    void aBackwardThatIsRightOnlyToFirstOrderFailsTheSecondOrderCheck() {
        Tensor x = randn(4, 3);

        GradCheckReport first = GradCheck.check(in -> new CubeDetachedBackward().apply(in[0]), x);
        GradCheckException e = catchThrowableOfType(GradCheckException.class,
                () -> GradCheck.checkSecondOrder(in -> new CubeDetachedBackward().apply(in[0]), x));

        assertThat(first.maxAbsDiff()).as("right to first order").isLessThan(1e-6);
        assertThat(e.getMessage()).startsWith("second-order gradient check failed");
        assertThat(e.report().mismatches()).allSatisfy(m -> {
            assertThat(m.input()).as("the wrong derivative is the one in x, not in the output gradient").isZero();
            assertThat(m.analytical()).isZero();
        });
    }

    @Test
    void float32InputsAreRefused() {
        Tensor x = Tensor.randn(Rng.seeded(5), DType.FLOAT32, 2, 3).requiresGrad(true);

        assertThatThrownBy(() -> GradCheck.check(in -> in[0].exp(), x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GradCheck: input 0 (shape [2, 3], float32) must be a float64 leaf; create it with "
                        + "DType.FLOAT64 and requiresGrad(true)");
    }

    @Test
    void aNonLeafInputIsRefused() {
        Tensor y = randn(6, 3).mul(2);

        assertThatThrownBy(() -> GradCheck.check(in -> in[0].exp(), randn(7, 2), y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input 1 (shape [3], float64) must be a float64 leaf");
    }

    @Test
    void noInputRequiringGradIsRefused() {
        Tensor x = Tensor.randn(Rng.seeded(8), DType.FLOAT64, 3);

        assertThatThrownBy(() -> GradCheck.check(in -> in[0].exp(), x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GradCheck: no input requires grad; call requiresGrad(true) on the inputs to check");
        assertThatThrownBy(() -> GradCheck.checkSecondOrder(in -> in[0].exp(), x.requiresGrad(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no input requires grad");
    }

    @Test
    void inputsThatDoNotRequireGradAreTakenAsConstants() {
        Tensor x = randn(9, 3);
        Tensor c = Tensor.randn(Rng.seeded(10), DType.FLOAT64, 3);

        GradCheckReport report = GradCheck.check(in -> in[0].mul(in[1]), x, c);

        assertThat(report.compared()).as("only x is perturbed: 3 outputs x 3 elements").isEqualTo(9);
    }

    @Test
    void aTensorPassedAsTwoInputsIsPerturbedInBothUses() {
        Tensor x = randn(17, 3);
        GradCheckOptions fast = GradCheckOptions.DEFAULT.withFastMode(true);

        // the analytical gradient of each of the two inputs is the total one, 2 x; so must the numerical one be
        GradCheckReport full = GradCheck.check(in -> in[0].mul(in[1]), x, x);
        GradCheckReport projected = GradCheck.check(fast, in -> in[0].mul(in[1]), x, x);
        GradCheckReport second = GradCheck.checkSecondOrder(in -> in[0].mul(in[1]).exp(), x, x);

        assertThat(full.compared()).isEqualTo(18);
        assertThat(full.maxAbsDiff()).as(full.describe()).isLessThan(1e-6);
        assertThat(projected.maxAbsDiff()).as(projected.describe()).isLessThan(1e-6);
        // 3 gradient elements for each of the two uses, against both uses (3 + 3) and the output gradient (3)
        assertThat(second.compared()).as(second.describe()).isEqualTo(6 * (6 + 3));
    }

    @Test
    void fastModeCatchesAWrongGradient() {
        Tensor x = randn(11, 20, 30);
        GradCheckOptions fast = GradCheckOptions.DEFAULT.withFastMode(true);

        GradCheckException e = catchThrowableOfType(GradCheckException.class,
                () -> GradCheck.check(fast, in -> new CubeMissingFactor().apply(in[0]), x));

        assertThat(e.report().compared()).isEqualTo(1);
        assertThat(e.report().mismatches()).singleElement().satisfies(m -> {
            assertThat(m.input()).isEqualTo(-1);
            assertThat(m.analytical()).isCloseTo(m.numerical() / 3, within(1e-6 * Math.abs(m.numerical())));
        });
        assertThat(e.getMessage()).contains("(all, along a random direction)");
        assertThat(GradCheck.check(fast, in -> new Cube().apply(in[0]), x).maxAbsDiff()).as("the right rule")
                .isLessThan(1e-6);
    }

    @Test
    void fastModeCatchesAWrongSecondDerivative() {
        Tensor x = randn(12, 10, 10);
        GradCheckOptions fast = GradCheckOptions.DEFAULT.withFastMode(true);

        assertThatThrownBy(() -> GradCheck.checkSecondOrder(fast, in -> new CubeDetachedBackward().apply(in[0]), x))
                .isInstanceOf(GradCheckException.class)
                .hasMessageStartingWith("second-order gradient check failed (1 entries compared");
    }

    @Test
    void theReportListsTheOpsOfTheCheckedGraph() {
        Tensor x = randn(13, 3, 4);

        GradCheckReport report = GradCheck.check(in -> in[0].t().tanh().sum(1), x);

        assertThat(report.ops()).containsExactly("sum", "tanh", "permute");
        assertThat(report.describe()).isEqualTo("gradient check passed (" + report.compared()
                + " entries compared, max |diff| " + report.maxAbsDiff() + "; ops: sum, tanh, permute)");
        assertThat(GradCheck.opsOf(List.of(x))).as("a leaf has no ops").isEmpty();
    }

    @Test
    void checkOutputsNamesTheOutputThatIsWrong() {
        Tensor x = randn(14, 3);

        GradCheckException e = catchThrowableOfType(GradCheckException.class,
                () -> GradCheck.checkOutputs(GradCheckOptions.DEFAULT,
                        in -> List.of(in[0].exp(), new CubeMissingFactor().apply(in[0])), x));

        assertThat(e.report().mismatches()).isNotEmpty().allSatisfy(m -> assertThat(m.output()).isEqualTo(1));
        assertThat(e.getMessage()).contains("d output 1[");
    }

    @Test
    void aGradientThatIsNeverRecordedIsCaught() {
        Tensor x = randn(15, 4);

        // detach hides the dependence on x from autograd: the analytical Jacobian is 0, the numerical one is not
        GradCheckException e = catchThrowableOfType(GradCheckException.class,
                () -> GradCheck.check(in -> in[0].mul(in[0].detach()), x));

        assertThat(e.report().mismatches()).hasSize(4).allSatisfy(m -> assertThat(m.inputElement())
                .isEqualTo(m.outputElement()));
    }

    @Test
    void optionsRejectANonPositiveStep() {
        assertThatThrownBy(() -> GradCheckOptions.DEFAULT.withEps(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eps must be positive")
                .hasMessageContaining("got eps 0.0");
    }

    @Test
    void theSecondOrderCheckAcceptsFloat32Outputs() {
        Tensor x = randn(16, 2, 3);

        GradCheckReport report = GradCheck.checkSecondOrder(OpCases.FLOAT32_ROUND_TRIP,
                in -> in[0].to(DType.FLOAT32).exp(), x);

        assertThat(report.compared()).isEqualTo(6 * (6 + 6));
        assertThat(report.maxAbsDiff()).as(report.describe()).isLessThan(OpCases.FLOAT32_ROUND_TRIP.atol());
        assertThat(report.ops()).contains("cast");
    }
}
