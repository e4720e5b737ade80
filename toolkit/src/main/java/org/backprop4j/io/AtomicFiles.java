package org.backprop4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Files and directories that become visible whole or not at all: the content is written to a temporary name in
 * the same directory, forced to disk, then renamed into place, and the directory entry is forced too. A crash or
 * an exception at any moment leaves either the old state or the new one, never a partial file under the real name;
 * the temporary names start with {@code .tmp-} and {@link #removeLeftovers} cleans them up.
 */
public final class AtomicFiles {
    /** The prefix of temporary names; files and directories under it are never a finished result. */
    public static final String TEMP_PREFIX = ".tmp-";

    private AtomicFiles() {
    }

    /** Writes the content of a file through its channel. */
    @FunctionalInterface
    public interface FileWriter {
        void write(FileChannel channel) throws IOException;
    }

    /** Fills a directory with files. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(Path directory) throws IOException;
    }

    /**
     * Writes {@code target} atomically, replacing an existing file.
     *
     * @throws IOException if writing, forcing or renaming fails; the target is then unchanged
     */
    public static void write(Path target, FileWriter writer) throws IOException {
        Path dir = parentOf(target);
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, TEMP_PREFIX + target.getFileName() + "-", "");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write(channel);
                channel.force(true);
            }
            move(temp, target);
            forceDirectory(dir);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Builds the directory {@code target} atomically: {@code writer} fills a temporary directory, every file in
     * it is forced to disk, then it is renamed to {@code target}.
     *
     * @throws IOException if {@code target} exists already, or writing, forcing or renaming fails; nothing is then
     *                     left under {@code target}
     */
    public static void writeDirectory(Path target, DirectoryWriter writer) throws IOException {
        Path dir = parentOf(target);
        Files.createDirectories(dir);
        if (Files.exists(target)) {
            throw new IOException(target + " exists already; a finished directory is never overwritten");
        }
        Path temp = Files.createTempDirectory(dir, TEMP_PREFIX + target.getFileName() + "-");
        try {
            writer.write(temp);
            try (Stream<Path> files = Files.walk(temp)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        c.force(true);
                    }
                }
            }
            forceDirectory(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(temp);
            throw e;
        }
    }

    /** Removes the temporary files and directories an interrupted write left in {@code dir}. */
    public static void removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path p : entries) {
                deleteTree(p);
            }
        }
    }

    /** Deletes {@code path} and everything under it, if it exists. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path parentOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("AtomicFiles: " + target + " has no parent directory");
        }
        return parent;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to + " cannot rename atomically, so the file cannot be "
                    + "replaced safely", e);
        }
    }

    /** Forces a directory's entries to disk (where the platform allows opening a directory for that). */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
