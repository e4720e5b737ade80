package org.backprop4j.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;

/** A parsed and validated safetensors header: entries sorted by their data, and the metadata. */
record SafeTensorsHeader(List<SafeTensors.Entry> entries, Map<String, String> metadata, long dataStart) {
    /** JSON limits well above any real header, so that a hostile one cannot exhaust memory or stack. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(40)
                    .maxStringLength(SafeTensors.MAX_HEADER_BYTES).build())
            .build());
    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");
    /** Dtypes of the format that the toolkit has no storage type for. */
    private static final Set<String> UNSUPPORTED = Set.of("F16", "BF16", "F8_E4M3", "F8_E5M2", "I8", "I16", "I32",
            "U8", "U16", "U32", "U64", "C64");

    /** The format's name of {@code dtype}. */
    static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
        };
    }

    private static DType dtype(Path file, String tensor, String code) {
        return switch (code) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I64" -> DType.INT64;
            case "BOOL" -> DType.BOOL;
            default -> throw new CheckpointException(file, "tensor '" + tensor + "': dtype " + code
                    + (UNSUPPORTED.contains(code) ? " is not one the toolkit stores" : " is unknown")
                    + "; supported: F32, F64, I64, BOOL");
        };
    }

    static byte[] toJson(Path file, Map<String, Object> header) {
        try {
            byte[] json = JSON.writeValueAsBytes(header);
            int padded = (json.length + 7) & ~7; // the data starts 8-byte aligned, as the reference writer keeps it
            byte[] out = java.util.Arrays.copyOf(json, padded);
            java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
            return out;
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "cannot encode the header: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses {@code text} and checks every entry against a data section from byte {@code dataStart} to
     * {@code fileSize}.
     */
    static SafeTensorsHeader parse(Path file, String text, long dataStart, long fileSize) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "the header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file, "the header must be a JSON object of tensors");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<SafeTensors.Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(entry(file, field.getKey(), field.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(SafeTensors.Entry::begin).thenComparingLong(SafeTensors.Entry::end));
        long dataSize = fileSize - dataStart;
        long expected = 0;
        for (SafeTensors.Entry e : entries) {
            if (e.begin() != expected) {
                throw new CheckpointException(file, "tensor '" + e.name() + "' starts at byte " + e.begin()
                        + " of the data, but the previous tensor ends at " + expected
                        + (e.begin() < expected ? " (the tensors overlap)" : " (a hole no tensor covers)"));
            }
            if (e.end() > dataSize) {
                throw new CheckpointException(file, "tensor '" + e.name() + "' ends at byte " + e.end()
                        + " of the data, past its end (" + dataSize + " bytes): the file is truncated");
            }
            expected = e.end();
        }
        if (expected != dataSize) {
            throw new CheckpointException(file, "the tensors cover " + expected + " bytes of data, but the file holds "
                    + dataSize + " after the header (trailing bytes no tensor covers)");
        }
        return new SafeTensorsHeader(List.copyOf(entries), metadata, dataStart);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw new CheckpointException(file, "__metadata__ must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw new CheckpointException(file, "__metadata__ entry '" + m.getKey() + "' is not a string");
            }
            metadata.put(m.getKey(), m.getValue().textValue());
        }
    }

    private static SafeTensors.Entry entry(Path file, String name, JsonNode node) {
        String where = "tensor '" + name + "'";
        if (name.isEmpty()) {
            throw new CheckpointException(file, "a tensor has an empty name");
        }
        if (!node.isObject()) {
            throw new CheckpointException(file, where + ": expected an object with dtype, shape and data_offsets");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new CheckpointException(file, where + ": unknown field '" + f + "'");
            }
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new CheckpointException(file, where + ": dtype is missing or not a string");
        }
        DType dtype = dtype(file, name, dtypeNode.textValue());
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.size() > 64) {
            throw new CheckpointException(file, where + ": shape is missing or not an array of at most 64 sizes");
        }
        int[] dims = new int[shapeNode.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0
                    || d.longValue() > Integer.MAX_VALUE) {
                throw new CheckpointException(file, where + ": shape entry " + i + " (" + d + ") is not a size");
            }
            dims[i] = (int) d.longValue();
            numel = Math.multiplyHigh(numel, dims[i]) != 0 ? Long.MAX_VALUE : numel * dims[i];
            if (numel > Integer.MAX_VALUE) {
                throw new CheckpointException(file, where + ": shape " + shapeNode + " has more than 2^31-1 "
                        + "elements, more than one tensor can hold");
            }
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !isOffset(offsets.get(0))
                || !isOffset(offsets.get(1))) {
            throw new CheckpointException(file, where + ": data_offsets must be [begin, end] byte offsets");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (end < begin) {
            throw new CheckpointException(file, where + ": data_offsets [" + begin + ", " + end + "] end before "
                    + "they begin");
        }
        long bytes = numel * dtype.byteSize();
        if (end - begin != bytes) {
            throw new CheckpointException(file, where + ": shape " + shapeNode + " of " + code(dtype) + " needs "
                    + bytes + " bytes, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new SafeTensors.Entry(name, dtype, Shape.of(dims), begin, end);
    }

    private static boolean isOffset(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0;
    }
}
