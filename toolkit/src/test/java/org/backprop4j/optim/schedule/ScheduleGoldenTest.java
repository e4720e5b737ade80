package org.backprop4j.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.backprop4j.optim.Adagrad;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.OptimGolden;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.PerParameterOptimizer;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every schedule's learning rates (and OneCycleLR's momentum or beta1) over 100 steps against PyTorch 1.13's, for
 * the cases of {@code optim_golden.json}: each case name there has a builder here making the same schedule on an
 * optimizer with two groups at lr 0.1 and 0.05. Rates agree to {@code 1e-15 + 1e-12 |torch|}.
 */
class ScheduleGoldenTest {
    private static final double RTOL = 1e-12;
    private static final double ATOL = 1e-15;

    private static final Map<String, Function<Optimizer<?, ?>, Object>> BUILDERS = new LinkedHashMap<>();

    private static void schedule(String name, Function<Optimizer<?, ?>, Object> build) {
        if (BUILDERS.put(name, build) != null) {
            throw new IllegalStateException("duplicate schedule case " + name);
        }
    }

    static {
        schedule("step_lr", o -> new StepLR(o, 7, 0.5));
        schedule("multistep_lr", o -> new MultiStepLR(o, new int[] {10, 25, 25, 60}, 0.3));
        schedule("exponential_lr", o -> new ExponentialLR(o, 0.97));
        schedule("cosine_annealing", o -> new CosineAnnealingLR(o, 30, 0.001));
        schedule("cosine_annealing_tmax100", o -> new CosineAnnealingLR(o, 100));
        schedule("warm_restarts", o -> new CosineAnnealingWarmRestarts(o, 10, 2, 0.001));
        schedule("warm_restarts_tmult1", o -> new CosineAnnealingWarmRestarts(o, 7));
        schedule("warm_restarts_fractional", o -> new CosineAnnealingWarmRestarts(o, 3, 2, 0));
        schedule("linear_warmup", o -> new LinearWarmup(o, 0.1, 1.0, 10));
        schedule("linear_decay", o -> new LinearWarmup(o, 1.0, 0.2, 40));
        schedule("warmup_then_cosine", o -> {
            LinearWarmup warmup = new LinearWarmup(o, 0.01, 10);
            return warmup.followedBy(new CosineAnnealingLR(o, 90));
        });
        schedule("warmup_then_step", o -> {
            EpochSchedule warmup = new LinearWarmup(o, 0.2, 5);
            EpochSchedule step = new StepLR(o, 10, 0.5);
            return new SequentialSchedule(o, List.of(warmup, step), new int[] {5});
        });
        schedule("warmup_chained_exponential", o -> {
            LrSchedule warmup = new LinearWarmup(o, 0.1, 5);
            LrSchedule decay = new ExponentialLR(o, 0.95);
            return new ChainedSchedule(List.of(warmup, decay));
        });
        schedule("lambda_lr", o -> new LambdaLR(o, epoch -> 1.0 / (1 + 0.1 * epoch)));
        schedule("one_cycle", o -> new OneCycleLR(o, new double[] {1.0, 0.5}, 100, OneCycleLR.Options.DEFAULT));
        schedule("one_cycle_three_phase_linear_adam", o -> new OneCycleLR(o, new double[] {0.01, 0.01}, 100,
                OneCycleLR.Options.DEFAULT.withPctStart(0.25).withAnneal(OneCycleLR.Anneal.LINEAR)
                        .withThreePhase(true).withDivFactors(10, 100).withMomentumRange(0.8, 0.9)));
        schedule("one_cycle_no_momentum_adagrad", o -> new OneCycleLR(o, new double[] {0.2, 0.2}, 100,
                OneCycleLR.Options.DEFAULT.withCycleMomentum(false)));
        schedule("plateau_min_rel", o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.Options.DEFAULT.withFactor(0.5)
                .withPatience(3).withThreshold(1e-2, ReduceLROnPlateau.ThresholdMode.REL).withCooldown(2)
                .withMinLrs(0.01, 0.004)));
        schedule("plateau_max_abs", o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.Options.DEFAULT
                .withMode(ReduceLROnPlateau.Mode.MAX).withFactor(0.3).withPatience(2)
                .withThreshold(0.05, ReduceLROnPlateau.ThresholdMode.ABS).withMinLr(0.001).withEps(1e-3)));
    }

    /** The script's optimizer: two parameters in two groups at lr 0.1 and 0.05. */
    static PerParameterOptimizer<?, ?> twoGroups(String kind, boolean momentum) {
        List<Tensor> a = List.of(Tensor.zeros(2).requiresGrad(true));
        List<Tensor> b = List.of(Tensor.zeros(3).requiresGrad(true));
        return switch (kind) {
            case "SGD" -> {
                SGD sgd = new SGD(a, SGD.Options.of(0.1).withMomentum(momentum ? 0.9 : 0));
                sgd.addParamGroup(b, o -> o.withLr(0.05));
                yield sgd;
            }
            case "Adam" -> {
                Adam adam = new Adam(a, 0.1);
                adam.addParamGroup(b, o -> o.withLr(0.05));
                yield adam;
            }
            case "Adagrad" -> {
                Adagrad adagrad = new Adagrad(a, 0.1);
                adagrad.addParamGroup(b, o -> o.withLr(0.05));
                yield adagrad;
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @TestFactory
    Stream<DynamicTest> learningRatesMatchPyTorch() {
        return OptimGolden.GOLDEN.schedules().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            PerParameterOptimizer<?, ?> optimizer = twoGroups(c.optimizer(), c.name().equals("one_cycle"));
            Object schedule = BUILDERS.get(c.name()).apply(optimizer);
            check(c, 0, optimizer);
            for (int i = 0; i < c.lrs().size() - 1; i++) {
                optimizer.step();
                switch (schedule) {
                    case ReduceLROnPlateau plateau -> plateau.step(c.metrics()[i]);
                    case CosineAnnealingWarmRestarts restarts when c.epochs() != null -> restarts.step(c.epochs()[i]);
                    case LrSchedule s -> s.step();
                    default -> throw new IllegalStateException();
                }
                check(c, i + 1, optimizer);
                if (schedule instanceof LrSchedule s) {
                    assertThat(s.lastLr()).isEqualTo(optimizer.lrs());
                }
            }
        }));
    }

    private static void check(OptimGolden.Schedule c, int row, Optimizer<?, ?> optimizer) {
        double[] expected = c.lrs().get(row).clone();
        for (int g = 0; g < expected.length; g++) {
            expected[g] = Math.max(0, expected[g]); // OneCycleLR's one step past the end (see its javadoc)
        }
        assertThat(OptimGolden.close(optimizer.lrs(), expected, RTOL, ATOL))
                .as("%s: learning rates %s after %d steps, PyTorch %s", c.name(),
                        java.util.Arrays.toString(optimizer.lrs()), row, java.util.Arrays.toString(expected))
                .isTrue();
        if (c.momentum() != null) {
            double[] momenta = {optimizer.momentum(0), optimizer.momentum(1)};
            assertThat(OptimGolden.close(momenta, c.momentum().get(row), RTOL, ATOL))
                    .as("%s: momentum %s after %d steps, PyTorch %s", c.name(), java.util.Arrays.toString(momenta),
                            row, java.util.Arrays.toString(c.momentum().get(row)))
                    .isTrue();
        }
    }

    @Test
    void everyCaseHasABuilderAndEveryBuilderACase() {
        assertThat(BUILDERS.keySet()).containsExactlyInAnyOrderElementsOf(
                OptimGolden.GOLDEN.schedules().stream().map(OptimGolden.Schedule::name).toList());
        assertThat(OptimGolden.GOLDEN.schedules()).allSatisfy(c -> assertThat(c.lrs()).hasSize(101));
    }
}
