package org.backprop4j.train;

import java.util.Map;

/**
 * Hears a {@link Trainer}'s events on its thread, with the trainer at hand: its model, optimizer, history and
 * position, and {@link Trainer#requestStop} to end {@code fit()} after the current step. Every method does nothing
 * unless overridden. The trainer calls them after it has committed the step or epoch they report, so a callback
 * that saves a checkpoint sees a consistent state; callbacks run in the order given to the builder.
 *
 * <p>A callback with state of its own (early stopping's best value) returns it from {@link #stateDict()} and takes
 * it back in {@link #loadStateDict}, so that a checkpoint carries it.
 *
 * {@snippet file="TrainSnippets.java" region="callback"}
 */
public interface Callback {
    /** At the start of each {@code fit()}, also one that resumes. */
    default void onFitStart(Trainer trainer) {
    }

    /** Before the first batch of an epoch (not when a resumed epoch goes on). */
    default void onEpochStart(Trainer trainer, int epoch) {
    }

    /** After each optimizer step. */
    default void onStepEnd(Trainer trainer, History.StepRecord step) {
    }

    /** After an epoch's validation, with the schedule stepped and the record in the history. */
    default void onEpochEnd(Trainer trainer, History.EpochRecord epoch) {
    }

    /**
     * When {@code fit()} ends, whatever the reason: budget reached, a stop request, an interrupt or an error
     * ({@link Trainer#stopReason()} says which).
     */
    default void onFitEnd(Trainer trainer) {
    }

    /** This callback's own state as plain values (numbers, strings, lists, maps); empty when it has none. */
    default Map<String, Object> stateDict() {
        return Map.of();
    }

    /** Restores what {@link #stateDict()} returned. */
    default void loadStateDict(Map<String, Object> state) {
    }
}
