package org.backprop4j.nn;

import java.util.Arrays;

/** Sizes given as one value for every spatial dimension or one per dimension (PyTorch's int-or-tuple arguments). */
final class Sizes {
    private Sizes() {
    }

    /** {@code values} checked: 1 to 3 values, each at least {@code min}; errors name {@code where} and {@code name}. */
    static int[] checked(String where, String name, int[] values, int min) {
        if (values.length < 1 || values.length > 3 || Arrays.stream(values).anyMatch(v -> v < min)) {
            throw new IllegalArgumentException(where + ": " + name + " must be 1 to 3 values >= " + min + ", got "
                    + tuple(values));
        }
        return values.clone();
    }

    /** One value per spatial dimension of a {@code rank}-dimensional layer. */
    static int[] resolve(String where, String name, int[] values, int rank) {
        if (values.length == 1) {
            int[] out = new int[rank];
            Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != rank) {
            throw new IllegalArgumentException(where + ": " + name + " " + tuple(values) + " has " + values.length
                    + " values, but the layer has " + rank + " spatial dimension" + (rank == 1 ? "" : "s")
                    + "; give one value or " + rank);
        }
        return values.clone();
    }

    /** A size as PyTorch prints it: {@code 2} or {@code (2, 1)}. */
    static String tuple(int[] values) {
        if (values.length == 1) {
            return Integer.toString(values[0]);
        }
        return Arrays.toString(values).replace('[', '(').replace(']', ')');
    }

    /** {@code 3} when all values are equal, else {@code (3, 2)}. */
    static String compact(int[] values) {
        return Arrays.stream(values).allMatch(v -> v == values[0]) ? Integer.toString(values[0]) : tuple(values);
    }

    /** {@code 2x2}, for messages about resolved sizes. */
    static String joined(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.isEmpty() ? "" : "x").append(v);
        }
        return sb.toString();
    }

    static boolean all(int[] values, int v) {
        return Arrays.stream(values).allMatch(x -> x == v);
    }
}
