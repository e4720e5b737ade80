package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.data.ArrowDataset;
import org.backprop4j.data.ArrowDatasetWriter;
import org.backprop4j.data.Batch;
import org.backprop4j.data.DataException;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow files and DataFrames split into shards: which rows land where, and the errors. */
class ShardsTest {
    @TempDir
    Path dir;

    /** Rows whose features are {@code [i, 10 i, 100 i]} and label {@code i % 3}, for i in [from, to). */
    Path arrow(String name, int from, int to) {
        int n = to - from;
        float[] f = new float[n * 3];
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            f[3 * i] = from + i;
            f[3 * i + 1] = 10f * (from + i);
            f[3 * i + 2] = 100f * (from + i);
            l[i] = (from + i) % 3;
        }
        Path file = dir.resolve(name);
        ArrowDatasetWriter.write(file, new java.util.LinkedHashMap<>(Map.of("x", Tensor.of(Storage.of(f),
                Shape.of(n, 3)), "y", Tensor.of(Storage.of(l), Shape.of(n)))), "y", null);
        return file;
    }

    /** Every row of every shard, in partition order, as its first feature. */
    static List<Float> firstFeatures(ShardedDataset data) {
        List<Float> out = new ArrayList<>();
        for (Shard s : data.rdd().collect()) {
            int width = s.features().length / s.rows();
            for (int r = 0; r < s.rows(); r++) {
                out.add(s.features()[r * width]);
            }
        }
        return out;
    }

    @Test
    void arrowFilesSplitIntoConsecutiveRowRangesAcrossFiles() {
        Path a = arrow("a.arrow", 0, 5);
        Path b = arrow("b.arrow", 5, 12);
        try (ShardedDataset data = ShardedDataset.fromArrow(LocalSpark.context(), a, b).features("x").label("y")
                .partitions(3).build()) {
            assertThat(data.numPartitions()).isEqualTo(3);
            assertThat(List.of(data.partitionSize(0), data.partitionSize(1), data.partitionSize(2)))
                    .containsExactly(4, 4, 4);
            assertThat(firstFeatures(data)).containsExactly(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f);
            assertThat(data.rowOf(1, 2)).isEqualTo(6);
            assertThat(data.featureShape()).containsExactly(3);
            Batch batch = data.rdd().collect().get(2).batch(new int[] {3, 0});
            assertThat(batch.features().toFloatArray()).containsExactly(11f, 110f, 1100f, 8f, 80f, 800f);
            assertThat(batch.labels().toLongArray()).containsExactly(2, 2);
        }
    }

    @Test
    void aLimitReadsTheFirstRowsOnly() {
        Path a = arrow("a.arrow", 0, 10);
        try (ShardedDataset data = ShardedDataset.fromArrow(LocalSpark.context(), a).limit(6).partitions(2).build()) {
            assertThat(data.size()).isEqualTo(6);
            assertThat(firstFeatures(data)).containsExactly(0f, 1f, 2f, 3f, 4f, 5f);
        }
    }

    @Test
    void aMissingArrowFileOrColumnIsNamed() {
        assertThatThrownBy(() -> ShardedDataset.fromArrow(LocalSpark.context(), dir.resolve("none.arrow")).build())
                .isInstanceOf(DataException.class).hasMessageContaining("none.arrow");
        Path a = arrow("a.arrow", 0, 4);
        assertThatThrownBy(() -> ShardedDataset.fromArrow(LocalSpark.context(), a).features("pixels").build())
                .isInstanceOf(DataException.class).hasMessageContaining("pixels");
        assertThatThrownBy(() -> ShardedDataset.fromArrow(LocalSpark.context(), a).partitions(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 rows in")
                .hasMessageContaining("cannot fill 5 partitions");
    }

    /** A DataFrame of {@code rows} in {@code partitions} partitions, keeping their order. */
    static Dataset<Row> frame(List<Row> rows, StructType schema, int partitions) {
        return LocalSpark.session().createDataFrame(LocalSpark.context().parallelize(rows, partitions), schema);
    }

    static final StructType SCHEMA = new StructType()
            .add("a", DataTypes.IntegerType, false)
            .add("pixels", DataTypes.createArrayType(DataTypes.FloatType), false)
            .add("b", DataTypes.DoubleType, false)
            .add("y", DataTypes.LongType, false);

    static Row row(int i) {
        return RowFactory.create(i, new float[] {i + 0.5f, i + 0.25f}, i * 2.0, (long) (i % 4));
    }

    @Test
    void aDataFrameBecomesOneShardPerPartitionWithItsColumnsConcatenated() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(row(i));
        }
        try (ShardedDataset data = ShardedDataset.fromDataFrame(frame(rows, SCHEMA, 2)).features("a", "pixels", "b")
                .label("y").featureShape(2, 2).build()) {
            assertThat(data.numPartitions()).isEqualTo(2);
            assertThat(data.size()).isEqualTo(10);
            assertThat(data.featureShape()).containsExactly(2, 2);
            List<Shard> shards = data.rdd().collect();
            Batch b = shards.get(0).batch(new int[] {1});
            assertThat(b.features().shape()).isEqualTo(Shape.of(1, 2, 2));
            float first = b.features().toFloatArray()[0];
            int i = (int) first;
            assertThat(b.features().toFloatArray()).containsExactly(i, i + 0.5f, i + 0.25f, 2f * i);
            assertThat(b.labels().toLongArray()).containsExactly(i % 4);
        }
    }

    @Test
    void aDataFrameTrainsLikeTheArrowFileOfItsRows() {
        Path file = arrow("rows.arrow", 0, 64);
        List<Row> rows = new ArrayList<>();
        try (ArrowDataset d = ArrowDataset.open(file)) {
            for (int i = 0; i < 64; i++) {
                Batch b = d.batch(new int[] {i});
                float[] x = b.features().toFloatArray();
                rows.add(RowFactory.create(x, b.labels().toLongArray()[0]));
            }
        }
        StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType), false)
                .add("y", DataTypes.LongType, false);
        Dataset<Row> df = frame(rows, schema, 2);
        LossFunction loss = (model, batch) -> new org.backprop4j.nn.CrossEntropyLoss()
                .forward(model.call(batch.features().div(100)), batch.labels());
        try (ShardedDataset fromFrame = ShardedDataset.fromDataFrame(df).features("x").label("y").build();
             ShardedDataset fromFile = ShardedDataset.fromArrow(LocalSpark.context(), file).partitions(2).build()) {
            assertThat(firstFeatures(fromFrame)).containsExactlyElementsOf(firstFeatures(fromFile));
            SyncSgd a = SyncSgd.builder(fromFrame, () -> new Models.Mlp(3, 8, 3), loss, p -> new SGD(p, 0.1))
                    .model(Models.seeded(new Models.Mlp(3, 8, 3), 1)).batchSizePerPartition(8).build();
            SyncSgd b = SyncSgd.builder(fromFile, () -> new Models.Mlp(3, 8, 3), loss, p -> new SGD(p, 0.1))
                    .model(Models.seeded(new Models.Mlp(3, 8, 3), 1)).batchSizePerPartition(8).build();
            for (int s = 0; s < 3; s++) {
                assertThat(a.step()).isEqualTo(b.step());
            }
            assertThat(Models.maxDifference(a.model(), b.model())).isZero();
        }
    }

    @Test
    void badDataFramesAreRefusedNamingTheColumnOrRow() {
        List<Row> rows = List.of(row(0), row(1), row(2));
        Dataset<Row> df = frame(rows, SCHEMA, 1);
        assertThatThrownBy(() -> ShardedDataset.fromDataFrame(df).features("a", "c").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ShardedDataset.fromDataFrame: no column 'c'; the DataFrame has [a, pixels, b, y]");
        Dataset<Row> named = df.withColumn("name", org.apache.spark.sql.functions.lit("x"));
        assertThatThrownBy(() -> ShardedDataset.fromDataFrame(named).features("a", "name").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature column 'name' is string; expected a number or an array of numbers");
        assertThatThrownBy(() -> ShardedDataset.fromDataFrame(named).features("a").label("name").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'name' is string");

        StructType nullable = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType), true);
        Dataset<Row> ragged = frame(List.of(RowFactory.create((Object) new float[] {1, 2}),
                RowFactory.create((Object) new float[] {3})), nullable, 1);
        assertThatThrownBy(() -> ShardedDataset.fromDataFrame(ragged).build()).isInstanceOf(SparkException.class)
                .hasMessageContaining("row 1 of partition 0 has 1 feature values, earlier rows 2; array columns "
                        + "must have one length");
        Dataset<Row> withNull = frame(List.of(RowFactory.create((Object) null)), nullable, 1);
        assertThatThrownBy(() -> ShardedDataset.fromDataFrame(withNull).build()).isInstanceOf(SparkException.class)
                .hasMessageContaining("column 'x' is null in row 0 of partition 0; fill or drop missing values first");
        assertThatThrownBy(() -> ShardedDataset.fromDataFrame(frame(rows, SCHEMA, 4)).features("a").build())
                .isInstanceOf(SparkException.class)
                .hasMessageContaining("has no rows; repartition the DataFrame into fewer partitions");
    }
}
