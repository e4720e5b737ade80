package org.backprop4j.data;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Arrow's allocators, made only once Arrow can reach its memory. Arrow hands its off-heap buffers to Java as
 * direct {@code ByteBuffer}s through a private constructor of {@code java.nio}, which the JVM opens only with
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED}; without the flag Arrow fails deep inside a read or write with
 * "sun.misc.Unsafe or java.nio.DirectByteBuffer.&lt;init&gt;(long, int) not available". This says which flag is
 * missing before anything is read or written.
 */
final class ArrowMemory {
    /** The flag Arrow needs, as a user adds it to a java command line. */
    static final String ADD_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    private static volatile boolean checked;

    private ArrowMemory() {
    }

    /**
     * A root allocator of at most {@code limit} bytes, for reading or writing {@code file}.
     *
     * @throws DataException naming {@code file} and the missing JVM flag when Arrow cannot reach its memory
     */
    static BufferAllocator allocator(String file, long limit) {
        BufferAllocator allocator = new RootAllocator(limit);
        if (!checked) {
            try (ArrowBuf probe = allocator.buffer(8)) {
                probe.nioBuffer(0, 8);
                checked = true;
            } catch (UnsupportedOperationException | ExceptionInInitializerError | NoClassDefFoundError e) {
                allocator.close();
                throw new DataException(file, null, "Apache Arrow cannot use its off-heap memory in this JVM: start "
                        + "java with " + ADD_OPENS + " (Arrow builds direct ByteBuffers through a private constructor "
                        + "of java.nio); --sun-misc-unsafe-memory-access=allow also silences JDK 24+'s warnings about "
                        + "Arrow's use of sun.misc.Unsafe. See \"Use from Java\" in the README. (Arrow said: " + e
                        + ")", e);
            }
        }
        return allocator;
    }
}
