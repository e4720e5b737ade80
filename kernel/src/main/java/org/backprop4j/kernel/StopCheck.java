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

    /**
     * Stands in for {@code System.exit(status)} in cell code (the kernel rewrites such calls): a cell cannot end
     * the kernel, so this throws instead.
     *
     * @throws CellExitError always
     */
    public static void exit(int status) {
        throw new CellExitError("System.exit(" + status + ")");
    }

    /** Stands in for {@code runtime.exit(status)} in cell code. @throws CellExitError always */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new CellExitError("Runtime.exit(" + status + ")");
    }

    /** Stands in for {@code runtime.halt(status)} in cell code. @throws CellExitError always */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new CellExitError("Runtime.halt(" + status + ")");
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

    /** Thrown where cell code calls System.exit; the kernel reports it as a cell error and keeps running. */
    public static final class CellExitError extends Error {
        CellExitError(String call) {
            super(call + " was called; a cell cannot end the kernel, which keeps running with its variables. Use "
                    + "Kernel > Restart for a fresh session, or throw an exception to stop a cell", null, false, true);
        }
    }

    /** Thrown into cell code to stop it; an {@link Error} so that {@code catch (Exception e)} does not swallow it. */
    public static final class CellInterruptedError extends Error {
        CellInterruptedError() {
            super("the cell was interrupted", null, false, false);
        }
    }
}
