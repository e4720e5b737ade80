package org.backprop4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.), plain or gzip-compressed (detected from the
 * content). The header is validated in full: two zero bytes, a known element type, 1 to 8 dimensions, each
 * non-negative, and exactly as many data bytes as the dimensions call for.
 *
 * <p>Layout: magic {@code 0x00 0x00 T D} (element type T: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16,
 * 0x0C int32, 0x0D float32, 0x0E float64; D dimensions), then D big-endian int32 sizes, then the values big-endian
 * in row-major order.
 *
 * {@snippet file="DataDisplaySnippets.java" region="idx"}
 */
public final class Idx {
    /** Most dimensions a header may declare; real files have 1 to 4. */
    public static final int MAX_DIMENSIONS = 8;
    /** Deflate cannot expand data by more than about 1032:1, so a header asking for more is corrupt. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private Idx() {
    }

    /** IDX element types, with their type byte and size. */
    public enum Type {
        UBYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

        final int code;
        final int size;

        Type(int code, int size) {
            this.code = code;
            this.size = size;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * The content of an IDX file: element type, dimensions and the raw big-endian data bytes.
     *
     * @param source the file it was read from, for messages
     */
    public record Array(String source, Type type, int[] dims, byte[] data) {
        /** The dimensions as a shape. */
        public Shape shape() {
            return Shape.of(dims);
        }

        /** Element {@code i} (row-major) as a double; unsigned bytes read as 0..255. */
        public double get(int i) {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
            return switch (type) {
                case UBYTE -> data[i] & 0xFF;
                case BYTE -> data[i];
                case SHORT -> b.getShort(2 * i);
                case INT -> b.getInt(4 * i);
                case FLOAT -> b.getFloat(4 * i);
                case DOUBLE -> b.getDouble(8 * i);
            };
        }

        /**
         * The values as a tensor of {@code dtype} (unsigned bytes keep their values 0..255; see
         * {@link Transforms#toFloat()} for scaling).
         *
         * @throws IllegalArgumentException if {@code dtype} is BOOL
         */
        public Tensor toTensor(DType dtype) {
            if (dtype == DType.BOOL) {
                throw new IllegalArgumentException("Idx.toTensor: " + source + ": bool is not a numeric dtype");
            }
            int n = data.length / type.size;
            Storage s = Storage.allocate(dtype, n);
            if (type == Type.UBYTE && dtype == DType.FLOAT32) {
                float[] f = s.floats();
                for (int i = 0; i < n; i++) {
                    f[i] = data[i] & 0xFF;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    s.setDouble(i, get(i));
                }
            }
            return Tensor.of(s, shape());
        }

        @Override
        public String toString() {
            return "Idx.Array(" + source + ", " + type + " " + Arrays.toString(dims) + ")";
        }
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws DataException if the file cannot be read, is truncated or corrupt, has a bad magic number or element
     *     type, or holds more or fewer data bytes than its header declares
     */
    public static Array read(Path file) {
        String source = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            byte[] head = new byte[2];
            ByteBuffer hb = ByteBuffer.wrap(head);
            while (hb.hasRemaining() && ch.read(hb) >= 0) {
                // read the first two bytes
            }
            ch.position(0);
            InputStream raw = java.nio.channels.Channels.newInputStream(ch);
            if (hb.position() == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
                long limit = gzipSizeLimit(ch, fileSize);
                try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                    return parse(source, in, limit, true);
                }
            }
            return parse(source, new java.io.BufferedInputStream(raw, 1 << 16), fileSize, false);
        } catch (ZipException e) {
            throw new DataException(source, "gzip", "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataException(source, "gzip", "truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(source, null, "cannot read the file: " + e, e);
        }
    }

    /**
     * The most bytes a gzip file can hold decompressed: the trailer's ISIZE field (size modulo 2^32) bounds it for a
     * single-member file below 4 GiB, and deflate's ratio bounds it in any case.
     */
    private static long gzipSizeLimit(FileChannel ch, long fileSize) throws IOException {
        long byRatio = fileSize * MAX_DEFLATE_RATIO;
        if (fileSize < 18) {
            return byRatio;
        }
        ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(tail, fileSize - 4);
        ch.position(0);
        long isize = Integer.toUnsignedLong(tail.getInt(0));
        return byRatio < (1L << 32) ? Math.min(byRatio, isize) : byRatio;
    }

    private static Array parse(String source, InputStream in, long available, boolean gzip) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataException(source, "magic", "the file ends after " + magic.length
                    + " bytes, before the 4-byte magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataException(source, "magic", String.format("bad magic number 0x%02X%02X%02X%02X: an IDX file "
                    + "starts with two zero bytes", magic[0], magic[1], magic[2], magic[3]));
        }
        Type type = Type.of(magic[2] & 0xFF);
        if (type == null) {
            throw new DataException(source, "magic", String.format("unknown element type 0x%02X (expected 0x08 ubyte, "
                    + "0x09 byte, 0x0B short, 0x0C int, 0x0D float or 0x0E double)", magic[2] & 0xFF));
        }
        int rank = magic[3] & 0xFF;
        if (rank < 1 || rank > MAX_DIMENSIONS) {
            throw new DataException(source, "magic", "declares " + rank + " dimensions; expected 1 to "
                    + MAX_DIMENSIONS);
        }
        byte[] sizes = in.readNBytes(4 * rank);
        if (sizes.length < 4 * rank) {
            throw new DataException(source, "dimensions", "the file ends inside the header: " + rank + " dimensions "
                    + "need " + (4 * rank) + " bytes after the magic number, found " + sizes.length);
        }
        ByteBuffer sb = ByteBuffer.wrap(sizes).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[rank];
        long count = 1;
        boolean empty = false;
        long limit = Long.MAX_VALUE / 8;   // saturate, so that no product of sizes overflows
        for (int d = 0; d < rank; d++) {
            dims[d] = sb.getInt();
            if (dims[d] < 0) {
                throw new DataException(source, "dimension " + d, "size " + Integer.toUnsignedLong(dims[d])
                        + " is too large (over 2^31-1) or corrupt");
            }
            empty |= dims[d] == 0;
            count = dims[d] == 0 || count <= limit / dims[d] ? count * dims[d] : limit;
        }
        count = empty ? 0 : Math.max(count, 0);
        long header = 4 + 4L * rank;
        long expected = count * type.size;
        String what = type + " " + Arrays.toString(dims) + " = " + expected + " data bytes";
        if (expected > Integer.MAX_VALUE - 16) {
            throw new DataException(source, "dimensions", "the header declares " + what + ", more than one array can "
                    + "hold (2^31)");
        }
        if (!gzip && header + expected != available) {
            throw new DataException(source, "dimensions", "the header declares " + what + " but the file holds "
                    + (available - header) + (header + expected > available ? " (truncated)" : " (trailing bytes)"));
        }
        if (gzip && header + expected > available) {
            throw new DataException(source, "dimensions", "the header declares " + what + " but the gzip stream holds "
                    + "at most " + Math.max(0, available - header) + " (truncated or corrupt)");
        }
        byte[] data = in.readNBytes((int) expected);
        if (data.length < expected) {
            throw new DataException(source, "data", "truncated: the header declares " + what + " but the file ends "
                    + "after " + data.length);
        }
        if (in.read() >= 0) {
            throw new DataException(source, "data", "the file holds bytes beyond the " + what + " its header declares");
        }
        return new Array(source, type, dims, data);
    }
}
