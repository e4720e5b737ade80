package org.backprop4j.kernel;

/**
 * What cells call to show things: imported statically into every session, so a cell writes {@code display(x)}.
 * Outputs appear under the running cell; an output shown with an id can be replaced in place later, from the same
 * cell (a growing chart, a progress bar) or another.
 *
 * <pre>{@code
 * display(Plots.line("loss", losses), "loss");
 * for (int step = 0; step < 100; step++) {
 *     losses = append(losses, trainStep());
 *     updateDisplay("loss", Plots.line("loss", losses));
 * }
 * }</pre>
 */
public final class Notebook {
    private Notebook() {
    }

    /** Shows {@code value} (rendered through {@code org.backprop4j.display.Display}) as a new output. */
    public static void display(Object value) {
        JavaKernel.current().show(value, null);
    }

    /**
     * Shows {@code value} as a new output that {@link #updateDisplay} can replace later.
     *
     * @return {@code displayId}
     * @throws IllegalArgumentException if {@code displayId} is blank
     */
    public static String display(Object value, String displayId) {
        JavaKernel.current().show(value, checkId("display", displayId));
        return displayId;
    }

    /**
     * Replaces the outputs shown under {@code displayId} with {@code value}.
     *
     * @throws IllegalArgumentException if {@code displayId} is blank
     */
    public static void updateDisplay(String displayId, Object value) {
        JavaKernel.current().update(checkId("updateDisplay", displayId), value);
    }

    /** Clears the running cell's outputs; with {@code wait}, only when the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        JavaKernel.current().clear(wait);
    }

    private static String checkId(String op, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(op + ": the display id must be a non-blank string, got "
                    + (id == null ? "null" : "'" + id + "'"));
        }
        return id;
    }
}
