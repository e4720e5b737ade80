package org.backprop4j.backend;

/** A backend could not be loaded or selected; the message names the library, path or property involved. */
public final class BackendException extends RuntimeException {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
