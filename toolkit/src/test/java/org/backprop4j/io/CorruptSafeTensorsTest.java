package org.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated corrupt files: every one either reads (a flipped bit in the data, or a header edit that still describes
 * a valid file) or ends in a {@link CheckpointException} naming the file; never another exception, never an
 * allocation sized by the corrupt header. Truncations and header-length edits can never read.
 */
class CorruptSafeTensorsTest {
    private static final int PER_KIND = 400;
    private static final String INSERTED = "{[\":,09e\u00e9 ]}";

    @TempDir
    Path dir;

    private byte[] valid() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layer.weight", Tensor.randn(Rng.seeded(7), DType.FLOAT32, 4, 3));
        tensors.put("layer.bias", Tensor.randn(Rng.seeded(8), DType.FLOAT64, 3));
        tensors.put("steps", Tensor.scalar(11, DType.INT64));
        tensors.put("mask", Tensor.of(true, false));
        Path f = dir.resolve("valid.safetensors");
        SafeTensors.write(f, tensors, Map.of("format", "pt"));
        return Files.readAllBytes(f);
    }

    /** Reads {@code bytes} as a file; true when it read, false when it ended in a CheckpointException. */
    private boolean reads(byte[] bytes, int i) throws IOException {
        Path f = dir.resolve("corrupt-" + i + ".safetensors");
        Files.write(f, bytes);
        try {
            SafeTensors.read(f);
            return true;
        } catch (CheckpointException e) {
            assertThat(e.getMessage()).startsWith(f + ": ");
            assertThat(e.file()).isEqualTo(f);
            return false;
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void everyCorruptionEndsInACheckpointExceptionOrAValidRead() throws IOException {
        byte[] good = valid();
        int headerEnd = 8 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SplittableRandom random = new SplittableRandom(2026);
        int refused = 0;
        int total = 0;
        List<String> truncationsThatRead = new ArrayList<>();
        for (int i = 0; i < PER_KIND; i++, total++) { // truncations: never readable
            int length = random.nextInt(good.length);
            if (reads(Arrays.copyOf(good, length), total)) {
                truncationsThatRead.add("length " + length);
            } else {
                refused++;
            }
        }
        for (int i = 0; i < PER_KIND; i++, total++) { // one to three flipped bits anywhere
            byte[] b = good.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = random.nextInt(b.length);
                b[at] ^= (byte) (1 << random.nextInt(8));
            }
            refused += reads(b, total) ? 0 : 1;
        }
        String header = new String(good, 8, headerEnd - 8, StandardCharsets.UTF_8);
        for (int i = 0; i < PER_KIND; i++, total++) { // edits of the JSON text, the length prefix adjusted
            StringBuilder h = new StringBuilder(header);
            int at = random.nextInt(h.length());
            switch (random.nextInt(5)) {
                case 0 -> h.deleteCharAt(at);
                case 1 -> h.insert(at, INSERTED.charAt(random.nextInt(INSERTED.length())));
                case 2 -> h.setCharAt(at, (char) ('0' + random.nextInt(10)));
                case 3 -> h.replace(at, Math.min(h.length(), at + 3), "99999999999999999999");
                default -> h.insert(at, "-1");
            }
            byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + json.length + good.length - headerEnd).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(json.length).put(json).put(good, headerEnd, good.length - headerEnd);
            refused += reads(b.array(), total) ? 0 : 1;
        }
        for (int i = 0; i < 100; i++, total++) { // header lengths that lie
            byte[] b = good.clone();
            long lie = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> headerEnd - 8 + 1 + random.nextInt(1000);
                case 2 -> Math.max(0, headerEnd - 9 - random.nextInt(headerEnd - 8));
                default -> (1L << 31) + random.nextInt(1 << 20);
            };
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lie);
            assertThat(reads(b, total)).as("header length %d", lie).isFalse();
            refused++;
        }
        assertThat(truncationsThatRead).as("truncated files that read").isEmpty();
        assertThat(total).isGreaterThanOrEqualTo(1000);
        assertThat(refused).as("corrupt files refused of %d", total).isGreaterThan(PER_KIND + 100);
    }
}
