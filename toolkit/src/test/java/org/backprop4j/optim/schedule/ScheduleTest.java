package org.backprop4j.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.backprop4j.optim.Adagrad;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Schedules: bad settings, stepping past the end, state dicts, and how they share an optimizer's initial rates. */
class ScheduleTest {
    private static SGD sgd() {
        return new SGD(List.of(Tensor.zeros(2).requiresGrad(true)), SGD.Options.of(0.1).withMomentum(0.9));
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThatThrownBy(() -> new StepLR(sgd(), 0)).hasMessage("StepLR: stepSize must be >= 1, got 0");
        assertThatThrownBy(() -> new StepLR(sgd(), 3, -0.5))
                .hasMessage("StepLR: gamma must be a finite number > 0, got -0.5");
        assertThatThrownBy(() -> new MultiStepLR(sgd(), new int[] {30, 10}))
                .hasMessage("MultiStepLR: milestones must be non-negative and increasing, got [30, 10]");
        assertThatThrownBy(() -> new ExponentialLR(sgd(), Double.NaN))
                .hasMessage("ExponentialLR: gamma must be a finite number > 0, got NaN");
        assertThatThrownBy(() -> new CosineAnnealingLR(sgd(), 0)).hasMessage("CosineAnnealingLR: tMax must be >= 1, "
                + "got 0");
        assertThatThrownBy(() -> new CosineAnnealingWarmRestarts(sgd(), 10, 0, 0))
                .hasMessage("CosineAnnealingWarmRestarts: tMult must be >= 1, got 0");
        assertThatThrownBy(() -> new LinearWarmup(sgd(), 0, 5))
                .hasMessage("LinearWarmup: startFactor must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> new LinearWarmup(sgd(), 0.1, 1.5, 5))
                .hasMessage("LinearWarmup: endFactor must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new OneCycleLR(new Adagrad(List.of(Tensor.zeros(2).requiresGrad(true)), 0.1), 0.1,
                100)).hasMessage("OneCycleLR: Adagrad has no momentum to cycle; use Options.withCycleMomentum(false)");
        assertThatThrownBy(() -> new OneCycleLR(sgd(), new double[] {0.1, 0.2}, 100, OneCycleLR.Options.DEFAULT))
                .hasMessage("OneCycleLR: expected 1 maxLrs (one per parameter group), got 2");
        assertThatThrownBy(() -> OneCycleLR.Options.DEFAULT.withPctStart(1.5))
                .hasMessage("OneCycleLR: pctStart must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> ReduceLROnPlateau.Options.DEFAULT.withFactor(1.0))
                .hasMessage("ReduceLROnPlateau: factor must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> new ReduceLROnPlateau(sgd(), ReduceLROnPlateau.Options.DEFAULT.withMinLrs(0, 0, 0)))
                .hasMessage("ReduceLROnPlateau: expected 1 or 1 minLrs (one per parameter group), got 3");
        assertThatThrownBy(() -> new ReduceLROnPlateau(sgd()).step(Double.NaN))
                .hasMessage("ReduceLROnPlateau: the metric is NaN");
    }

    @Test
    void sequencesAndChainsCheckTheirParts() {
        SGD a = sgd();
        SGD b = sgd();
        EpochSchedule first = new StepLR(a, 3);
        EpochSchedule other = new StepLR(b, 3);
        assertThatThrownBy(() -> new ChainedSchedule(List.of(first, other)))
                .hasMessage("ChainedSchedule: schedule 1 (StepLR) belongs to another optimizer than schedule 0");
        assertThatThrownBy(() -> new SequentialSchedule(a, List.of(first, new ExponentialLR(a, 0.9)), new int[] {}))
                .hasMessage("SequentialSchedule: 2 schedules need 1 milestones, got []");
        assertThatThrownBy(() -> new SequentialSchedule(a, List.of(first, other), new int[] {5}))
                .hasMessage("SequentialSchedule: schedule 1 (StepLR) belongs to another optimizer");
        assertThatThrownBy(() -> new ChainedSchedule(List.of())).hasMessage("ChainedSchedule: needs at least one "
                + "schedule");
    }

    @Test
    void oneCycleRefusesToStepPastItsEndAndStaysWhereItWas() {
        SGD sgd = sgd();
        OneCycleLR schedule = new OneCycleLR(sgd, 0.5, 10);
        for (int i = 0; i < 10; i++) {
            schedule.step();
        }
        double[] last = sgd.lrs();
        assertThatThrownBy(schedule::step).isInstanceOf(IllegalStateException.class)
                .hasMessage("OneCycleLR: tried to step 12 times, but totalSteps is 10");
        assertThat(schedule.lastEpoch()).isEqualTo(10);
        assertThat(sgd.lrs()).isEqualTo(last);
    }

    @Test
    void theFirstScheduleRecordsTheInitialRatesTheOthersStartFrom() {
        SGD sgd = sgd();
        new StepLR(sgd, 2, 0.5);
        assertThat(sgd.initialLr(0)).hasValue(0.1);
        sgd.setLr(0, 0.7); // a second schedule still starts from the recorded initial rate
        CosineAnnealingWarmRestarts restarts = new CosineAnnealingWarmRestarts(sgd, 5);
        assertThat(restarts.lastLr()).containsExactly(0.1);
        assertThat(sgd.stateDict().paramGroups().getFirst().options()).containsEntry("initial_lr", 0.1);
    }

    @Test
    void aRestoredScheduleContinuesExactly() {
        SGD whole = sgd();
        CosineAnnealingWarmRestarts reference = new CosineAnnealingWarmRestarts(whole, 4, 2, 0.01);
        SGD first = sgd();
        CosineAnnealingWarmRestarts interrupted = new CosineAnnealingWarmRestarts(first, 4, 2, 0.01);
        for (int i = 0; i < 9; i++) {
            reference.step();
            interrupted.step();
        }
        Map<String, Object> saved = interrupted.stateDict();
        // as when resuming from a checkpoint: build both afresh, then load the optimizer and the schedule
        SGD resumedOptimizer = sgd();
        CosineAnnealingWarmRestarts resumed = new CosineAnnealingWarmRestarts(resumedOptimizer, 4, 2, 0.01);
        resumedOptimizer.loadStateDict(first.stateDict());
        resumed.loadStateDict(saved);
        for (int i = 0; i < 20; i++) {
            reference.step();
            resumed.step();
            assertThat(resumedOptimizer.lrs()).isEqualTo(whole.lrs());
        }
        assertThat(resumed.lastEpoch()).isEqualTo(reference.lastEpoch());
    }

    @Test
    void plateauStateRoundTrips() {
        Optimizer<?, ?> a = sgd();
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(a, ReduceLROnPlateau.Options.DEFAULT.withPatience(1));
        plateau.step(1.0);
        plateau.step(1.0);
        plateau.step(1.0);
        assertThat(a.lr(0)).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-15));
        ReduceLROnPlateau copy = new ReduceLROnPlateau(sgd(), ReduceLROnPlateau.Options.DEFAULT.withPatience(1));
        copy.loadStateDict(plateau.stateDict());
        assertThat(copy.best()).isEqualTo(1.0);
        assertThat(copy.stateDict()).isEqualTo(plateau.stateDict());
        assertThatThrownBy(() -> copy.loadStateDict(Map.of("best", 1.0)))
                .hasMessage("ReduceLROnPlateau.loadStateDict: 'num_bad_epochs' is missing (expected an integer)");
        assertThat(copy.best()).isEqualTo(1.0);
    }

    /** Chains step one epoch at a time; they do not offer a jump to an epoch they could only refuse. */
    @Test
    void onlyEpochSchedulesJumpToAnEpoch() {
        for (Class<?> chain : List.of(ChainedSchedule.class, SequentialSchedule.class)) {
            assertThat(chain.getMethods()).as("%s's methods", chain.getSimpleName())
                    .noneMatch(m -> m.getName().equals("step") && m.getParameterCount() == 1);
            assertThat(EpochSchedule.class.isAssignableFrom(chain)).as("%s is an EpochSchedule", chain.getSimpleName())
                    .isFalse();
        }
        SGD sgd = sgd();
        StepLR schedule = new StepLR(sgd, 3, 0.5);
        schedule.step(7);
        assertThat(schedule.lastEpoch()).isEqualTo(7);
        assertThat(sgd.lr(0)).isEqualTo(0.1 * 0.25);
    }
}
