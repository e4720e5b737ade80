package org.backprop4j.train;

import java.time.Duration;

/**
 * Stops {@code fit()} after the first step that ends once {@code budget} has passed since that {@code fit()}
 * started.
 *
 * {@snippet file="TrainSnippets.java" region="time-budget"}
 */
public final class TimeBudget implements Callback {
    private final Duration budget;
    private long start;

    /** @throws IllegalArgumentException if {@code budget} is negative */
    public TimeBudget(Duration budget) {
        if (budget == null || budget.isNegative()) {
            throw new IllegalArgumentException("TimeBudget: expected a non-negative duration, got " + budget);
        }
        this.budget = budget;
    }

    @Override
    public void onFitStart(Trainer trainer) {
        start = System.nanoTime();
    }

    @Override
    public void onStepEnd(Trainer trainer, History.StepRecord step) {
        if (System.nanoTime() - start >= budget.toNanos()) {
            trainer.requestStop("time budget of " + budget + " used up at step " + step.step());
        }
    }
}
