package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits an elementwise update over the cores when the tensor is large enough for the split to pay: the update
 * loops are memory-bound, and on large tensors a second core adds bandwidth (benchmarks/run-optim.sh measures
 * it). Chunks are disjoint index ranges, so the result does not depend on the split.
 */
final class Parallel {
    /** Fewer elements than this per chunk and the hand-off costs more than it saves. */
    static final int MIN_CHUNK = 1 << 16;

    private static volatile int threads = Integer.getInteger("backprop4j.optim.threads",
            Runtime.getRuntime().availableProcessors());

    private Parallel() {
    }

    /** The update loop over elements {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    static int threads() {
        return threads;
    }

    static void setThreads(int n) {
        threads = n;
    }

    /** Runs {@code body} over {@code [0, n)}, in chunks on the common pool when {@code n} is large. */
    static void forRange(int n, Range body) {
        int chunks = Math.min(threads, n / MIN_CHUNK);
        if (chunks <= 1 || ForkJoinPool.getCommonPoolParallelism() < 1) {
            body.run(0, n);
            return;
        }
        int size = ((n + chunks - 1) / chunks + 63) & ~63; // cache-line multiples, so chunks share no line
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks - 1);
        for (int from = size; from < n; from += size) {
            int start = from;
            int end = Math.min(n, from + size);
            tasks.add(ForkJoinPool.commonPool().submit(() -> body.run(start, end)));
        }
        body.run(0, Math.min(n, size));
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
    }
}
