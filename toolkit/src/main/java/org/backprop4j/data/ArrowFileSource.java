package org.backprop4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ValueVectorUtility;

/**
 * An Arrow IPC file opened for random access by record batch: the footer, schema and dictionaries are read at
 * open, and each record batch's row count from its small metadata message; record batch bodies are loaded on demand
 * into off-heap memory and kept in a cache bounded in bytes (least recently used goes first). Every size the file
 * declares is checked against the file before anything is allocated, and the allocator is capped at a few times the
 * file's size, so a corrupt file fails with a {@link DataException} rather than exhausting memory.
 */
final class ArrowFileSource implements AutoCloseable {
    private final String name;
    private final BufferAllocator allocator;
    private final MappedChannel channel;
    private final ArrowFileReader reader;
    private final Schema schema;
    private final List<ArrowBlock> blocks;
    private final long[] rowStarts;
    private final int rows;
    private final long fileSize;
    private final long cacheBytes;
    private final LinkedHashMap<Integer, VectorSchemaRoot> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;
    private java.util.function.ObjIntConsumer<VectorSchemaRoot> check = (root, b) -> { };

    ArrowFileSource(Path file, long cacheBytes) {
        this.name = file.toString();
        this.cacheBytes = cacheBytes;
        MappedChannel ch = null;
        BufferAllocator alloc = null;
        ArrowFileReader r = null;
        try {
            ch = new MappedChannel(file);
            alloc = ArrowMemory.allocator(name, Math.max(1L << 20, 3 * ch.size() + (1L << 20)));
            r = new ArrowFileReader(new SeekableReadChannel(ch), alloc);
            this.schema = r.getVectorSchemaRoot().getSchema();
            this.blocks = List.copyOf(r.getRecordBlocks());
            for (Dictionary d : r.getDictionaryVectors().values()) {
                try {
                    ValueVectorUtility.validateFull(d.getVector());
                } catch (RuntimeException e) {
                    throw new DataException(name, "dictionary " + d.getEncoding().getId(), "corrupt: " + e, e);
                }
            }
            this.rowStarts = new long[blocks.size() + 1];
            long fileSize = ch.size();
            for (int b = 0; b < blocks.size(); b++) {
                rowStarts[b + 1] = rowStarts[b] + rowCount(ch, blocks.get(b), b, fileSize);
                if (rowStarts[b + 1] > Integer.MAX_VALUE) {
                    throw new DataException(name, "record batch " + b, "the file holds more than 2^31-1 rows");
                }
            }
            this.rows = (int) rowStarts[blocks.size()];
            this.fileSize = fileSize;
        } catch (DataException e) {
            closeQuietly(r, ch, alloc);
            throw e;
        } catch (java.nio.file.NoSuchFileException e) {
            closeQuietly(r, ch, alloc);
            throw new DataException(name, null, "no such file", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(r, ch, alloc);
            throw new DataException(name, null, "not a readable Arrow IPC file (truncated or corrupt footer, schema or "
                    + "dictionary): " + e, e);
        }
        this.channel = ch;
        this.allocator = alloc;
        this.reader = r;
    }

    /** Reads the row count from a record batch's metadata message, validating the block's extent first. */
    private long rowCount(MappedChannel ch, ArrowBlock block, int index, long fileSize) throws IOException {
        String field = "record batch " + index;
        long end = block.getOffset() + block.getMetadataLength() + block.getBodyLength();
        if (block.getOffset() < 8 || block.getMetadataLength() < 8 || block.getBodyLength() < 0 || end > fileSize
                || end < block.getOffset()) {
            throw new DataException(name, field, "the footer places it at bytes " + block.getOffset() + " + "
                    + block.getMetadataLength() + " + " + block.getBodyLength() + ", outside the file of " + fileSize
                    + " bytes (truncated or corrupt)");
        }
        ByteBuffer meta = ByteBuffer.allocate(block.getMetadataLength()).order(ByteOrder.LITTLE_ENDIAN);
        ch.position(block.getOffset());
        while (meta.hasRemaining() && ch.read(meta) > 0) {
            // fill
        }
        int prefix = meta.getInt(0) == -1 ? 8 : 4;
        int length = meta.getInt(prefix - 4);
        if (length <= 0 || length > block.getMetadataLength() - prefix) {
            throw new DataException(name, field, "metadata length " + length + " does not fit its block of "
                    + block.getMetadataLength() + " bytes");
        }
        try {
            Message message = Message.getRootAsMessage(meta.slice(prefix, length).order(ByteOrder.LITTLE_ENDIAN));
            if (message.headerType() != MessageHeader.RecordBatch) {
                throw new DataException(name, field, "is a message of type " + message.headerType()
                        + ", not a record batch");
            }
            RecordBatch rb = (RecordBatch) message.header(new RecordBatch());
            if (rb.compression() != null) {
                throw new DataException(name, field, "is compressed, which backprop4j does not read; write the file "
                        + "without compression");
            }
            if (rb.length() < 0 || rb.length() > Integer.MAX_VALUE) {
                throw new DataException(name, field, "declares " + rb.length() + " rows");
            }
            return rb.length();
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException(name, field, "corrupt metadata: " + e, e);
        }
    }

    String name() {
        return name;
    }

    Schema schema() {
        return schema;
    }

    Map<String, String> metadata() {
        return schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
    }

    Dictionary dictionary(long id) {
        return reader.lookup(id);
    }

    int rows() {
        return rows;
    }

    /** The file's size in bytes. */
    long fileSize() {
        return fileSize;
    }

    int numBatches() {
        return blocks.size();
    }

    /** The first row of record batch {@code b}. */
    int rowStart(int b) {
        return (int) rowStarts[b];
    }

    /** The record batch holding {@code row}. */
    int batchOf(int row) {
        int lo = 0;
        int hi = blocks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rowStarts[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Sets the check every record batch passes when loaded (it throws to refuse one); replaces the previous one. */
    void onLoad(java.util.function.ObjIntConsumer<VectorSchemaRoot> check) {
        this.check = check;
    }

    /** Record batch {@code b}, from the cache, or loaded, validated and passed to the load check before caching. */
    VectorSchemaRoot batch(int b) {
        VectorSchemaRoot root = cache.get(b);
        if (root != null) {
            return root;
        }
        String field = "record batch " + b;
        root = VectorSchemaRoot.create(schema, allocator);
        try {
            channel.position(blocks.get(b).getOffset());
            try (ArrowRecordBatch rb = MessageSerializer.deserializeRecordBatch(new ReadChannel(channel),
                    blocks.get(b), allocator)) {
                if (rb.getLength() != rowStarts[b + 1] - rowStarts[b]) {
                    throw new DataException(name, field, "holds " + rb.getLength() + " rows where its metadata said "
                            + (rowStarts[b + 1] - rowStarts[b]));
                }
                new VectorLoader(root).load(rb);
            }
            for (FieldVector v : root.getFieldVectors()) {
                // validateFull walks offsets and values too, but fails on every FixedSizeList (it asks for the
                // offset buffer such lists do not have), so those get the buffer-size checks only.
                if (v instanceof org.apache.arrow.vector.complex.FixedSizeListVector) {
                    ValueVectorUtility.validate(v);
                } else {
                    ValueVectorUtility.validateFull(v);
                }
            }
            check.accept(root, b);
        } catch (DataException e) {
            root.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            root.close();
            throw new DataException(name, field, "truncated or corrupt: " + e, e);
        }
        cache.put(b, root);
        cachedBytes += bytes(root);
        evict(b);
        return root;
    }

    private void evict(int keep) {
        Iterator<Map.Entry<Integer, VectorSchemaRoot>> it = cache.entrySet().iterator();
        while (cachedBytes > cacheBytes && it.hasNext()) {
            Map.Entry<Integer, VectorSchemaRoot> e = it.next();
            if (e.getKey() == keep) {
                continue;
            }
            cachedBytes -= bytes(e.getValue());
            e.getValue().close();
            it.remove();
        }
    }

    private static long bytes(VectorSchemaRoot root) {
        long n = 0;
        for (FieldVector v : root.getFieldVectors()) {
            n += v.getBufferSize();
        }
        return n;
    }

    /** Record batches currently loaded. */
    int cachedBatches() {
        return cache.size();
    }

    @Override
    public void close() {
        for (VectorSchemaRoot root : new ArrayList<>(cache.values())) {
            root.close();
        }
        cache.clear();
        closeQuietly(reader, channel, allocator);
    }

    private static void closeQuietly(ArrowFileReader r, MappedChannel ch, BufferAllocator alloc) {
        try {
            if (r != null) {
                r.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing a reader of a corrupt file may fail; the memory is released below
        }
        if (ch != null) {
            ch.close();
        }
        if (alloc != null) {
            try {
                alloc.close();
            } catch (RuntimeException ignored) {
                // a leak report from a reader that failed half-way; nothing is left to release
            }
        }
    }
}
