package org.backprop4j.spark;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.backprop4j.data.ArrowDataset;
import org.backprop4j.data.Batch;
import org.backprop4j.tensor.Tensor;

/**
 * Which Arrow files, columns and rows make a {@link ShardedDataset}, and into how many partitions they split.
 * Partition {@code p} of {@code P} holds the rows {@code [p N / P, (p + 1) N / P)} of the files' {@code N} rows,
 * read on the executor that computes it. The driver opens each file once to learn its rows and columns.
 */
public final class ArrowShards {
    /** Rows copied per read: bounds the temporary tensors while a shard is filled. */
    private static final int CHUNK = 4096;

    private final JavaSparkContext sc;
    private final List<Path> files;
    private String[] features;
    private String label;
    private int partitions;
    private long limit = Long.MAX_VALUE;

    ArrowShards(JavaSparkContext sc, List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("ShardedDataset.fromArrow: name at least one Arrow file");
        }
        this.sc = sc;
        this.files = List.copyOf(files);
        this.partitions = sc.defaultParallelism();
    }

    /** The feature columns (default: those the file's metadata names, else all but the label). */
    public ArrowShards features(String... columns) {
        this.features = columns.clone();
        return this;
    }

    /** The label column (default: the one the file's metadata names, else {@code label} if present). */
    public ArrowShards label(String column) {
        this.label = column;
        return this;
    }

    /**
     * The number of partitions (default: the context's default parallelism).
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public ArrowShards partitions(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ShardedDataset.fromArrow: partitions must be >= 1, got " + n);
        }
        this.partitions = n;
        return this;
    }

    /**
     * Reads only the first {@code rows} rows of the files.
     *
     * @throws IllegalArgumentException if {@code rows < 1}
     */
    public ArrowShards limit(long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("ShardedDataset.fromArrow: limit must be >= 1, got " + rows);
        }
        this.limit = rows;
        return this;
    }

    /**
     * Splits the rows into shards and caches them on the executors (one Spark job).
     *
     * @throws org.backprop4j.data.DataException if a file is missing, corrupt, or lacks a named column
     * @throws IllegalArgumentException if there are fewer rows than partitions, or the files' columns differ
     */
    public ShardedDataset build() {
        SparkSetup.requireSupportedJava();
        List<Segment> all = new ArrayList<>();
        List<String> classNames = null;
        String shape = null;
        long total = 0;
        for (Path file : files) {
            try (ArrowDataset d = open(file.toString(), features, label)) {
                String s = d.featureShape() + " " + d.classNames();
                if (shape != null && !shape.equals(s)) {
                    throw new IllegalArgumentException("ShardedDataset.fromArrow: " + file + " has features "
                            + d.featureShape() + " and classes " + d.classNames() + ", unlike " + files.get(0)
                            + " (" + shape + ")");
                }
                shape = s;
                classNames = d.classNames();
                long rows = Math.min(d.size(), limit - total);
                if (rows > 0) {
                    all.add(new Segment(file.toAbsolutePath().toString(), 0, (int) rows));
                }
                total += rows;
            }
        }
        if (total < partitions) {
            throw new IllegalArgumentException("ShardedDataset.fromArrow: " + total + " rows in " + files
                    + " cannot fill " + partitions + " partitions");
        }
        List<List<Segment>> specs = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            specs.add(range(all, total * p / partitions, total * (p + 1) / partitions));
        }
        String[] f = features;
        String l = label;
        JavaRDD<Shard> rdd = sc.parallelize(specs, partitions).map(segments -> read(segments, f, l));
        return new ShardedDataset(rdd, "Arrow " + files, classNames);
    }

    /** Rows {@code [from, to)} of a file. */
    record Segment(String file, int from, int to) implements Serializable {
    }

    /** The segments covering global rows {@code [from, to)} of the concatenated files. */
    private static List<Segment> range(List<Segment> files, long from, long to) {
        List<Segment> out = new ArrayList<>();
        long start = 0;
        for (Segment s : files) {
            long end = start + s.to();
            long a = Math.max(from, start);
            long b = Math.min(to, end);
            if (a < b) {
                out.add(new Segment(s.file(), (int) (a - start), (int) (b - start)));
            }
            start = end;
        }
        return out;
    }

    /** Runs on an executor: copies the segments' rows into one shard. */
    static Shard read(List<Segment> segments, String[] features, String label) {
        int rows = segments.stream().mapToInt(s -> s.to() - s.from()).sum();
        ShardWriter out = null;
        for (Segment s : segments) {
            try (ArrowDataset d = open(local(s.file()), features, label)) {
                for (int start = s.from(); start < s.to(); start += CHUNK) {
                    int n = Math.min(CHUNK, s.to() - start);
                    int[] indices = new int[n];
                    for (int i = 0; i < n; i++) {
                        indices[i] = start + i;
                    }
                    Batch b = d.batch(indices);
                    if (out == null) {
                        out = new ShardWriter(rows, b);
                    }
                    out.append(b);
                }
            }
        }
        return out.finish();
    }

    private static ArrowDataset open(String file, String[] features, String label) {
        ArrowDataset.Builder b = ArrowDataset.builder(Path.of(file));
        if (features != null) {
            b.features(features);
        }
        if (label != null) {
            b.label(label);
        }
        return b.open();
    }

    /** The file at its path, else a copy shipped with {@code addFile}, else an error naming the host. */
    private static String local(String file) {
        if (Files.isRegularFile(Path.of(file))) {
            return file;
        }
        String name = Path.of(file).getFileName().toString();
        String shipped = null;
        try {
            shipped = SparkFiles.get(name);
        } catch (RuntimeException e) {
            // no SparkContext files on this JVM: report the path below
        }
        if (shipped != null && Files.isRegularFile(Path.of(shipped))) {
            return shipped;
        }
        throw new IllegalStateException("backprop4j-spark: executor on host " + host() + " cannot read " + file
                + "; put the file on a file system every executor sees at that path, or ship it with "
                + "SparkContext.addFile");
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "(unknown)";
        }
    }

    /** Fills a shard's arrays batch by batch. */
    private static final class ShardWriter {
        private final int[] featureDims;
        private final float[] features;
        private final long[] classes;
        private final int[] targetDims;
        private final float[] targets;
        private final int rows;
        private int filled;

        ShardWriter(int rows, Batch first) {
            this.rows = rows;
            int[] fd = first.features().shape().toArray();
            this.featureDims = java.util.Arrays.copyOfRange(fd, 1, fd.length);
            this.features = new float[Math.multiplyExact(rows, first.features().shape().numel() / fd[0])];
            Tensor l = first.labels();
            boolean isClass = l != null && !l.dtype().isFloatingPoint();
            this.classes = isClass ? new long[rows] : null;
            int[] ld = l == null || isClass ? null : l.shape().toArray();
            this.targetDims = ld == null ? null : java.util.Arrays.copyOfRange(ld, 1, ld.length);
            this.targets = ld == null ? null : new float[Math.multiplyExact(rows, l.numel() / ld[0])];
        }

        void append(Batch b) {
            int n = b.size();
            float[] f = b.features().toFloatArray();
            System.arraycopy(f, 0, features, filled * (f.length / n), f.length);
            if (classes != null) {
                System.arraycopy(b.labels().toLongArray(), 0, classes, filled, n);
            } else if (targets != null) {
                float[] t = b.labels().toFloatArray();
                System.arraycopy(t, 0, targets, filled * (t.length / n), t.length);
            }
            filled += n;
        }

        Shard finish() {
            return new Shard(featureDims, features, classes, targetDims, targets, rows);
        }
    }
}
