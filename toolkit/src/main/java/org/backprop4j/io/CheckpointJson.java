package org.backprop4j.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON files of a checkpoint, through Jackson: plain values only (maps, lists, strings, {@code Long},
 * {@code Double}, booleans, null). Doubles keep a decimal point or exponent and longs have none, so each comes back
 * as the type it was written as; NaN and the infinities are written as bare {@code NaN} and {@code Infinity}, which
 * Python's {@code json} module reads too. Doubles print as the shortest decimal that reads back to the same bits.
 */
final class CheckpointJson {
    private static final JsonMapper JSON = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64)
                            .build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private CheckpointJson() {
    }

    static byte[] write(Path file, Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "cannot encode as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads {@code file} (at most {@code maxBytes}) as a JSON object of plain values. */
    static Map<String, Object> read(Path file, long maxBytes) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new CheckpointException(file, "is " + size + " bytes, over the limit of " + maxBytes
                        + " for this JSON file");
            }
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CheckpointException(file, "no such file");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
        return parse(file, bytes);
    }

    static Map<String, Object> parse(Path file, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "must hold a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) plain(file, "", root);
        return out;
    }

    private static Object plain(Path file, String path, JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), plain(file, path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue()));
            }
            return m;
        }
        if (node.isArray()) {
            List<Object> l = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                l.add(plain(file, path + "[" + i + "]", node.get(i)));
            }
            return l;
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new CheckpointException(file, "field '" + path + "': " + node + " is too large for a long");
            }
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        throw new CheckpointException(file, "field '" + path + "' holds " + node.getNodeType() + ", not plain JSON");
    }

    // ---------------------------------------------------------------- typed access with errors naming the field

    static Object field(Path file, Map<String, Object> m, String key, String where) {
        if (!m.containsKey(key)) {
            throw new CheckpointException(file, "field '" + where + key + "' is missing");
        }
        return m.get(key);
    }

    static <T> T get(Path file, Map<String, Object> m, String key, Class<T> type, String where) {
        Object v = field(file, m, key, where);
        if (!type.isInstance(v)) {
            throw new CheckpointException(file, "field '" + where + key + "' is " + describe(v) + ", expected "
                    + switch (type.getSimpleName()) {
                        case "Long" -> "an integer";
                        case "Double" -> "a floating-point number";
                        case "Map" -> "an object";
                        case "List" -> "an array";
                        default -> "a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
                    });
        }
        return type.cast(v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Path file, Map<String, Object> m, String key, String where) {
        return get(file, m, key, Map.class, where);
    }

    static long nonNegative(Path file, Map<String, Object> m, String key, String where, long max) {
        long v = get(file, m, key, Long.class, where);
        if (v < 0 || v > max) {
            throw new CheckpointException(file, "field '" + where + key + "' is " + v + ", expected 0 to " + max);
        }
        return v;
    }

    static String describe(Object v) {
        return v == null ? "null" : v instanceof String s ? "the string \"" + s + "\"" : v instanceof Map<?, ?>
                ? "an object" : v instanceof List<?> ? "an array" : v.getClass().getSimpleName() + " " + v;
    }
}
