package org.backprop4j.io;

import java.nio.file.Path;

/**
 * A checkpoint or safetensors file that cannot be written or read as asked: corrupt, truncated, of an unknown
 * dtype, with names that do not fit the model, or an I/O failure. The message names the file and, where one is
 * involved, the tensor or field.
 */
public final class CheckpointException extends RuntimeException {
    private final transient Path file;

    public CheckpointException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public CheckpointException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file (or checkpoint directory) concerned. */
    public Path file() {
        return file;
    }
}
