package org.backprop4j.autograd;

import org.backprop4j.array.Scope;

/**
 * Whether operations record the graph that {@code backward()} walks. On by default; per thread, like PyTorch's
 * grad mode. Scopes nest and restore the previous setting when closed.
 */
public final class GradMode {
    /** Per-thread switches, kept in one object so a hot op pays for one ThreadLocal lookup. */
    static final class State {
        boolean gradEnabled = true;
        boolean anomaly;
        /** The checkpointed segment whose forward or recomputation is running, or null ({@link GradientCheckpoint}). */
        RecomputeFrame recompute;
    }

    static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private GradMode() {
    }

    /** True when new operations record their backward. */
    public static boolean isEnabled() {
        return STATE.get().gradEnabled;
    }

    /** Stops recording until the scope closes: for evaluation, parameter updates and data preparation. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Records again inside an enclosing {@link #noGrad()} scope. */
    public static Scope enableGrad() {
        return set(true);
    }

    /** Sets recording on or off until the scope closes. */
    public static Scope set(boolean enabled) {
        State s = STATE.get();
        boolean previous = s.gradEnabled;
        s.gradEnabled = enabled;
        return () -> s.gradEnabled = previous;
    }
}
