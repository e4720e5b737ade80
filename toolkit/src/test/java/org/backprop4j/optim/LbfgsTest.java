package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * L-BFGS against PyTorch's iterates (quadratic and Rosenbrock, fixed step and strong Wolfe, short and full
 * history), the Rosenbrock minimum from (-1.5, 2), interruption, and bad use.
 */
class LbfgsTest {
    private static final double RTOL = 1e-10;
    private static final double ATOL = 1e-12;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** The objective of a golden case, as the script computes it. */
    static Function<Tensor, Tensor> objective(OptimGolden.Lbfgs c) {
        if (c.name().startsWith("quadratic")) {
            Tensor a = c.data().get("A").tensor(DType.FLOAT64);
            Tensor b = c.data().get("b").tensor(DType.FLOAT64);
            return x -> x.dot(a.matmul(x)).mul(0.5).sub(b.dot(x));
        }
        return LbfgsTest::rosenbrock;
    }

    static Tensor rosenbrock(Tensor x) {
        Tensor x0 = x.select(0, 0);
        Tensor x1 = x.select(0, 1);
        return x0.neg().add(1).pow(2).add(x1.sub(x0.pow(2)).pow(2).mul(100));
    }

    /** One L-BFGS on a fresh copy of {@code x0} and the closure that evaluates {@code f} there. */
    record Run(Tensor x, LBFGS lbfgs, LossClosure closure) {
        static Run of(double[] x0, LBFGS.Options options, Function<Tensor, Tensor> f) {
            Tensor x = Tensor.of(x0.clone()).requiresGrad(true);
            LBFGS lbfgs = new LBFGS(List.of(x), options);
            return new Run(x, lbfgs, () -> {
                lbfgs.zeroGrad();
                Tensor loss = f.apply(x);
                loss.backward();
                return loss;
            });
        }

        long nIter() {
            return (Long) lbfgs.stateDict().state().get(0).get("n_iter");
        }
    }

