package org.backprop4j.autograd;

/** A backward produced NaN or Inf while {@link AnomalyMode} was on; the message names the op and its origin. */
public final class AnomalyException extends AutogradException {
    private final String op;

    public AnomalyException(String op, String message) {
        super(message);
        this.op = op;
    }

    /** The name of the op whose backward produced the non-finite value. */
    public String op() {
        return op;
    }
}
