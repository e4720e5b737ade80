package org.backprop4j.kernel;

import java.util.List;

/** Thrown for any way a cell fails; carries what Jupyter shows. */
final class CellException extends Exception {
    private final String name;
    private final List<String> traceback;

    CellException(String name, String message, List<String> traceback) {
        super(message, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    static CellException compile(String message, List<String> traceback) {
        return new CellException("CompileError", message, traceback);
    }

    static CellException runtime(String name, String message, List<String> traceback) {
        return new CellException(name, message, traceback);
    }

    static CellException interrupted() {
        return new CellException("Interrupted", "the cell was interrupted", List.of(
                Tracebacks.RED + "Interrupted" + Tracebacks.RESET + ": the cell was interrupted"));
    }

    static CellException usage(String message) {
        return new CellException("UsageError", message, List.of(Tracebacks.RED + "UsageError" + Tracebacks.RESET
                + ": " + message));
    }

    String name() {
        return name;
    }

    List<String> traceback() {
        return traceback;
    }
}
