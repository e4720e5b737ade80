package org.backprop4j.autograd;

import org.backprop4j.array.Scope;

/**
 * Debugging mode for backward passes, like PyTorch's {@code detect_anomaly}. While enabled, every recorded op
 * remembers where it was created, and a backward that produces NaN or Inf stops with an {@link AnomalyException}
 * naming the op and that place. Costs a stack walk per op, so use it to find a problem, not while training.
 *
 * {@snippet file="CoreSnippets.java" region="anomalyMode"}
 */
public final class AnomalyMode {
    private AnomalyMode() {
    }

    public static boolean isEnabled() {
        return GradMode.STATE.get().anomaly;
    }

    /** Turns anomaly detection on for the current thread until the scope closes. */
    public static Scope enable() {
        GradMode.State s = GradMode.STATE.get();
        boolean previous = s.anomaly;
        s.anomaly = true;
        return () -> s.anomaly = previous;
    }
}
