package org.backprop4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint's {@code manifest.json} (format and versions, what was saved, and each file's size and SHA-256) and
 * {@code manifest.sha256}, the manifest's own checksum in {@code sha256sum}'s format, so that any change to any byte
 * of a checkpoint is found before anything is parsed ({@code sha256sum -c manifest.sha256} checks it by hand).
 */
final class CheckpointManifest {
    static final String FORMAT = "backprop4j-checkpoint";
    static final long VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String MANIFEST_SUM = "manifest.sha256";
    static final Set<String> FILES = Set.of(Checkpoint.MODEL, Checkpoint.OPTIMIZER_TENSORS, Checkpoint.OPTIMIZER,
            Checkpoint.SCHEDULE, Checkpoint.TRAINER);
    private static final long MAX_MANIFEST_BYTES = 1 << 20;

    private CheckpointManifest() {
    }

    /** Writes the manifest of the files in {@code dir} and its checksum. */
    static void write(Path dir, Map<String, Object> about) throws IOException {
        Map<String, Object> files = new LinkedHashMap<>();
        for (String name : new java.util.TreeSet<>(FILES)) {
            Path f = dir.resolve(name);
            if (Files.exists(f)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("bytes", Files.size(f));
                entry.put("sha256", sha256(f));
                files.put(name, entry);
            }
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("format_version", VERSION);
        manifest.putAll(about);
        manifest.put("files", files);
        Path m = dir.resolve(MANIFEST);
        byte[] json = CheckpointJson.write(m, manifest);
        Files.write(m, json);
        Files.writeString(dir.resolve(MANIFEST_SUM), sumLine(hex(json)), StandardCharsets.US_ASCII);
    }

    private static String sumLine(String hex) {
        return hex + "  " + MANIFEST + "\n";
    }

    /**
     * Checks the manifest against its checksum and every file it lists against its size and SHA-256.
     *
     * @return the manifest
     * @throws CheckpointException naming the first file that is missing, of another size or checksum, or a manifest
     *     field that is wrong
     */
    static Map<String, Object> verify(Path dir) {
        Path sumFile = dir.resolve(MANIFEST_SUM);
        Path manifestFile = dir.resolve(MANIFEST);
        byte[] sum = readSmall(sumFile, 200);
        byte[] manifestBytes = readSmall(manifestFile, MAX_MANIFEST_BYTES);
        String expected = sumLine(hex(manifestBytes));
        if (!new String(sum, StandardCharsets.ISO_8859_1).equals(expected)) {
            throw new CheckpointException(sumFile, "does not hold the SHA-256 of " + MANIFEST + " ("
                    + expected.strip() + "): the manifest or its checksum is corrupt");
        }
        Map<String, Object> manifest = CheckpointJson.parse(manifestFile, manifestBytes);
        String format = CheckpointJson.get(manifestFile, manifest, "format", String.class, "");
        long version = CheckpointJson.get(manifestFile, manifest, "format_version", Long.class, "");
        if (!format.equals(FORMAT) || version != VERSION) {
            throw new CheckpointException(manifestFile, "format '" + format + "' version " + version + " is not "
                    + FORMAT + " version " + VERSION);
        }
        Map<String, Object> files = CheckpointJson.object(manifestFile, manifest, "files", "");
        for (String required : new String[] {Checkpoint.MODEL, Checkpoint.OPTIMIZER, Checkpoint.OPTIMIZER_TENSORS,
                Checkpoint.TRAINER}) {
            if (!files.containsKey(required)) {
                throw new CheckpointException(manifestFile, "lists no " + required);
            }
        }
        for (Map.Entry<String, Object> e : files.entrySet()) {
            String name = e.getKey();
            if (!FILES.contains(name)) {
                throw new CheckpointException(manifestFile, "lists '" + name + "', which is not a checkpoint file");
            }
            if (!(e.getValue() instanceof Map<?, ?>)) {
                throw new CheckpointException(manifestFile, "field 'files." + name + "' is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) e.getValue();
            long bytes = CheckpointJson.nonNegative(manifestFile, entry, "bytes", "files." + name + ".", Long.MAX_VALUE);
            String sha = CheckpointJson.get(manifestFile, entry, "sha256", String.class, "files." + name + ".");
            Path f = dir.resolve(name);
            long size;
            try {
                size = Files.size(f);
            } catch (NoSuchFileException x) {
                throw new CheckpointException(f, "is missing (the manifest lists it)");
            } catch (IOException x) {
                throw new CheckpointException(f, "cannot read: " + x.getMessage(), x);
            }
            if (size != bytes) {
                throw new CheckpointException(f, "is " + size + " bytes, the manifest says " + bytes
                        + " (truncated or changed)");
            }
            String actual = sha256(f);
            if (!actual.equals(sha)) {
                throw new CheckpointException(f, "has SHA-256 " + actual + ", the manifest says " + sha
                        + " (the file is corrupt)");
            }
        }
        return manifest;
    }

    private static byte[] readSmall(Path f, long max) {
        try {
            long size = Files.size(f);
            if (size > max) {
                throw new CheckpointException(f, "is " + size + " bytes, over the limit of " + max);
            }
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(f, "is missing: not a complete checkpoint");
        } catch (IOException e) {
            throw new CheckpointException(f, "cannot read: " + e.getMessage(), e);
        }
    }

    static String sha256(Path f) {
        MessageDigest digest = digest();
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (c.read(buffer.clear()) >= 0) {
                digest.update(buffer.flip());
            }
        } catch (IOException e) {
            throw new CheckpointException(f, "cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
