package org.backprop4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import org.backprop4j.array.DType;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;

/** Tensors to and from little-endian bytes, a buffer at a time, so that no second copy of a large tensor exists. */
final class TensorBytes {
    private TensorBytes() {
    }

    /** Appends {@code t}'s elements in row-major order to {@code channel}, through {@code buffer}. */
    static void write(Tensor t, ByteBuffer buffer, FileChannel channel) throws IOException {
        Tensor c = t.contiguous();
        Storage s = c.storage();
        int at = c.offset();
        int n = c.numel();
        int per = buffer.capacity() / c.dtype().byteSize();
        for (int done = 0; done < n; done += per) {
            int k = Math.min(per, n - done);
            buffer.clear();
            switch (c.dtype()) {
                case FLOAT32 -> buffer.asFloatBuffer().put(s.floats(), at + done, k);
                case FLOAT64 -> buffer.asDoubleBuffer().put(s.doubles(), at + done, k);
                case INT64 -> buffer.asLongBuffer().put(s.longs(), at + done, k);
                case BOOL -> {
                    boolean[] b = s.bools();
                    for (int i = 0; i < k; i++) {
                        buffer.put(i, b[at + done + i] ? (byte) 1 : (byte) 0);
                    }
                }
            }
            buffer.position(0).limit(k * c.dtype().byteSize());
            SafeTensors.writeFully(channel, buffer);
        }
    }

    /** Reads entry {@code e} of a validated header into a new storage. */
    static Storage read(Path file, SafeTensors.Entry e, FileChannel channel, long dataStart, ByteBuffer buffer)
            throws IOException {
        DType dtype = e.dtype();
        int n = e.shape().numel();
        Storage s = Storage.allocate(dtype, n);
        int size = dtype.byteSize();
        int per = buffer.capacity() / size;
        long position = dataStart + e.begin();
        for (int done = 0; done < n; done += per) {
            int k = Math.min(per, n - done);
            buffer.clear().limit(k * size);
            SafeTensors.readFully(channel, buffer, position + (long) done * size);
            buffer.flip();
            switch (dtype) {
                case FLOAT32 -> buffer.asFloatBuffer().get(s.floats(), done, k);
                case FLOAT64 -> buffer.asDoubleBuffer().get(s.doubles(), done, k);
                case INT64 -> buffer.asLongBuffer().get(s.longs(), done, k);
                case BOOL -> {
                    boolean[] b = s.bools();
                    for (int i = 0; i < k; i++) {
                        byte v = buffer.get(i);
                        if (v != 0 && v != 1) {
                            throw new CheckpointException(file, "tensor '" + e.name() + "': element " + (done + i)
                                    + " of a BOOL tensor is byte " + (v & 0xff) + ", not 0 or 1");
                        }
                        b[done + i] = v == 1;
                    }
                }
            }
        }
        return s;
    }
}
