package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.data.ArrowDataset;
import org.backprop4j.data.ArrowDatasetWriter;
import org.backprop4j.data.Batch;
import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.ElementType;
import org.backprop4j.data.Idx;
import org.backprop4j.data.Sample;
import org.backprop4j.data.TableDataset;
import org.backprop4j.data.Transform;
import org.backprop4j.data.Transforms;
import org.backprop4j.display.Display;
import org.backprop4j.display.Displayable;
import org.backprop4j.display.Heatmap;
import org.backprop4j.display.ImageGrid;
import org.backprop4j.display.MimeBundle;
import org.backprop4j.display.Plots;
import org.backprop4j.display.Progress;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The examples of the data and display packages. Those written for a notebook call {@code display} and
 * {@code updateDisplay} as the kernel provides them; here they render the same bundles and keep the latest per id.
 */
class DataDisplaySnippets {
    @TempDir
    Path dir;

    private final Map<String, MimeBundle> shown = new LinkedHashMap<>();
    private final List<MimeBundle> outputs = new ArrayList<>();

    private void display(Object value) {
        outputs.add(Display.bundle(value));
    }

    private void display(Object value, String id) {
        shown.put(id, Display.bundle(value));
    }

    private void updateDisplay(String id, Object value) {
        assertThat(shown).as("a display to update").containsKey(id);
        shown.put(id, Display.bundle(value));
    }

    @Test
    void display() throws IOException {
        List<Double> values = List.of(2.0, 1.0, 0.5);
        double[] losses = values.stream().mapToDouble(Double::doubleValue).toArray();
        Path reports = dir.resolve("reports");
        Files.createDirectories(reports);
        Path png = reports.resolve("loss.png");
        Path html = reports.resolve("x.html");
        // @start region="display" @replace regex='png|html' replacement='Path.of("reports/...")'
        Display.save(Plots.line("loss", losses), png);
        Display.save(Tensor.randn(4, 5), html);
        // @end
        assertThat(Files.size(png)).isPositive();
        assertThat(Files.readString(html)).contains("<table");
    }

    // @start region="displayable"
    record Accuracy(double value) implements Displayable {
        public MimeBundle toMimeBundle() {
            return MimeBundle.ofText("accuracy " + value).withHtml("<b>accuracy</b> " + value);
        }
    }
    // @end

    @Test
    void displayable() {
        assertThat(Display.bundle(new Accuracy(0.9)).text(MimeBundle.HTML)).isEqualTo("<b>accuracy</b> 0.9");
    }

    @Test
    void pictures() throws IOException {
        Tensor w = Tensor.randn(Rng.seeded(3), 8, 16);
        Path file = dir.resolve("w.png");
        // @start region="heatmap" @replace substring="file" replacement='Path.of("w.png")'
        display(Heatmap.of(w).withTitle("layer 1 weights"));
        Display.save(Heatmap.of(w), file);
        // @end
        assertThat(Files.size(file)).isPositive();
        Tensor batch = Tensor.rand(Rng.seeded(4), 16, 1, 28, 28);
        List<String> names = java.util.Collections.nCopies(16, "shirt");
        // @start region="imageGrid"
        display(ImageGrid.of(batch).withColumns(8).withLabels(names));
        // @end
        assertThat(outputs).hasSize(2).allSatisfy(b -> assertThat(b.has("image/png")).isTrue());
    }

    @Test
    void mimeBundle() throws IOException {
        Path reports = dir.resolve("reports");
        // @start region="mimeBundle" @replace substring="reports," replacement='Path.of("reports"),'
        MimeBundle b = MimeBundle.ofText("loss 0.31").withHtml("<b>loss</b> 0.31");
        b.save(reports, "loss");   // reports/loss.txt, reports/loss.html
        // @end
        assertThat(Files.readString(reports.resolve("loss.html"))).isEqualTo("<b>loss</b> 0.31");
    }

    @Test
    void plots() {
        double[] trainLoss = {1, 0.5, 0.25};
        double[] valLoss = {1.1, 0.7, 0.6};
        Tensor x = Tensor.randn(Rng.seeded(5), 20, 2);
        Tensor labels = Tensor.randint(Rng.seeded(6), 0, 2, 20);
        // @start region="plots"
        XYChart loss = Plots.line("Loss", "step", "loss", Map.of("train", trainLoss, "validation", valLoss));
        XYChart points = Plots.scatter("Spirals", x, labels);        // x [N, 2], labels [N]
        // @end
        assertThat(loss.getSeriesMap()).containsKeys("train", "validation");
        assertThat(points.getSeriesMap()).hasSize(2);
    }

    private double loss = 1;

