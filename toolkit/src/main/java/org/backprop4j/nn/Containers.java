package org.backprop4j.nn;

import java.util.Collection;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.backprop4j.tensor.Tensor;

/** The checks {@link ModuleList}, {@link ModuleDict}, {@link ParameterList} and {@link ParameterDict} share. */
final class Containers {
    private Containers() {
    }

    /**
     * {@code index} as a position in a container of {@code size} entries, counting from the end when negative (as
     * Python's lists do); {@code orEnd} also admits {@code size} itself (a position to insert at).
     *
     * @throws IndexOutOfBoundsException naming the container, the operation and the valid range otherwise
     */
    static int index(Module container, String op, int index, int size, String what, boolean orEnd) {
        int last = orEnd ? size : size - 1;
        if (index < -size || index > last) {
            throw new IndexOutOfBoundsException(container.describe() + ": " + op + "(" + index + ") is out of range "
                    + "for " + size + " " + what + (last < 0 ? "" : " (valid indices: " + -size + " to " + last + ")"));
        }
        return index < 0 ? index + size : index;
    }

    /** A key of a dictionary container: it becomes part of dotted state-dict names, so it may not hold a dot. */
    static String key(Module container, String op, String key) {
        Objects.requireNonNull(key, () -> container.describe() + ": " + op + ": the key is null");
        if (key.isEmpty() || key.contains(".")) {
            throw new IllegalArgumentException(container.describe() + ": " + op + "(\"" + key + "\"): a key may not "
                    + (key.isEmpty() ? "be empty" : "contain '.'") + "; keys become parts of dotted state-dict "
                    + "names such as '" + Module.join(container.path(), "key") + ".weight'");
        }
        return key;
    }

    /** The error for a key a dictionary container does not hold, listing the keys it does. */
    static NoSuchElementException missing(Module container, String op, String key, Collection<String> keys) {
        return new NoSuchElementException(container.describe() + ": " + op + "(\"" + key + "\"): no such key; the "
                + "keys are " + keys);
    }

    /** {@code t} as a parameter: itself if it is one, else a parameter over its storage that requires grad. */
    static Parameter parameter(Module container, String op, Tensor t) {
        Objects.requireNonNull(t, () -> container.describe() + ": " + op + ": the tensor is null");
        return t instanceof Parameter p ? p : new Parameter(t.detach());
    }
}
