package org.backprop4j.backend;

/** Holds the backend in use; the pure-Java one until an accelerated backend is selected. */
final class Backends {
    private static final Backend CURRENT = new JavaBackend();

    private Backends() {
    }

    static Backend current() {
        return CURRENT;
    }
}
