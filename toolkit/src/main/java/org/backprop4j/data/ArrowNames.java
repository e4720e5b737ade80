package org.backprop4j.data;

import java.util.Arrays;

import org.backprop4j.array.Shape;

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
    /** Schema metadata: the label's class names as a JSON array of strings, index i naming class i. */
    static final String CLASS_NAMES = "backprop4j.class_names";

    private ArrowNames() {
    }

    static String formatShape(Shape shape) {
        StringBuilder sb = new StringBuilder();
        for (int d : shape.toArray()) {
            sb.append(sb.isEmpty() ? "" : ",").append(d);
        }
        return sb.toString();
    }

    /** Parses {@link #formatShape} output; null when malformed, too deep or disagreeing with {@code numel}. */
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

    /** A JSON array of strings. */
    static String toJson(java.util.List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (String n : names) {
            sb.append(sb.length() > 1 ? ", " : "").append('"');
            for (char c : n.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }

    /** Parses {@link #toJson} output (any JSON array of strings); returns null when malformed. */
    static java.util.List<String> fromJson(String json) {
        if (json == null) {
            return null;
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = skip(json, 0);
        if (i >= json.length() || json.charAt(i) != '[') {
            return null;
        }
        i = skip(json, i + 1);
        if (i < json.length() && json.charAt(i) == ']') {
            return skip(json, i + 1) == json.length() ? out : null;
        }
        while (i < json.length() && json.charAt(i) == '"') {
            StringBuilder sb = new StringBuilder();
            i++;
            while (i < json.length() && json.charAt(i) != '"') {
                char c = json.charAt(i++);
                if (c == '\\') {
                    if (i >= json.length()) {
                        return null;
                    }
                    char e = json.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            if (i + 4 > json.length()) {
                                return null;
                            }
                            try {
                                sb.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
                            } catch (NumberFormatException ex) {
                                return null;
                            }
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
            if (i >= json.length()) {
                return null;
            }
            out.add(sb.toString());
            i = skip(json, i + 1);
            if (i < json.length() && json.charAt(i) == ',') {
                i = skip(json, i + 1);
            } else if (i < json.length() && json.charAt(i) == ']') {
                return skip(json, i + 1) == json.length() ? out : null;
            } else {
                return null;
            }
        }
        return null;
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