    @TestFactory
    Stream<DynamicTest> iteratesMatchPyTorch() {
        return OptimGolden.GOLDEN.lbfgs().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            LBFGS.Options options = OptimGolden.lbfgs(c.options());
            Run run = Run.of(c.x0(), options.withMaxIter(1), objective(c));
            for (int i = 0; i < c.iterates().size(); i++) {
                run.lbfgs().step(run.closure());
                double[] ours = run.x().toDoubleArray();
                assertThat(OptimGolden.close(ours, c.iterates().get(i), RTOL, ATOL))
                        .as("%s: iterate %d is off by %.3g tolerances", c.name(), i + 1,
                                OptimGolden.worst(ours, c.iterates().get(i), RTOL, ATOL))
                        .isTrue();
            }
            OptimGolden.LongStep expected = c.longStep();
            Run whole = Run.of(c.x0(), options.withMaxIter(expected.maxIter()).withMaxEval(expected.maxEval()),
                    objective(c));
            Tensor loss = whole.lbfgs().step(whole.closure());
            assertThat(loss.item()).isEqualTo(expected.loss());
            assertThat(whole.nIter()).isEqualTo(expected.nIter());
            assertThat(whole.lbfgs().stateDict().state().get(0).get("func_evals")).isEqualTo(expected.funcEvals());
            assertThat(OptimGolden.close(whole.x().toDoubleArray(), expected.x(), RTOL, ATOL))
                    .as("%s: x after one long step: %s, PyTorch %s", c.name(),
                            java.util.Arrays.toString(whole.x().toDoubleArray()), java.util.Arrays.toString(expected.x()))
                    .isTrue();
        }));
    }

    @Test
    void strongWolfeReachesTheRosenbrockMinimumWithinAHundredIterations() {
        LBFGS.Options options = LBFGS.Options.DEFAULT.withLineSearch(LBFGS.LineSearch.STRONG_WOLFE).withMaxIter(100)
                .withToleranceChange(1e-12);
        Run run = Run.of(new double[] {-1.5, 2}, options, LbfgsTest::rosenbrock);
        run.lbfgs().step(run.closure());
        assertThat(run.x().toDoubleArray()).containsExactly(new double[] {1, 1},
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(run.nIter()).isLessThanOrEqualTo(100);
        assertThat(rosenbrock(run.x()).item()).isLessThan(1e-12);
    }

    @Test
    void withZeroTolerancesItLandsExactlyOnTheMinimum() {
        LBFGS.Options options = LBFGS.Options.DEFAULT.withLineSearch(LBFGS.LineSearch.STRONG_WOLFE).withMaxIter(100)
                .withToleranceChange(0).withToleranceGrad(0);
        Run run = Run.of(new double[] {-1.5, 2}, options, LbfgsTest::rosenbrock);
        run.lbfgs().step(run.closure());
        assertThat(run.x().toDoubleArray()).containsExactly(1, 1);
        assertThat(run.nIter()).isLessThanOrEqualTo(100);
    }

    @Test
    void anInterruptEndsTheStepAfterTheLastWholeIterationAndTheNextStepGoesOnExactly() {
        OptimGolden.Lbfgs quadratic = OptimGolden.GOLDEN.lbfgs().stream()
                .filter(c -> c.name().equals("quadratic_strong_wolfe")).findFirst().orElseThrow();
        LBFGS.Options options = OptimGolden.lbfgs(quadratic.options()).withMaxIter(8).withMaxEval(1000);
        Run uninterrupted = Run.of(quadratic.x0(), options, objective(quadratic));
        uninterrupted.lbfgs().step(uninterrupted.closure());
        assertThat(uninterrupted.nIter()).isEqualTo(8);

        // interrupted from inside the closure at its sixth evaluation, which is inside a line search
        Run interrupted = Run.of(quadratic.x0(), options, objective(quadratic));
        int[] evaluations = {0};
        LossClosure interrupting = () -> {
            if (++evaluations[0] == 6) {
                Thread.currentThread().interrupt();
            }
            return interrupted.closure().evaluate();
        };
        interrupted.lbfgs().step(interrupting);
        assertThat(Thread.interrupted()).as("the interrupt flag stays set for the caller").isTrue();
        long done = interrupted.nIter();
        assertThat(done).isBetween(1L, 7L);

        Run reference = Run.of(quadratic.x0(), options.withMaxIter((int) done), objective(quadratic));
        reference.lbfgs().step(reference.closure());
        assertThat(interrupted.x().toDoubleArray()).as("parameters after %d whole iterations", done)
                .containsExactly(reference.x().toDoubleArray());

        interrupted.lbfgs().setOptions(0, options.withMaxIter(8 - (int) done).withMaxEval(1000));
        interrupted.lbfgs().step(interrupted.closure());
        assertThat(interrupted.nIter()).isEqualTo(8);
        assertThat(interrupted.x().toDoubleArray()).containsExactly(uninterrupted.x().toDoubleArray());
    }

    @Test
    void anInterruptBeforeTheStepLeavesTheParametersAlone() {
        Run run = Run.of(new double[] {-1.5, 2}, LBFGS.Options.DEFAULT, LbfgsTest::rosenbrock);
        Thread.currentThread().interrupt();
        run.lbfgs().step(run.closure());
        assertThat(run.x().toDoubleArray()).containsExactly(-1.5, 2);
        assertThat(run.nIter()).isZero();
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void parametersWithoutGradientCountAsZeroAndStayPut() {
        Tensor x = Tensor.of(-1.5, 2.0).requiresGrad(true);
        Tensor unused = Tensor.of(3.0, 4.0).requiresGrad(true);
        LBFGS lbfgs = new LBFGS(List.of(x, unused), LBFGS.Options.DEFAULT.withLineSearch(LBFGS.LineSearch.STRONG_WOLFE)
                .withMaxIter(100).withToleranceChange(1e-12));
        lbfgs.step(() -> {
            lbfgs.zeroGrad();
            Tensor loss = rosenbrock(x);
            loss.backward();
            return loss;
        });
        assertThat(unused.toDoubleArray()).containsExactly(3, 4);
        assertThat(x.toDoubleArray()).containsExactly(new double[] {1, 1}, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void badUseIsAClearError() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        LBFGS lbfgs = new LBFGS(List.of(x));
        assertThatThrownBy(() -> lbfgs.step(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("LBFGS: step needs a closure");
        assertThatThrownBy(() -> lbfgs.step(() -> null))
                .hasMessage("LBFGS: the closure must return the loss as a one-element tensor, got null");
        assertThatThrownBy(() -> lbfgs.step(() -> x.mul(2)))
                .hasMessage("LBFGS: the closure must return the loss as a one-element tensor, got a tensor of shape "
                        + "[2]");
        assertThatThrownBy(() -> LBFGS.Options.DEFAULT.withHistorySize(0))
                .hasMessage("LBFGS: historySize must be >= 1, got 0");
        assertThatThrownBy(() -> LBFGS.Options.DEFAULT.withToleranceGrad(Double.NaN))
                .hasMessage("LBFGS: toleranceGrad must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> LBFGS.Options.DEFAULT.withLineSearch(null))
                .hasMessage("LBFGS: lineSearch must be NONE or STRONG_WOLFE, got null");
    }

    /** What L-BFGS cannot do (a second group, a step without re-evaluating the loss) it does not offer at all. */
    @Test
    void itHasNoStepWithoutAClosureAndNoSecondGroup() {
        assertThat(LBFGS.class.getMethods()).noneMatch(m -> m.getName().equals("addParamGroup"))
                .noneMatch(m -> m.getName().equals("step") && m.getParameterCount() == 0);
        assertThat(Optimizer.class).isAssignableFrom(LBFGS.class);
        assertThat(PerParameterOptimizer.class.isAssignableFrom(LBFGS.class)).as("LBFGS is a PerParameterOptimizer")
                .isFalse();
    }
}
