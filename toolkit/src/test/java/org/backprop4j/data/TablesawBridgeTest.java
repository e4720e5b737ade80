package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesawBridgeTest {
    static Table flowers() {
        return Table.create("flowers",
                DoubleColumn.create("length", 1.0, 2.0, 3.0, 6.0),
                IntColumn.create("petals", 5, 5, 6, 4),
                StringColumn.create("colour", "red", "blue", "red", "white"),
                StringColumn.create("species", "b", "a", "b", "c"));
    }

    @Test
    void featuresStandardizedStringsOneHotAndClassLabels() {
        TableDataset data = TableDataset.builder(flowers()).features("length", "petals", "colour").label("species")
                .standardize(true).build();
        assertThat(data.featureNames()).containsExactly("length", "petals", "colour=blue", "colour=red",
                "colour=white");
        assertThat(data.features().shape()).isEqualTo(Shape.of(4, 5));
        Tensor length = data.features().select(1, 0);
        assertThat(length.mean().item()).isCloseTo(0, within(1e-6));
        assertThat(length.square().mean().item()).isCloseTo(1, within(1e-6));   // population std 1
        assertThat(data.features().get(0, 0)).isCloseTo((1 - 3) / Math.sqrt(3.5), within(1e-6));
        assertThat(data.features().select(0, 1).toFloatArray()).endsWith(1f, 0f, 0f);   // blue
        assertThat(data.classNames()).containsExactly("a", "b", "c");
        assertThat(data.labels().toLongArray()).containsExactly(1, 0, 1, 2);
        assertThat(data.encoding().scaling().get("length")).containsExactly(3.0, Math.sqrt(3.5));
    }

    @Test
    void aTestTableIsEncodedWithTheTrainingTablesEncoding() {
        TableDataset train = TableDataset.builder(flowers()).features("length", "colour").label("species")
                .standardize(true).build();
        Table test = Table.create("test", DoubleColumn.create("length", 3.0), StringColumn.create("colour", "white"),
                StringColumn.create("species", "c"));
        TableDataset encoded = TableDataset.builder(test).features("length", "colour").label("species")
                .encoding(train.encoding()).build();
        assertThat(encoded.features().toFloatArray()).containsExactly(0f, 0f, 0f, 1f);
        assertThat(encoded.labels().toLongArray()).containsExactly(2);
        Table unseen = Table.create("test", DoubleColumn.create("length", 3.0), StringColumn.create("colour", "green"),
                StringColumn.create("species", "c"));
        assertThatThrownBy(() -> TableDataset.builder(unseen).features("length", "colour").label("species")
                .encoding(train.encoding()).build()).isInstanceOf(DataException.class)
                .hasMessage("table 'test': colour: value 'green' at row 0 is not one of the categories [blue, red, "
                        + "white] seen when the encoding was fitted");
    }

    @Test
    void stringFeaturesAsIndicesAndNumericTargets() {
        TableDataset data = TableDataset.builder(flowers()).features("colour").label("length")
                .categorical(TableDataset.Categorical.INDEX).build();
        assertThat(data.features().toFloatArray()).containsExactly(1f, 0f, 1f, 2f);
        assertThat(data.labels().shape()).isEqualTo(Shape.of(4, 1));
        assertThat(data.labels().dtype()).isEqualTo(DType.FLOAT32);
        TableDataset classes = TableDataset.builder(flowers()).features("length").label("petals").classification(true)
                .build();
        assertThat(classes.labels().toLongArray()).containsExactly(5, 5, 6, 4);
        assertThat(classes.classNames()).hasSize(7);
    }

    @Test
    void missingColumnsValuesAndConstantColumnsAreNamed() {
        assertThatThrownBy(() -> TableDataset.builder(flowers()).features("height").build())
                .isInstanceOf(DataException.class)
                .hasMessage("table 'flowers': height: no such column; the table has [length, petals, colour, species]");
        Table holes = flowers();
        holes.doubleColumn("length").setMissing(2);
        assertThatThrownBy(() -> TableDataset.builder(holes).features("length").build())
                .isInstanceOf(DataException.class)
                .hasMessageContaining("table 'flowers': length: missing value at row 2");
        Table flat = Table.create("flat", DoubleColumn.create("c", 2.0, 2.0));
        assertThatThrownBy(() -> TableDataset.builder(flat).features("c").standardize(true).build())
                .isInstanceOf(DataException.class)
                .hasMessage("table 'flat': c: has zero variance (all values 2.0), so it cannot be standardized; drop "
                        + "the column");
        Table dated = Table.create("dated", tech.tablesaw.api.DateColumn.create("day",
                java.time.LocalDate.of(2024, 1, 1)));
        assertThatThrownBy(() -> TableDataset.builder(dated).features("day").build()).isInstanceOf(DataException.class)
                .hasMessage("table 'dated': day: is a LOCAL_DATE column; features must be numeric, boolean or string "
                        + "columns");
    }

    @Test
    void aTableDatasetFeedsADataLoader() {
        TableDataset data = TableDataset.builder(flowers()).features("length", "petals").label("species").build();
        DataLoader loader = DataLoader.builder(data).batchSize(3).shuffle(true).seed(1).build();
        int rows = 0;
        for (Batch b : loader) {
            rows += b.size();
            assertThat(b.features().size(1)).isEqualTo(2);
        }
        assertThat(rows).isEqualTo(4);
    }

    @Test
    void predictionsAndMetricsComeBackAsTables() {
        Tensor logits = Tensor.of(new float[][] {{2, 0, 0}, {0, 0, 3}, {1, 1.5f, 0}});
        Table t = Tables.predictions(logits.softmax(1), List.of("a", "b", "c"), Tensor.of(0L, 1L, 1L));
        assertThat(t.columnNames()).containsExactly("predicted", "confidence", "label", "correct", "p(a)", "p(b)",
                "p(c)");
        assertThat(t.stringColumn("predicted").asList()).containsExactly("a", "c", "b");
        assertThat(t.booleanColumn("correct").asList()).containsExactly(true, false, true);
        assertThat(t.doubleColumn("confidence").get(1)).isCloseTo(Math.exp(3) / (2 + Math.exp(3)), within(1e-6));
        assertThatThrownBy(() -> Tables.predictions(logits, List.of(), null)).isInstanceOf(DataException.class)
                .hasMessage("predictions: probabilities: row 0 holds 2.0, not a probability; pass logits.softmax(1)");

        Map<String, Tensor> cols = new LinkedHashMap<>();
        cols.put("y", Tensor.of(1f, 2f));
        cols.put("id", Tensor.of(7L, 8L));
        cols.put("ok", Tensor.of(true, false));
        Table table = Tables.of("results", cols);
        assertThat(table.rowCount()).isEqualTo(2);
        assertThat(table.longColumn("id").get(1)).isEqualTo(8L);
        assertThatThrownBy(() -> Tables.of("bad", Map.of("m", Tensor.zeros(2, 2)))).isInstanceOf(DataException.class)
                .hasMessage("table 'bad': m: expected a 1-D tensor, got shape [2, 2]");

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", 0.9);
        metrics.put("loss", 0.25);
        Table m = Tables.metrics(metrics);
        assertThat(m.stringColumn("metric").asList()).containsExactly("accuracy", "loss");
        assertThat(m.doubleColumn("value").asList()).containsExactly(0.9, 0.25);
    }
}
