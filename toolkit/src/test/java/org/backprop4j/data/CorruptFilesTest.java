package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader against random damage: truncations and bit flips of valid Arrow and IDX files. Each damaged file
 * must either read (a flipped pixel is still an image) or fail with a {@link DataException}: never another
 * exception, a hang or running out of memory.
 */
class CorruptFilesTest {
    /** Cases per file; raise with -Dbackprop4j.fuzz.scale=N (N times as many) and vary -Dbackprop4j.fuzz.seed. */
    private static final int SCALE = Integer.getInteger("backprop4j.fuzz.scale", 1);
    private static final long SEED = Long.getLong("backprop4j.fuzz.seed", 0);
    private static final int ARROW_CASES_PER_FILE = 300 * SCALE;
    private static final int IDX_CASES_PER_FILE = 150 * SCALE;

    @TempDir
    Path dir;

    /** A file of float64 features "x" and string labels "species" written with Arrow directly, as pandas would. */
    static Path writeStringLabels(Path file) throws IOException {
        String[] species = {"setosa", "virginica", "versicolor"};
        try (RootAllocator alloc = new RootAllocator();
                Float8Vector x = new Float8Vector("x", alloc);
                VarCharVector s = new VarCharVector("species", alloc)) {
            x.allocateNew(9);
            s.allocateNew(9);
            for (int i = 0; i < 9; i++) {
                x.set(i, i * 0.5);
                s.setSafe(i, species[i % 3].getBytes(StandardCharsets.UTF_8));
            }
            x.setValueCount(9);
            s.setValueCount(9);
            try (VectorSchemaRoot root = VectorSchemaRoot.of(x, s);
                    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
                w.start();
                root.setRowCount(9);
                w.writeBatch();
                w.writeBatch();
                w.end();
            }
        }
        return file;
    }

    @Test
    void stringLabelsBecomeSortedClassesOrTheNamesGiven() throws IOException {
        Path file = writeStringLabels(dir.resolve("iris.arrow"));
        try (ArrowDataset data = ArrowDataset.builder(file).features("x").label("species").open()) {
            assertThat(data.size()).isEqualTo(18);
            assertThat(data.classNames()).containsExactly("setosa", "versicolor", "virginica");
            assertThat(data.batch(new int[] {0, 1, 2, 10}).labels().toLongArray()).containsExactly(0, 2, 1, 2);
        }
        try (ArrowDataset data = ArrowDataset.builder(file).features("x").label("species")
                .classNames(List.of("setosa", "versicolor")).open()) {
            assertThatThrownBy(() -> data.get(1)).isInstanceOf(DataException.class)
                    .hasMessageContaining("species: label 'virginica' at row 1 is not one of the class names "
                            + "[setosa, versicolor]");
        }
        assertThatThrownBy(() -> ArrowDataset.builder(file).features("species").open())
                .isInstanceOf(DataException.class)
                .hasMessageContaining("species: is of Arrow type Utf8, which is not a feature column");
    }

    @Test
    void damagedArrowFilesReadOrFailWithADataException() throws IOException {
        Map<String, byte[]> originals = new LinkedHashMap<>();
        originals.put("images", Files.readAllBytes(ArrowDatasetTest.writeImages(dir.resolve("images.arrow"), 25, 10)));
        Map<String, Tensor> cols = new LinkedHashMap<>();
        cols.put("a", Tensor.randn(Rng.seeded(1), 12, 3));
        cols.put("y", Tensor.randn(Rng.seeded(2), 12));
        ArrowDatasetWriter.write(dir.resolve("cols.arrow"), cols, "y", null);
        originals.put("columns", Files.readAllBytes(dir.resolve("cols.arrow")));
        originals.put("strings", Files.readAllBytes(writeStringLabels(dir.resolve("strings.arrow"))));
        int cases = fuzz(originals, ARROW_CASES_PER_FILE, 11 + SEED, path -> {
            boolean strings = path.getFileName().toString().endsWith("strings");
            try (ArrowDataset d = strings ? ArrowDataset.builder(path).features("x").label("species").open()
                    : ArrowDataset.open(path)) {
                d.batch(IntStream.range(0, d.size()).toArray());
                if (d.size() > 0) {
                    d.get(d.size() - 1);
                }
            }
        });
        assertThat(cases).isGreaterThanOrEqualTo(900);
    }

