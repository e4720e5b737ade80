package org.backprop4j.autograd;

/** A misuse of the autograd engine: backward through a freed graph, a modified saved tensor, a bad gradient. */
public class AutogradException extends RuntimeException {
    public AutogradException(String message) {
        super(message);
    }
}
