package org.backprop4j.array.internal;

import org.backprop4j.array.Rng;

/**
 * Gives {@code Rng.global()} another generator on this thread for the length of a call. Data-parallel replicas
 * run this way, each shard with a generator of its own: the global one is not thread-safe, and draws shared by
 * replicas that run at once would depend on which thread came first.
 */
public final class ScopedGlobalRng {
    private static final ScopedValue<Rng> CURRENT = ScopedValue.newInstance();

    private ScopedGlobalRng() {
    }

    /** Runs {@code body} with {@code Rng.global()} returning {@code rng} on this thread. */
    public static void run(Rng rng, Runnable body) {
        ScopedValue.where(CURRENT, java.util.Objects.requireNonNull(rng, "ScopedGlobalRng.run: rng")).run(body);
    }

    /** The generator bound on this thread, else {@code global}. */
    public static Rng orElse(Rng global) {
        return CURRENT.orElse(global);
    }
}
