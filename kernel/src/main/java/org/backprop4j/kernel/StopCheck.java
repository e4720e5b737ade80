package org.backprop4j.kernel;

/**
 * Called by cell code at every method entry and loop back-edge (the kernel weaves the calls into each compiled
 * snippet), so that an interrupt stops even a loop that never checks for one. Public because the woven calls come
 * from the snippets' own class loader; not for use by hand.
 */
public final class StopCheck {
    private static volatile boolean stopRequested;

    private StopCheck() {
    }

    /** @throws CellInterruptedError when the running cell has been interrupted */
    public static void check() {
        if (stopRequested) {
            throw new CellInterruptedError();
        }
    }

    static void request() {
        stopRequested = true;
    }

    static void reset() {
        stopRequested = false;
    }

    static boolean requested() {
        return stopRequested;
    }

    /** Thrown into cell code to stop it; an {@link Error} so that {@code catch (Exception e)} does not swallow it. */
    public static final class CellInterruptedError extends Error {
        CellInterruptedError() {
            super("the cell was interrupted", null, false, false);
        }
    }
}
