package org.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * safetensors against the format: files written by the standard-library script {@code safetensors/reference.py}
 * (committed with the files it wrote) read here with the values it recorded, files written here read back by that
 * script, and every rule of the header checked with a file that breaks it.
 */
class SafeTensorsTest {
    private static final Path REFERENCE = Path.of("src/test/resources/safetensors");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void filesWrittenByTheReferenceScriptReadWithTheirValues() throws IOException {
        for (String name : List.of("mixed", "state_dict")) {
            SafeTensors.Contents c = SafeTensors.read(REFERENCE.resolve(name + ".safetensors"));
            JsonNode expected = JSON.readTree(REFERENCE.resolve(name + ".expected.json").toFile());
            assertThat(c.tensors().keySet()).containsExactlyInAnyOrderElementsOf(
                    () -> expected.get("tensors").fieldNames());
            expected.get("tensors").fields().forEachRemaining(e -> {
                Tensor t = c.tensors().get(e.getKey());
                JsonNode spec = e.getValue();
                assertThat(SafeTensorsHeader.code(t.dtype())).as(e.getKey()).isEqualTo(spec.get("dtype").asText());
                assertThat(t.shape().toArray()).as(e.getKey()).containsExactly(JSON.convertValue(spec.get("shape"),
                        int[].class));
                double[] values = t.toDoubleArray();
                JsonNode v = spec.get("values");
                assertThat(values).as(e.getKey()).hasSize(v.size());
                for (int i = 0; i < values.length; i++) {
                    double want = v.get(i).isBoolean() ? (v.get(i).asBoolean() ? 1 : 0) : v.get(i).asDouble();
                    if (t.dtype() == DType.FLOAT32) {
                        want = (float) want;
                    }
                    assertThat(values[i]).as(e.getKey() + "[" + i + "]").isEqualTo(want);
                }
            });
            assertThat(c.metadata()).isEqualTo(JSON.convertValue(expected.get("metadata"), Map.class));
        }
    }

