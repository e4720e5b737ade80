package org.backprop4j.data;

import java.util.Arrays;

import org.backprop4j.tensor.Shape;

/** The metadata keys backprop4j writes into Arrow schemas and fields, and their value formats. */
final class ArrowNames {
    /** Schema metadata: the version of this layout. */
    static final String FORMAT = "backprop4j.format";
    static final String FORMAT_VERSION = "1";
    /** Schema metadata: the feature columns, comma-separated, in order. */
    static final String FEATURES = "backprop4j.features";
    /** Schema metadata: the label column. */
    static final String LABEL = "backprop4j.label";
    /** Field metadata of a FixedSizeList column: the per-example shape, comma-separated ("1,28,28"). */
    static final String SHAPE = "backprop4j.shape";

    private ArrowNames() {
    }

    static String formatShape(Shape shape) {
        StringBuilder sb = new StringBuilder();
        for (int d : shape.toArray()) {
            sb.append(sb.isEmpty() ? "" : ",").append(d);
        }
        return sb.toString();
    }

    /** Parses {@link #formatShape} output; returns null when malformed, too deep or when it disagrees with {@code numel}. */
    static Shape parseShape(String text, int numel) {
        if (text == null || text.isEmpty() || text.length() > 200) {
            return null;
        }
        try {
            int[] dims = Arrays.stream(text.split(",", -1)).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
            if (dims.length > 8) {
                return null;
            }
            long n = 1;
            for (int d : dims) {
                if (d < 0) {
                    return null;
                }
                n *= d;
                if (n > Integer.MAX_VALUE) {
                    return null;
                }
            }
            return n == numel ? Shape.of(dims) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
