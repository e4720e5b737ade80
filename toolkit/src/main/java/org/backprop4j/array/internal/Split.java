package org.backprop4j.array.internal;

import org.backprop4j.backend.internal.Workers;

/**
 * Work over independent items (a batch's images, pooling planes) split over the toolkit's threads: one range of
 * items per thread once the whole moves at least {@link #PARALLEL_ELEMENTS} elements (below that, waking a thread
 * costs more than it saves). Callers compute every item's values alone and write them where no other item writes,
 * so the split changes no result.
 */
final class Split {
    /** Elements moved below which the items are not split. */
    static final long PARALLEL_ELEMENTS = 1 << 16;

    private Split() {
    }

    /** The items {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    static void byItems(int count, long elements, Range body) {
        int parts = elements < PARALLEL_ELEMENTS ? 1 : Math.min(Workers.threads(), count);
        Workers.run(parts, p -> body.run((int) ((long) count * p / parts), (int) ((long) count * (p + 1) / parts)));
    }
}
