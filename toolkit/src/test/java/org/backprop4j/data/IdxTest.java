package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    /** An IDX file of {@code type} and {@code dims} whose data bytes are {@code data}. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** 3 ubyte images of 2x2 with pixel values 10 * image + pixel, plus 250 in the last pixel. */
    static byte[] images() {
        byte[] data = new byte[12];
        for (int i = 0; i < 12; i++) {
            data[i] = (byte) (10 * (i / 4) + i % 4);
        }
        data[11] = (byte) 250;
        return idx(0x08, new int[] {3, 2, 2}, data);
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void readsPlainAndGzipFilesAlike() throws IOException {
        for (Path file : new Path[] {write("x-idx3-ubyte", images()), write("x-idx3-ubyte.gz", gzip(images()))}) {
            Idx.Array a = Idx.read(file);
            assertThat(a.type()).isEqualTo(Idx.Type.UBYTE);
            assertThat(a.shape()).isEqualTo(Shape.of(3, 2, 2));
            Tensor t = a.toTensor(DType.FLOAT32);
            assertThat(t.get(1, 1, 0)).isEqualTo(12);
            assertThat(t.get(2, 1, 1)).isEqualTo(250);
            assertThat(a.toTensor(DType.INT64).get(2, 1, 1)).isEqualTo(250);
        }
    }

    @Test
    void readsBigEndianWiderTypes() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16).putInt(-7).putInt(1 << 20).putFloat(1.5f).putFloat(-2f);
        Idx.Array ints = Idx.read(write("ints", idx(0x0C, new int[] {2}, Arrays.copyOf(data.array(), 8))));
        assertThat(ints.toTensor(DType.INT64).toLongArray()).containsExactly(-7, 1 << 20);
        Idx.Array floats = Idx.read(write("floats", idx(0x0D, new int[] {1, 2},
                Arrays.copyOfRange(data.array(), 8, 16))));
        assertThat(floats.toTensor(DType.FLOAT64).toDoubleArray()).containsExactly(1.5, -2);
    }

    @Test
    void everyHeaderFieldIsValidatedWithTheFileNamed() throws IOException {
        Path badMagic = write("bad-magic", new byte[] {1, 0, 8, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> Idx.read(badMagic)).isInstanceOf(DataException.class)
                .hasMessage(badMagic + ": magic: bad magic number 0x01000801: an IDX file starts with two zero bytes");
        Path badType = write("bad-type", idx(0x07, new int[] {0}, new byte[0]));
        assertThatThrownBy(() -> Idx.read(badType)).isInstanceOf(DataException.class)
                .hasMessage(badType + ": magic: unknown element type 0x07 (expected 0x08 ubyte, 0x09 byte, 0x0B short, "
                        + "0x0C int, 0x0D float or 0x0E double)");
        Path noDims = write("no-dims", new byte[] {0, 0, 8, 0});
        assertThatThrownBy(() -> Idx.read(noDims)).isInstanceOf(DataException.class)
                .hasMessage(noDims + ": magic: declares 0 dimensions; expected 1 to 8");
        Path shortHeader = write("short-header", new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
        assertThatThrownBy(() -> Idx.read(shortHeader)).isInstanceOf(DataException.class)
                .hasMessage(shortHeader + ": dimensions: the file ends inside the header: 3 dimensions need 12 bytes "
                        + "after the magic number, found 4");
        Path negative = write("negative", idx(0x08, new int[] {-1}, new byte[0]));
        assertThatThrownBy(() -> Idx.read(negative)).isInstanceOf(DataException.class)
                .hasMessage(negative + ": dimension 0: size 4294967295 is too large (over 2^31-1) or corrupt");
        Path tiny = write("tiny", new byte[] {0, 0});
        assertThatThrownBy(() -> Idx.read(tiny)).isInstanceOf(DataException.class)
                .hasMessage(tiny + ": magic: the file ends after 2 bytes, before the 4-byte magic number");
    }

    @Test
    void aSizeThatDisagreesWithTheHeaderIsRefused() throws IOException {
        byte[] full = images();
        Path truncated = write("truncated", Arrays.copyOf(full, full.length - 3));
        assertThatThrownBy(() -> Idx.read(truncated)).isInstanceOf(DataException.class)
                .hasMessage(truncated + ": dimensions: the header declares UBYTE [3, 2, 2] = 12 data bytes but the "
                        + "file holds 9 (truncated)");
        Path trailing = write("trailing", Arrays.copyOf(full, full.length + 1));
        assertThatThrownBy(() -> Idx.read(trailing)).isInstanceOf(DataException.class)
                .hasMessageContaining("holds 13 (trailing bytes)");
        Path huge = write("huge", idx(0x0E, new int[] {1 << 20, 1 << 10}, new byte[0]));
        assertThatThrownBy(() -> Idx.read(huge)).isInstanceOf(DataException.class)
                .hasMessageContaining("huge: dimensions: the header declares DOUBLE [1048576, 1024] = 8589934592 data "
                        + "bytes, more than one array can hold");
        byte[] gz = gzip(idx(0x08, new int[] {100}, new byte[100]));
        Path gzTruncated = write("cut.gz", Arrays.copyOf(gz, gz.length - 10));
        assertThatThrownBy(() -> Idx.read(gzTruncated)).isInstanceOf(DataException.class)
                .hasMessageContaining("cut.gz: ");
        byte[] lying = gzip(idx(0x08, new int[] {1000}, new byte[100]));
        Path gzShort = write("short.gz", lying);
        assertThatThrownBy(() -> Idx.read(gzShort)).isInstanceOf(DataException.class)
                .hasMessageContaining("short.gz: dimensions: the header declares UBYTE [1000] = 1000 data bytes but "
                        + "the gzip stream holds at most 100");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.gz");
        assertThatThrownBy(() -> Idx.read(missing)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(missing + ": cannot read the file: java.nio.file.NoSuchFileException");
    }
}
