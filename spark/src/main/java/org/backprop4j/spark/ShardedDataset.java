package org.backprop4j.spark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Training examples split into the partitions of a Spark RDD, one shard per partition, cached in the executors'
 * memory (recomputed from their source when an executor is lost). Rows keep the source's order: partition 0 holds
 * the first rows, and {@link #rowOf(int, int)} gives a shard row's position in the whole dataset.
 *
 * <pre>{@code
 * ShardedDataset train = ShardedDataset.fromArrow(sc, Path.of("datasets/fashion-mnist/train.arrow"))
 *         .features("image").label("label").partitions(4).build();
 * ShardedDataset rows = ShardedDataset.fromDataFrame(df).features("x", "pixels").label("y").build();
 * }</pre>
 */
public final class ShardedDataset implements AutoCloseable {
    private final JavaRDD<Shard> shards;
    private final long[] starts;
    private final int[] featureDims;
    private final List<String> classNames;
    private final String source;

    ShardedDataset(JavaRDD<Shard> rdd, String source, List<String> classNames) {
        this.source = source;
        this.classNames = List.copyOf(classNames);
        this.shards = rdd.persist(StorageLevel.MEMORY_ONLY());
        List<int[]> shapes;
        try {
            shapes = shards.map(s -> prepend(s.rows(), s.featureDims())).collect(); // fills the cache
        } catch (RuntimeException e) {
            shards.unpersist(false);
            throw e;
        }
        this.starts = new long[shapes.size() + 1];
        for (int p = 0; p < shapes.size(); p++) {
            int[] dims = shapes.get(p);
            if (!Arrays.equals(Arrays.copyOfRange(dims, 1, dims.length), Arrays.copyOfRange(shapes.get(0), 1,
                    shapes.get(0).length))) {
                shards.unpersist(false);
                throw new IllegalArgumentException("backprop4j-spark: " + source + ": partition " + p + " has "
                        + "examples of shape " + Arrays.toString(Arrays.copyOfRange(dims, 1, dims.length))
                        + ", partition 0 " + Arrays.toString(Arrays.copyOfRange(shapes.get(0), 1, shapes.get(0)
                        .length)) + "; every example must have the same shape");
            }
            starts[p + 1] = starts[p] + dims[0];
        }
        this.featureDims = shapes.isEmpty() ? new int[0] : Arrays.copyOfRange(shapes.get(0), 1, shapes.get(0).length);
    }

    /**
     * Shards of one or more Arrow IPC files read as {@link org.backprop4j.data.ArrowDataset}s, the files' rows in
     * the given order. Every executor opens the files at the same paths (a shared file system), or, for files
     * shipped with {@code SparkContext.addFile}, by their name through {@code SparkFiles}.
     */
    public static ArrowShards fromArrow(JavaSparkContext sc, Path... files) {
        return new ArrowShards(sc, List.of(files));
    }

    /** Shards of a DataFrame's numeric and array columns, one per partition of the DataFrame. */
    public static DataFrameShards fromDataFrame(Dataset<Row> frame) {
        return new DataFrameShards(frame);
    }

    /** The number of partitions, each one shard. */
    public int numPartitions() {
        return starts.length - 1;
    }

    /** The number of examples of every partition. */
    public int partitionSize(int partition) {
        checkPartition(partition);
        return (int) (starts[partition + 1] - starts[partition]);
    }

    /** The number of examples in all partitions. */
    public long size() {
        return starts[starts.length - 1];
    }

    /** The smallest partition's number of examples. */
    public int smallestPartition() {
        int min = Integer.MAX_VALUE;
        for (int p = 0; p < numPartitions(); p++) {
            min = Math.min(min, partitionSize(p));
        }
        return min;
    }

    /** One example's feature shape. */
    public int[] featureShape() {
        return featureDims.clone();
    }

    /** The class names, index i naming class i; empty when the labels are not named classes. */
    public List<String> classNames() {
        return classNames;
    }

    /** The position in the whole dataset (the source's row order) of row {@code row} of {@code partition}. */
    public long rowOf(int partition, int row) {
        checkPartition(partition);
        if (row < 0 || row >= partitionSize(partition)) {
            throw new IndexOutOfBoundsException("ShardedDataset(" + source + "): partition " + partition + " has "
                    + partitionSize(partition) + " rows, no row " + row);
        }
        return starts[partition] + row;
    }

    JavaRDD<Shard> rdd() {
        return shards;
    }

    String source() {
        return source;
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= numPartitions()) {
            throw new IndexOutOfBoundsException("ShardedDataset(" + source + "): no partition " + partition
                    + "; there are " + numPartitions());
        }
    }

    private static int[] prepend(int n, int[] dims) {
        int[] out = new int[dims.length + 1];
        out[0] = n;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return out;
    }

    /** Drops the cached shards from the executors. */
    @Override
    public void close() {
        shards.unpersist(false);
    }

    @Override
    public String toString() {
        return "ShardedDataset(" + source + ", " + size() + " examples of " + Arrays.toString(featureDims) + " in "
                + numPartitions() + " partitions)";
    }
}
