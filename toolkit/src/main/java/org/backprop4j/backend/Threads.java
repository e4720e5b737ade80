package org.backprop4j.backend;

import org.backprop4j.backend.internal.Workers;

/**
 * The toolkit's one thread control (PyTorch's {@code torch.set_num_threads}): how many threads a GEMM may use
 * (OpenBLAS's own pool, or the Java kernels' stripes), and how many the loop kernels and the optimizers' update
 * loops split large work over. All of them share one pool, so the toolkit never runs more busy threads than this
 * count. The default is the system property {@value #PROPERTY}, else every available processor.
 *
 * {@snippet file="NnSnippets.java" region="threads"}
 *
 * Changing the count does not change any result: work is split into disjoint ranges whose arithmetic does not
 * depend on the split.
 */
public final class Threads {
    /** The system property that sets the initial count. */
    public static final String PROPERTY = "backprop4j.threads";

    private Threads() {
    }

    /** The number of threads the toolkit may use, at least 1; 1 inside a data-parallel replica, which has one core. */
    public static int get() {
        return Workers.threads();
    }

    /**
     * Sets the number of threads for everything: BLAS, the Java GEMM, the loop kernels and optimizer updates.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Threads.set: the thread count must be >= 1, got " + threads);
        }
        Workers.setThreads(threads); // OpenBLAS picks the new count up at its next call
    }
}
