package org.backprop4j.diagnostics;

/**
 * A problem a {@link GradientMonitor} found at one record: its kind, the layer's dotted path ({@code ""} for the
 * model itself) and a message that names the layer, its type and the numbers.
 */
public record GradientWarning(Kind kind, String layer, String message) {
    public enum Kind {
        /** The gradient norm is below the vanishing threshold, or orders of magnitude below the last layer's. */
        VANISHING,
        /** The gradient norm is above the exploding threshold. */
        EXPLODING,
        /** Some gradient elements are NaN or infinite (an explosion past the floating-point range, or 0/0). */
        NON_FINITE,
        /** The layer's parameters have no gradient: unused in the forward pass, or not reached by the backward. */
        NO_GRADIENT
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