    @Test
    void filesWrittenHereAreReadByTheReferenceScript() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.randn(Rng.seeded(1), DType.FLOAT32, 3, 4));
        tensors.put("view", Tensor.randn(Rng.seeded(2), DType.FLOAT64, 4, 3).t()); // written row-major
        tensors.put("count", Tensor.scalar(42, DType.INT64));
        tensors.put("flags", Tensor.of(true, false, true));
        tensors.put("nothing", Tensor.zeros(DType.FLOAT32, 0, 5));
        Path file = dir.resolve("ours.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
        Process p = new ProcessBuilder("/usr/bin/python3", REFERENCE.resolve("reference.py").toString(), "check",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        JsonNode read = JSON.readTree(out);
        assertThat(read.get("metadata").get("format").asText()).isEqualTo("pt");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            JsonNode spec = read.get("tensors").get(e.getKey());
            assertThat(JSON.convertValue(spec.get("shape"), int[].class)).containsExactly(e.getValue().shape()
                    .toArray());
            double[] want = e.getValue().toDoubleArray();
            JsonNode got = spec.get("values");
            for (int i = 0; i < want.length; i++) {
                double g = got.get(i).isBoolean() ? (got.get(i).asBoolean() ? 1 : 0) : got.get(i).asDouble();
                assertThat(g).as(e.getKey() + "[" + i + "]").isEqualTo(want[i]);
            }
        }
    }

    @Test
    void aRoundTripKeepsEveryBitAndTheLargestElementsComeFirst() {
        Tensor big = Tensor.randn(Rng.seeded(3), DType.FLOAT32, 700, 1000); // several I/O chunks
        Tensor d = Tensor.randn(Rng.seeded(4), DType.FLOAT64, 5);
        Tensor flags = Tensor.of(false, true);
        Path file = dir.resolve("rt.safetensors");
        SafeTensors.write(file, Map.of("a.big", big, "b.d", d, "c.flags", flags));
        SafeTensors.Contents c = SafeTensors.read(file);
        assertThat(c.tensors().keySet()).containsExactly("b.d", "a.big", "c.flags");
        // Arrays.mismatch: AssertJ's containsExactly takes a minute on 700,000 elements
        assertThat(java.util.Arrays.mismatch(c.tensors().get("a.big").toFloatArray(), big.toFloatArray()))
                .as("first differing element").isEqualTo(-1);
        assertThat(c.tensors().get("b.d").toDoubleArray()).containsExactly(d.toDoubleArray());
        assertThat(c.tensors().get("c.flags").toBooleanArray()).containsExactly(false, true);
        assertThat(c.metadata()).isEmpty();
        assertThat(SafeTensors.describe(file)).containsEntry("a.big", "float32 [700, 1000]");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path file = dir.resolve("keep.safetensors");
        SafeTensors.write(file, Map.of("x", Tensor.of(1f, 2f)));
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> SafeTensors.write(file, Map.of("", Tensor.of(3f))))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("cannot write a tensor named ''");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep.safetensors");
        }
    }

    // ---------------------------------------------------------------- one broken rule per file

    private Path file(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static void fails(Path f, String message) {
        assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(f + ": ").hasMessageContaining(message);
    }

    @Test
    void truncatedAndOversizedHeadersAreRefused() throws IOException {
        Path f = dir.resolve("short.safetensors");
        Files.write(f, new byte[5]);
        fails(f, "truncated: 5 bytes");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putLong(0);
        Files.write(f, b.array());
        fails(f, "header length 1000 reaches past the end of the file (16 bytes)");
        b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).putLong(0);
        Files.write(f, b.array());
        fails(f, "over the limit of 100000000 bytes");
        b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(0);
        Files.write(f, b.array());
        fails(f, "header length 18446744073709551615 is over the limit");
        fails(dir.resolve("missing.safetensors"), "no such file");
    }

    @Test
    void headersThatAreNotUtf8JsonObjectsAreRefused() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4)
                .put(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}).array());
        fails(f, "the header is not valid UTF-8");
        fails(file("{\"a\": ", new byte[0]), "the header is not valid JSON");
        fails(file("[1, 2]", new byte[0]), "must be a JSON object of tensors");
        fails(file("{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}", new byte[0]), "not valid JSON");
    }

    @Test
    void entriesAreCheckedOneRuleAtATime() throws IOException {
        byte[] eight = new byte[8];
        fails(file("{\"x\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]}}", eight),
                "tensor 'x': dtype F16 is not one the toolkit stores; supported: F32, F64, I64, BOOL");
        fails(file("{\"x\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "dtype Q7 is unknown");
        fails(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", eight),
                "tensor 'x': shape [3] of F32 needs 12 bytes, but data_offsets [0, 8] hold 8");
        fails(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", eight),
                "shape entry 0 (-2) is not a size");
        fails(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", eight),
                "more than 2^31-1 elements");
        fails(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", eight), "end before");
        fails(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", eight),
                "data_offsets must be [begin, end]");
        fails(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", eight),
                "unknown field 'extra'");
        fails(file("{\"x\":{\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "dtype is missing");
        fails(file("{\"x\":{\"dtype\":\"BOOL\",\"shape\":[8],\"data_offsets\":[0,8]}}", new byte[] {0, 1, 2, 0, 0,
            0, 0, 0}), "element 2 of a BOOL tensor is byte 2");
        fails(file("{\"__metadata__\":{\"a\":1}}", new byte[0]), "__metadata__ entry 'a' is not a string");
    }

    @Test
    void offsetsMustCoverTheDataExactlyOnce() throws IOException {
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[%d,%d]}}";
        fails(file(String.format(two, 4, 12), new byte[12]), "tensor 'b' starts at byte 4 of the data, but the "
                + "previous tensor ends at 8 (the tensors overlap)");
        fails(file(String.format(two, 12, 20), new byte[20]), "(a hole no tensor covers)");
        fails(file(String.format(two, 8, 16), new byte[12]), "tensor 'b' ends at byte 16 of the data, past its end "
                + "(12 bytes): the file is truncated");
        fails(file(String.format(two, 8, 16), new byte[20]), "trailing bytes no tensor covers");
        fails(file(String.format(two, 8, 16).replace("[0,8]", "[9223372036854775807,9223372036854775807]"),
                new byte[16]), "tensor 'a': shape [2] of F32 needs 8 bytes, but data_offsets [9223372036854775807, "
                        + "9223372036854775807] hold 0");
    }
}
