package org.backprop4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which columns of a DataFrame make a {@link ShardedDataset}: one shard per partition of the DataFrame (repartition
 * it first to choose how many). Feature columns are numbers (any integer or float type, boolean) or arrays of
 * numbers of one length, concatenated into one float32 vector per row; the label is an integer column (class
 * indices), a float column (a target per row) or an array of floats (a target vector). Nulls are refused.
 */
public final class DataFrameShards {
    private final Dataset<Row> frame;
    private String[] features;
    private String label;
    private int[] shape;

    DataFrameShards(Dataset<Row> frame) {
        this.frame = frame;
    }

    /** The feature columns, concatenated in this order (default: all but the label). */
    public DataFrameShards features(String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("ShardedDataset.fromDataFrame: name at least one feature column");
        }
        this.features = columns.clone();
        return this;
    }

    /** The label column (default: none, a dataset without labels). */
    public DataFrameShards label(String column) {
        this.label = column;
        return this;
    }

    /**
     * One example's feature shape, e.g. {@code [1, 28, 28]} for 784 values per row (default: the flat vector).
     *
     * @throws IllegalArgumentException if a dimension is below 1
     */
    public DataFrameShards featureShape(int... dims) {
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("ShardedDataset.fromDataFrame: feature shape "
                        + Arrays.toString(dims) + " has a dimension below 1");
            }
        }
        this.shape = dims.clone();
        return this;
    }

    /**
     * Converts each partition's rows into a shard and caches it (one Spark job).
     *
     * @throws IllegalArgumentException if a column is missing or of another type
     * @throws org.apache.spark.SparkException caused by an IllegalArgumentException naming the partition and row, if
     *         a partition is empty, a value is null, an array column's lengths differ between rows or the feature
     *         shape does not match the row width (found by the tasks that read the rows)
     */
    public ShardedDataset build() {
        SparkSetup.requireSupportedJava();
        StructType schema = frame.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        String[] f = features != null ? features
                : names.stream().filter(n -> !n.equals(label)).toArray(String[]::new);
        if (f.length == 0) {
            throw new IllegalArgumentException("ShardedDataset.fromDataFrame: no feature columns among " + names);
        }
        for (String name : f) {
            DataType t = field(schema, name).dataType();
            if (!isNumber(t) && !(t instanceof ArrayType a && isNumber(a.elementType()))) {
                throw new IllegalArgumentException("ShardedDataset.fromDataFrame: feature column '" + name + "' is "
                        + t.simpleString() + "; expected a number or an array of numbers");
            }
        }
        LabelKind kind = LabelKind.NONE;
        if (label != null) {
            DataType t = field(schema, label).dataType();
            kind = t instanceof IntegerType || t instanceof LongType || t instanceof ShortType || t instanceof ByteType
                    ? LabelKind.CLASS
                    : t instanceof FloatType || t instanceof DoubleType ? LabelKind.TARGET
                    : t instanceof ArrayType a && isNumber(a.elementType()) ? LabelKind.TARGETS : null;
            if (kind == null) {
                throw new IllegalArgumentException("ShardedDataset.fromDataFrame: label column '" + label + "' is "
                        + t.simpleString() + "; expected integers (classes), floats or arrays of floats (targets)");
            }
        }
        List<Column> columns = new ArrayList<>();
        for (String name : f) {
            columns.add(functions.col(name));
        }
        if (label != null) {
            columns.add(functions.col(label));
        }
        LabelKind k = kind;
        int[] dims = shape;
        String described = "DataFrame columns " + Arrays.toString(f) + (label == null ? "" : ", label " + label);
        JavaRDD<Shard> rdd = frame.select(columns.toArray(Column[]::new)).javaRDD()
                .mapPartitionsWithIndex((p, rows) -> List.of(convert(p, rows, f.length, k, dims)).iterator(), true);
        return new ShardedDataset(rdd, described, List.of());
    }

    enum LabelKind { NONE, CLASS, TARGET, TARGETS }

    private static StructField field(StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("ShardedDataset.fromDataFrame: no column '" + name + "'; the "
                    + "DataFrame has " + Arrays.toString(schema.fieldNames()));
        }
        return schema.apply(name);
    }

    private static boolean isNumber(DataType t) {
        return t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType || t instanceof LongType
                || t instanceof FloatType || t instanceof DoubleType || t instanceof BooleanType;
    }

    /** Runs on an executor: one partition's rows into one shard. */
    static Shard convert(int partition, Iterator<Row> rows, int numFeatures, LabelKind kind, int[] shape) {
        FloatList features = new FloatList();
        FloatList targets = new FloatList();
        List<Long> classes = new ArrayList<>();
        int width = -1;
        int targetWidth = -1;
        int n = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            int before = features.size;
            for (int c = 0; c < numFeatures; c++) {
                append(row, c, features, partition, n);
            }
            width = check(width, features.size - before, "feature", partition, n);
            switch (kind) {
                case CLASS -> classes.add(((Number) notNull(row, numFeatures, partition, n)).longValue());
                case TARGET, TARGETS -> {
                    int t = targets.size;
                    append(row, numFeatures, targets, partition, n);
                    targetWidth = check(targetWidth, targets.size - t, "label", partition, n);
                }
                case NONE -> { }
            }
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("ShardedDataset.fromDataFrame: partition " + partition + " has no "
                    + "rows; repartition the DataFrame into fewer partitions");
        }
        int[] featureDims = shape != null ? shape : new int[] {width};
        if (Arrays.stream(featureDims).asLongStream().reduce(1, Math::multiplyExact) != width) {
            throw new IllegalArgumentException("ShardedDataset.fromDataFrame: feature shape "
                    + Arrays.toString(featureDims) + " does not hold the " + width + " values of a row");
        }
        return new Shard(featureDims, features.toArray(), kind == LabelKind.CLASS
                ? classes.stream().mapToLong(Long::longValue).toArray() : null,
                kind == LabelKind.TARGET ? new int[0] : kind == LabelKind.TARGETS ? new int[] {targetWidth} : null,
                kind == LabelKind.TARGET || kind == LabelKind.TARGETS ? targets.toArray() : null, n);
    }

    private static void append(Row row, int column, FloatList out, int partition, int index) {
        Object v = notNull(row, column, partition, index);
        if (v instanceof scala.collection.Seq<?> seq) {
            scala.collection.Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                Object x = it.next();
                if (x == null) {
                    throw new IllegalArgumentException("ShardedDataset.fromDataFrame: column '" + row.schema()
                            .fieldNames()[column] + "' holds a null inside the array of row " + index
                            + " of partition " + partition + "; fill or drop missing values first");
                }
                out.add(number(x));
            }
        } else {
            out.add(number(v));
        }
    }

    private static float number(Object x) {
        return x instanceof Boolean b ? (b ? 1f : 0f) : ((Number) x).floatValue();
    }

    private static Object notNull(Row row, int column, int partition, int index) {
        if (row.isNullAt(column)) {
            throw new IllegalArgumentException("ShardedDataset.fromDataFrame: column '" + row.schema()
                    .fieldNames()[column] + "' is null in row " + index + " of partition " + partition
                    + "; fill or drop missing values first");
        }
        return row.get(column);
    }

    private static int check(int expected, int got, String what, int partition, int index) {
        if (expected >= 0 && expected != got) {
            throw new IllegalArgumentException("ShardedDataset.fromDataFrame: row " + index + " of partition "
                    + partition + " has " + got + " " + what + " values, earlier rows " + expected
                    + "; array columns must have one length");
        }
        return got;
    }

    /** A growable float array (no boxing). */
    private static final class FloatList {
        float[] values = new float[1024];
        int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
