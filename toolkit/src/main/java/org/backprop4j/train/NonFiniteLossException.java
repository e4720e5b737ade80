package org.backprop4j.train;

/**
 * A batch's loss was NaN or infinite: the step was not taken, so the model and optimizer are as after the step
 * before (the message names the step, epoch and batch). Usual causes: a learning rate too high, a log of 0, or
 * inputs that are not finite.
 */
public final class NonFiniteLossException extends ArithmeticException {
    private final long step;

    NonFiniteLossException(String message, long step) {
        super(message);
        this.step = step;
    }

    /** The number the refused step would have had. */
    public long step() {
        return step;
    }
}
