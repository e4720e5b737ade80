package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrowDatasetTest {
    @TempDir
    Path dir;

    /** 25 images [1, 4, 3] of bytes i*12+k (mod 256), labels i % 3 named a, b, c; record batches of 10 rows. */
    static Path writeImages(Path file, int rows, int rowsPerBatch) {
        try (ArrowDatasetWriter out = ArrowDatasetWriter.builder(file)
                .features("image", ElementType.UINT8, Shape.of(1, 4, 3))
                .labels("label", List.of("a", "b", "c"))
                .metadata("source", "test")
                .open()) {
            for (int start = 0; start < rows; start += rowsPerBatch) {
                int n = Math.min(rowsPerBatch, rows - start);
                byte[] pixels = new byte[n * 12];
                long[] labels = new long[n];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < 12; k++) {
                        pixels[i * 12 + k] = (byte) ((start + i) * 12 + k);
                    }
                    labels[i] = (start + i) % 3;
                }
                out.write(Map.of("image", pixels, "label", Tensor.of(labels)));
            }
            out.commit();
        }
        return file;
    }

    @Test
    void imagesAndDictionaryLabelsRoundTripThroughAnArrowFile() {
        Path file = writeImages(dir.resolve("images.arrow"), 25, 10);
        try (ArrowDataset data = ArrowDataset.open(file)) {
            assertThat(data.size()).isEqualTo(25);
            assertThat(data.numRecordBatches()).isEqualTo(3);
            assertThat(data.featureShape()).isEqualTo(Shape.of(1, 4, 3));
            assertThat(data.classNames()).containsExactly("a", "b", "c");
            Sample s = data.get(13);
            assertThat(s.features().shape()).isEqualTo(Shape.of(1, 4, 3));
            assertThat(s.features().dtype()).isEqualTo(DType.FLOAT32);
            assertThat(s.features().get(0, 0, 0)).isEqualTo((13 * 12) & 0xFF);
            assertThat(s.features().get(0, 3, 2)).isEqualTo((13 * 12 + 11) & 0xFF);
            assertThat(s.label().dtype()).isEqualTo(DType.INT64);
            assertThat(s.label().item()).isEqualTo(1);

            // a run across record batches, a shuffled gather and a repeat
            Batch b = data.batch(new int[] {8, 9, 10, 11, 24, 0, 0});
            assertThat(b.features().shape()).isEqualTo(Shape.of(7, 1, 4, 3));
            int[] rows = {8, 9, 10, 11, 24, 0, 0};
            for (int i = 0; i < rows.length; i++) {
                for (int k = 0; k < 12; k++) {
                    assertThat(b.features().get(i, 0, k / 3, k % 3)).isEqualTo((rows[i] * 12 + k) & 0xFF);
                }
                assertThat(b.labels().get(i)).isEqualTo(rows[i] % 3);
            }
            assertThat(data.toString()).contains("25 rows in 3 record batches", "image [1, 4, 3] uint8",
                    "label (3 classes)");
        }
    }

    @Test
    void aDatasetWrittenBackReadsTheSame() {
        Rng rng = Rng.seeded(3);
        Tensor x = Tensor.randn(rng, 40, 2, 5);
        Tensor y = Tensor.randint(rng, 0, 4, 40);
        Path file = dir.resolve("ds.arrow");
        ArrowDatasetWriter.write(Dataset.of(x, y).withClassNames(List.of("w", "x", "y", "z")), file, 16);
        try (ArrowDataset back = ArrowDataset.open(file)) {
            assertThat(back.numRecordBatches()).isEqualTo(3);
            assertThat(back.classNames()).containsExactly("w", "x", "y", "z");
            Batch all = back.batch(java.util.stream.IntStream.range(0, 40).toArray());
            assertThat(all.features().shape()).isEqualTo(Shape.of(40, 2, 5));
            assertThat(all.features()).isCloseTo(x, 0, 0);
            assertThat(all.labels().toLongArray()).containsExactly(y.toLongArray());
        }
    }

    @Test
    void tensorsWrittenAsColumnsKeepTheirShapesAndFloat64Targets() {
        Map<String, Tensor> cols = new LinkedHashMap<>();
        cols.put("a", Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        cols.put("b", Tensor.of(7L, 8L, 9L));
        cols.put("m", Tensor.of(true, false, true, true, false, false).reshape(3, 2));
        cols.put("y", Tensor.of(0.5, 1.5, 2.5));
        Path file = dir.resolve("cols.arrow");
        ArrowDatasetWriter.write(file, cols, "y", null);
        try (ArrowDataset back = ArrowDataset.builder(file).dtype(DType.FLOAT64).open()) {
            assertThat(back.featureShape()).isEqualTo(Shape.of(5));
            Batch b = back.batch(new int[] {2, 0});
            assertThat(b.features().toDoubleArray()).containsExactly(5, 6, 9, 0, 0, 1, 2, 7, 1, 0);
            assertThat(b.labels().dtype()).isEqualTo(DType.FLOAT64);
            assertThat(b.labels().toDoubleArray()).containsExactly(2.5, 0.5);
        }
    }

    @Test
    void missingAndMistypedColumnsAreNamed() {
        Path file = writeImages(dir.resolve("images.arrow"), 5, 5);
        assertThatThrownBy(() -> ArrowDataset.builder(file).features("pixels").label("label").open())
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("pixels: no such column; the file has columns [image, label]");
        assertThatThrownBy(() -> ArrowDataset.builder(file).features("image").label("nope").open())
                .isInstanceOf(DataException.class).hasMessageContaining("nope: no such column");
        assertThatThrownBy(() -> ArrowDataset.builder(file).features("label").label("image").open())
                .isInstanceOf(DataException.class)
                .hasMessageContaining("label: is of Arrow type Int(32, true) (dictionary-encoded), which is not a "
                        + "feature column");
    }

    @Test
    void integerLabelsOutsideTheClassNamesAreRefusedWithTheRow() {
        Path file = dir.resolve("ints.arrow");
        ArrowDatasetWriter.write(file, Map.of("x", Tensor.ones(4, 2), "label", Tensor.of(0L, 1L, 5L, 1L)), "label",
                null);
        try (ArrowDataset data = ArrowDataset.builder(file).classNames(List.of("no", "yes")).open()) {
            assertThat(data.get(1).label().item()).isEqualTo(1);
            assertThatThrownBy(() -> data.get(2)).isInstanceOf(DataException.class)
                    .hasMessageContaining("label: label 5 at row 2 is out of range: expected a class index in [0, 2)");
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("absent.arrow");
        assertThatThrownBy(() -> ArrowDataset.open(file)).isInstanceOf(DataException.class)
                .hasMessage(file + ": no such file");
    }

    @Test
    void aFailedWriteLeavesNoFileBehind() throws IOException {
        Path file = dir.resolve("partial.arrow");
        try (ArrowDatasetWriter out = ArrowDatasetWriter.builder(file)
                .features("x", ElementType.FLOAT32, Shape.of(2)).labels("label", List.of("a", "b")).open()) {
            out.write(Map.of("x", Tensor.ones(2, 2), "label", Tensor.of(0L, 1L)));
            assertThatThrownBy(() -> out.write(Map.of("x", Tensor.ones(1, 2), "label", Tensor.of(2L))))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("label: label 2 at row 0 is outside the 2 class names");
            assertThatThrownBy(() -> out.write(Map.of("x", Tensor.ones(3, 2), "label", Tensor.of(0L))))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("label: has 1 rows but the other columns have 3");
            // no commit: closing deletes the temporary file
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void theSchemaRecordsShapesRolesAndClassNamesForOtherReaders() throws IOException {
        Path file = writeImages(dir.resolve("images.arrow"), 3, 3);
        try (var alloc = new org.apache.arrow.memory.RootAllocator();
                var ch = java.nio.channels.FileChannel.open(file);
                var reader = new org.apache.arrow.vector.ipc.ArrowFileReader(ch, alloc)) {
            var schema = reader.getVectorSchemaRoot().getSchema();
            assertThat(schema.findField("image").getMetadata()).containsEntry("backprop4j.shape", "1,4,3");
            assertThat(schema.getCustomMetadata()).containsEntry("backprop4j.features", "image")
                    .containsEntry("backprop4j.label", "label").containsEntry("source", "test");
            String json = schema.getCustomMetadata().get("backprop4j.class_names");
            assertThat(new com.google.gson.Gson().fromJson(json, String[].class)).containsExactly("a", "b", "c");
        }
        List<String> odd = List.of("quote \" and \\ slash", "tab\tnew\nline", "ünïcode");
        assertThat(ArrowNames.fromJson(ArrowNames.toJson(odd))).isEqualTo(odd);
        assertThat(new com.google.gson.Gson().fromJson(ArrowNames.toJson(odd), String[].class))
                .containsExactlyElementsOf(odd);
        assertThat(ArrowNames.fromJson("[\"a\", ")).isNull();
    }

    @Test
    void integerLabelsTakeTheirNamesFromTheSchemaMetadata() {
        Path file = dir.resolve("named.arrow");
        try (ArrowDatasetWriter out = ArrowDatasetWriter.builder(file)
                .features("x", ElementType.FLOAT32, Shape.scalar()).labels("y", List.of("no", "yes")).open()) {
            out.write(Map.of("x", Tensor.of(1f, 2f), "y", Tensor.of(1L, 0L)));
            out.commit();
        }
        try (ArrowDataset data = ArrowDataset.open(file)) {
            assertThat(data.classNames()).containsExactly("no", "yes");
            assertThat(data.batch(new int[] {0, 1}).labels().toLongArray()).containsExactly(1, 0);
        }
    }

    @Test
    void aSmallCacheStillReadsEveryRecordBatchKeepingOneLoaded() {
        Path file = writeImages(dir.resolve("images.arrow"), 95, 10);
        try (ArrowDataset data = ArrowDataset.builder(file).cacheBytes(0).open()) {
            DataLoader loader = DataLoader.builder(data).batchSize(16).shuffle(true).seed(3).build();
            long sum = 0;
            int rows = 0;
            for (Batch b : loader) {
                rows += b.size();
                for (long l : b.labels().toLongArray()) {
                    sum += l;
                }
            }
            assertThat(rows).isEqualTo(95);
            long expected = 0;
            for (int i = 0; i < 95; i++) {
                expected += i % 3;
            }
            assertThat(sum).isEqualTo(expected);
            assertThat(data.numRecordBatches()).isEqualTo(10);
            assertThat(data.toString()).contains("95 rows in 10 record batches");
        }
    }

    @Test
    void aClosedDatasetSaysSo() {
        Path file = writeImages(dir.resolve("images.arrow"), 3, 3);
        ArrowDataset data = ArrowDataset.open(file);
        data.close();
        data.close();
        assertThatThrownBy(() -> data.get(0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("ArrowDataset(" + file + ") is closed");
    }

    @Test
    void aFileTruncatedWhileALoaderReadsItFailsWithADataExceptionNamingIt() throws IOException {
        Path file = writeImages(dir.resolve("shrinking.arrow"), 6000, 100);   // 60 record batches over ~90 KB
        try (ArrowDataset data = ArrowDataset.open(file)) {
            DataLoader loader = DataLoader.builder(data).batchSize(100).build();
            Epoch epoch = loader.iterator();
            epoch.next();
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(4096);
            }
            assertThatThrownBy(() -> {
                while (epoch.hasNext()) {
                    epoch.next();
                }
            }).isInstanceOf(DataException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining("the file shrank while it was read");
        }
    }
}
