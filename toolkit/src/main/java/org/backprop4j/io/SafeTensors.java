package org.backprop4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;

/**
 * Reads and writes the safetensors format of Hugging Face: an 8-byte little-endian header length {@code N}, a
 * UTF-8 JSON header of {@code N} bytes mapping each tensor's name to its {@code dtype}, {@code shape} and
 * {@code data_offsets} (begin and end, in bytes, relative to the data that follows the header), an optional
 * {@code __metadata__} object of strings, then the raw little-endian data, row-major, every byte covered by exactly
 * one tensor. Files written here load with {@code safetensors.torch.load_file}, and files it writes load here.
 *
 * <p>Reading validates the whole header against the file's length before allocating any tensor: a truncated file,
 * a header length past the end, offsets that overlap, leave holes or reach past the data, an unknown dtype, a shape
 * whose size does not match its bytes, a header that is not UTF-8 JSON or larger than {@value #MAX_HEADER_BYTES}
 * bytes each end in a {@link CheckpointException} naming the file and the tensor. Writing is atomic
 * ({@link AtomicFiles}).
 *
 * {@snippet file="OptimSnippets.java" region="safeTensors"}
 */
public final class SafeTensors {
    /** The largest header accepted (the reference implementation's limit). */
    public static final int MAX_HEADER_BYTES = 100_000_000;
    private static final String METADATA = "__metadata__";
    private static final int CHUNK = 1 << 20;

    private SafeTensors() {
    }

    /**
     * What a file holds: tensors by name, in the order of their data, and the string metadata.
     *
     * @param tensors  the tensors, contiguous, each with its own storage
     * @param metadata the {@code __metadata__} entries (empty when the file has none)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Map.copyOf(metadata);
        }
    }

    /** One tensor's entry in a header: its dtype, shape and byte range in the data. */
    record Entry(String name, DType dtype, Shape shape, long begin, long end) {
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code tensors} (any layout; written row-major) and {@code metadata} to {@code file}, atomically.
     *
     * @throws CheckpointException if a name is empty or {@value #METADATA}, or the file cannot be written
     */
    public static void write(Path file, Map<String, ? extends Tensor> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, ? extends Tensor>> ordered = new ArrayList<>(tensors.entrySet());
        // largest elements first, as the reference writer does, so every tensor's data is aligned to its size
        ordered.sort(Comparator.<Map.Entry<String, ? extends Tensor>>comparingInt(e -> -e.getValue().dtype()
                .byteSize()).thenComparing(Map.Entry::getKey));
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, new java.util.TreeMap<>(metadata));
        }
        long offset = 0;
        for (Map.Entry<String, ? extends Tensor> e : ordered) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(METADATA)) {
                throw new CheckpointException(file, "cannot write a tensor named '" + name + "'");
            }
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().byteSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", SafeTensorsHeader.code(t.dtype()));
            info.put("shape", t.shape().toArray());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(name, info);
            offset += bytes;
        }
        byte[] json = SafeTensorsHeader.toJson(file, header);
        try {
            AtomicFiles.write(file, channel -> {
                ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length);
                writeFully(channel, prefix.flip());
                writeFully(channel, ByteBuffer.wrap(json));
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (Map.Entry<String, ? extends Tensor> e : ordered) {
                    TensorBytes.write(e.getValue(), buffer, channel);
                }
            });
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot write: " + e.getMessage(), e);
        }
    }

    /** {@link #write(Path, Map, Map)} without metadata. */
    public static void write(Path file, Map<String, ? extends Tensor> tensors) {
        write(file, tensors, Map.of());
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads every tensor of {@code file}.
     *
     * @throws CheckpointException if the file is missing, unreadable or not a valid safetensors file (the message
     *                             says what is wrong and names the tensor)
     */
    public static Contents read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafeTensorsHeader header = readHeader(file, channel);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : header.entries()) {
                Storage s = TensorBytes.read(file, e, channel, header.dataStart(), buffer);
                tensors.put(e.name(), Tensor.of(s, e.shape()));
            }
            return new Contents(tensors, header.metadata());
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The names, dtypes and shapes in {@code file} and its metadata, without reading the data.
     *
     * @throws CheckpointException under the conditions of {@link #read}
     */
    public static Map<String, String> describe(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Entry e : readHeader(file, channel).entries()) {
                out.put(e.name(), e.dtype() + " " + e.shape());
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static SafeTensorsHeader readHeader(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new CheckpointException(file, "truncated: " + size + " bytes, not even the 8-byte header length "
                    + "of a safetensors file");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0);
        long n = prefix.flip().getLong();
        if (Long.compareUnsigned(n, 2) < 0 || Long.compareUnsigned(n, MAX_HEADER_BYTES) > 0) {
            throw new CheckpointException(file, "header length " + Long.toUnsignedString(n) + " is "
                    + (n < 2 && n >= 0 ? "too small for a JSON object" : "over the limit of " + MAX_HEADER_BYTES
                            + " bytes") + " (is this a safetensors file?)");
        }
        if (8 + n > size) {
            throw new CheckpointException(file, "header length " + n + " reaches past the end of the file ("
                    + size + " bytes): the file is truncated or not safetensors");
        }
        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(channel, json, 8);
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(json.flip());
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, "the header is not valid UTF-8");
        }
        return SafeTensorsHeader.parse(file, text, 8 + n, size);
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += read;
        }
    }
}