    private double trainOneEpoch() {
        return loss /= 2;
    }

    @Test
    void progress() {
        // @start region="progress"
        Progress p = Progress.of("epochs", 20);
        display(p, "progress");
        for (int e = 0; e < 20; e++) {
            double loss = trainOneEpoch();
            p = p.step().withDetail("loss %.4f".formatted(loss));
            updateDisplay("progress", p);
        }
        // @end
        assertThat(shown.get("progress").plainText()).contains("20/20");
    }

    @Test
    void datasets() {
        // @start region="dataset"
        Dataset data = Dataset.of(Tensor.randn(100, 3), Tensor.randint(0, 2, 100));
        Sample s = data.get(7);           // features [3], label []
        Batch b = data.batch(new int[] {0, 5, 9});   // features [3, 3], labels [3]
        // @end
        assertThat(s.features().shape()).isEqualTo(Shape.of(3));
        assertThat(b.features().shape()).isEqualTo(Shape.of(3, 3));
        // @start region="transform"
        Transform augment = Transforms.toFloat()
                .andThen(Transforms.randomCrop(28, 2))
                .andThen(Transforms.normalize(new double[] {0.286}, new double[] {0.353}));
        // @end
        assertThat(augment).isNotNull();
    }

    @Test
    void arrowFiles() throws IOException {
        Path file = dir.resolve("train.arrow");
        Tensor imageBytes = Tensor.randint(Rng.seeded(7), 0, 256, 10, 1, 28, 28);
        Tensor labelTensor = Tensor.randint(Rng.seeded(8), 0, 10, 10);
        // @start region="writer" @replace substring="file)" replacement='Path.of("train.arrow"))' @replace substring="CLASSES" replacement='List.of("T-shirt/top", "Trouser", ...)'
        try (ArrowDatasetWriter out = ArrowDatasetWriter.builder(file)
                .features("image", ElementType.UINT8, Shape.of(1, 28, 28))
                .labels("label", CLASSES)
                .open()) {
            out.write(Map.of("image", imageBytes, "label", labelTensor));
            out.commit();
        }
        // @end
        // @start region="arrowDataset" @replace substring="file)" replacement='Path.of("train.arrow"))'
        try (ArrowDataset train = ArrowDataset.builder(file).features("image").label("label").open()) {
            Sample s = train.get(0);                 // features [1, 28, 28], label [] int64
            List<String> names = train.classNames(); // from the label column's dictionary
            // @end
            assertThat(s.features().shape()).isEqualTo(Shape.of(1, 28, 28));
            assertThat(names).isEqualTo(CLASSES);
            // @start region="loader" @replace substring="train)" replacement="Datasets.fashionMnist(Split.TRAIN))"
            DataLoader loader = DataLoader.builder(train)
                    .batchSize(128).shuffle(true).seed(42).prefetch(2)
                    .transform(Transforms.toFloat())
                    .build();
            for (Batch b : loader) {         // features [128, 1, 28, 28] float32, labels [128] int64
                assertThat(b.features().dtype()).isEqualTo(DType.FLOAT32); // @replace regex='assert.*' replacement='...'
            }
            // @end
        }
    }

    private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    @Test
    void idx() throws IOException {
        Path file = dir.resolve("train-images-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(ByteBuffer.allocate(16).putInt(0x0803).putInt(2).putInt(28).putInt(28).array());
            out.write(new byte[2 * 28 * 28]);
        }
        // @start region="idx" @replace substring="file)" replacement='Path.of("train-images-idx3-ubyte.gz"))'
        Idx.Array images = Idx.read(file);   // dims [60000, 28, 28]
        Tensor x = images.toTensor(DType.FLOAT32);
        // @end
        assertThat(x.shape()).isEqualTo(Shape.of(2, 28, 28));
    }

    @Test
    void tables() {
        Table trainTable = Table.create("train", DoubleColumn.create("sepal_length", 5.1, 4.9, 6.3, 5.8),
                DoubleColumn.create("sepal_width", 3.5, 3.0, 3.3, 2.7),
                StringColumn.create("colour", "red", "blue", "red", "green"),
                StringColumn.create("species", "setosa", "setosa", "virginica", "virginica"));
        Table testTable = trainTable.first(2);
        // @start region="tableDataset"
        TableDataset train = TableDataset.builder(trainTable)
                .features("sepal_length", "sepal_width", "colour").label("species").standardize(true).build();
        TableDataset test = TableDataset.builder(testTable)
                .features("sepal_length", "sepal_width", "colour").label("species").encoding(train.encoding()).build();
        // @end
        assertThat(test.get(0).features().toDoubleArray()).containsExactly(train.get(0).features().toDoubleArray());
    }
}
