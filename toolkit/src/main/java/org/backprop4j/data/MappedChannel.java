package org.backprop4j.data;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only channel over a memory-mapped file. Unlike a {@link FileChannel}, reading it cannot be broken by a
 * thread interrupt (an interrupted FileChannel read closes the channel for good), so a notebook interrupt between
 * batches leaves an open dataset usable. The mapping lives in the page cache, not on the Java heap.
 *
 * <p>A file truncated after it was mapped makes reads past its new end fault; the JVM reports the fault as an
 * {@link InternalError}, which {@link #read} turns into an {@link IOException} that says what happened, so readers
 * fail with their usual {@code DataException} naming the file.
 */
final class MappedChannel implements SeekableByteChannel {
    private final Arena arena;
    private final MemorySegment segment;
    private long position;
    private boolean open = true;

    MappedChannel(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Arena a = Arena.ofShared();
            try {
                this.segment = ch.size() == 0 ? MemorySegment.NULL
                        : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), a);
            } catch (IOException | RuntimeException e) {
                a.close();
                throw e;
            }
            this.arena = a;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        long left = segment.byteSize() - position;
        if (left <= 0) {
            return dst.hasRemaining() ? -1 : 0;
        }
        int n = (int) Math.min(dst.remaining(), left);
        try {
            MemorySegment.copy(segment, position, MemorySegment.ofBuffer(dst), 0, n);
        } catch (InternalError e) {   // SIGBUS: the mapped pages are gone from the file
            throw new IOException("the file shrank while it was read (it was " + segment.byteSize() + " bytes when "
                    + "opened; reading bytes " + position + ".." + (position + n) + " failed): was it rewritten or "
                    + "truncated meanwhile?", e);
        }
        dst.position(dst.position() + n);
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return segment.byteSize();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        if (open) {
            open = false;
            arena.close();
        }
    }
}