    @Test
    void damagedIdxFilesReadOrFailWithADataException() throws IOException {
        Map<String, byte[]> originals = new LinkedHashMap<>();
        byte[] pixels = new byte[6 * 28 * 28];
        Rng rng = Rng.seeded(4);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextLong(256);
        }
        byte[] images = IdxTest.idx(0x08, new int[] {6, 28, 28}, pixels);
        byte[] labels = IdxTest.idx(0x08, new int[] {6}, new byte[] {9, 0, 0, 3, 0, 2});
        originals.put("images-idx3-ubyte", images);
        originals.put("labels-idx1-ubyte", labels);
        originals.put("images-idx3-ubyte.gz", IdxTest.gzip(images));
        originals.put("labels-idx1-ubyte.gz", IdxTest.gzip(labels));
        int cases = fuzz(originals, IDX_CASES_PER_FILE, 12 + SEED, path -> Idx.read(path).toTensor(
                org.backprop4j.array.DType.FLOAT32));
        assertThat(cases).isGreaterThanOrEqualTo(600);
    }

    /**
     * Runs {@code read} on {@code perFile} damaged copies of each original: a third truncated, a third with 1 to 4
     * flipped bits, a third both. Returns the number of cases; fails on the first outcome that is neither success
     * nor a DataException naming the file.
     */
    private int fuzz(Map<String, byte[]> originals, int perFile, long seed, Consumer<Path> read) throws IOException {
        Rng rng = Rng.seeded(seed);
        int cases = 0;
        int failed = 0;
        for (var e : originals.entrySet()) {
            byte[] original = e.getValue();
            Path intact = dir.resolve("intact-" + e.getKey());
            Files.write(intact, original);
            read.accept(intact);   // the undamaged file reads
            for (int c = 0; c < perFile; c++) {
                byte[] damaged = original;
                String how = "";
                if (c % 3 != 1) {
                    int length = (int) rng.nextLong(original.length);
                    damaged = Arrays.copyOf(original, length);
                    how += "truncated to " + length + " bytes ";
                }
                if (c % 3 != 0 && damaged.length > 0) {
                    damaged = damaged.clone();
                    int flips = 1 + (int) rng.nextLong(4);
                    for (int f = 0; f < flips; f++) {
                        int bit = (int) rng.nextLong(damaged.length * 8L);
                        damaged[bit / 8] ^= (byte) (1 << (bit % 8));
                        how += "bit " + bit + " flipped ";
                    }
                }
                Path file = dir.resolve("damaged-" + cases + "-" + e.getKey());
                Files.write(file, damaged);
                long t0 = System.nanoTime();
                try {
                    read.accept(file);
                } catch (DataException ex) {
                    if (!ex.getMessage().startsWith(file.toString())) {
                        fail("case " + cases + " (" + e.getKey() + ", " + how + "): the message does not start with "
                                + "the file: " + ex.getMessage());
                    }
                    failed++;
                } catch (Throwable t) {
                    throw new AssertionError("case " + cases + " (" + e.getKey() + ", " + how + "): "
                            + t.getClass().getName() + " instead of a DataException", t);
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(ms).as("case %d (%s, %s) took %d ms", cases, e.getKey(), how, ms).isLessThan(10_000);
                Files.delete(file);
                cases++;
            }
        }
        assertThat(failed).as("most damaged files are refused").isGreaterThan(cases / 2);
        assertThat(failed).as("some damage (a flipped pixel) leaves a readable file").isLessThan(cases);
        return cases;
    }
}
