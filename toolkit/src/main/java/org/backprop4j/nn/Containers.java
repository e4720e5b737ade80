package org.backprop4j.nn;

import java.util.Collection;
import java.util.Objects;

/** The checks {@link ModuleList}, {@link ModuleDict}, {@link ParameterList} and {@link ParameterDict} share. */
final class Containers {
    private Containers() {
    }

    /**
     * {@code index} as a position in a container of {@code size} entries, counting from the end when negative (as
     * Python's lists do).
     *
     * @throws IndexOutOfBoundsException naming the container when the index is outside {@code [-size, size)}
     */
    static int index(Module container, String op, int index, int size, String what) {
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException(container.describe() + "." + op + ": index " + index
                    + " is out of range for " + size + " " + what + (size == 0 ? ""
                    : " (valid: " + -size + " to " + (size - 1) + ")"));
        }
        return index < 0 ? index + size : index;
    }

    /** A key of a dictionary container: it becomes part of dotted state-dict names, so it may not hold a dot. */
    static String key(Module container, String op, String key) {
        Objects.requireNonNull(key, () -> container.describe() + "." + op + ": key is null");
        if (key.isEmpty() || key.contains(".")) {
            throw new IllegalArgumentException(container.describe() + "." + op + ": key '" + key + "' "
                    + (key.isEmpty() ? "is empty" : "contains '.'") + "; keys become parts of dotted names such as "
                    + "'" + (container.path().isEmpty() ? "" : container.path() + ".") + "key.weight'");
        }
        return key;
    }

    /** The error for a key a dictionary container does not hold, listing the keys it does. */
    static java.util.NoSuchElementException missing(Module container, String op, String key, Collection<String> keys) {
        return new java.util.NoSuchElementException(container.describe() + "." + op + ": no entry '" + key
                + "'; its keys are " + keys);
    }

    /** {@code t} as a parameter: itself if it is one, else a parameter over its storage that requires grad. */
    static Parameter parameter(Module container, String op, org.backprop4j.tensor.Tensor t) {
        Objects.requireNonNull(t, () -> container.describe() + "." + op + ": the tensor is null");
        return t instanceof Parameter p ? p : new Parameter(t.detach());
    }
}
