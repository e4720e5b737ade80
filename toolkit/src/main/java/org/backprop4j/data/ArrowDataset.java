package org.backprop4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;

/**
 * A dataset read from an Arrow IPC file, lazily: opening reads the footer, schema and dictionaries; record batches
 * are loaded off-heap when a row in them is first asked for and kept in a cache bounded in bytes (1 GiB unless set),
 * so a file larger than the heap can be iterated. {@link #batch(int[])} copies runs of consecutive rows with one bulk
 * copy per column, straight into the batch tensor.
 *
 * <p>Columns: features are numeric columns (any integer width, float32, float64, bool), each contributing one
 * value, or {@code FixedSizeList} columns of numbers for images and sequences (shape from the field's
 * {@value ArrowNames#SHAPE} metadata, else the list sizes); several feature columns are concatenated into one
 * vector per example. The label is a dictionary-encoded column (class indices, names from the dictionary), a string
 * column (classes named by {@link Builder#classNames} or, without them, the sorted distinct values, found by one
 * pass over the file), an integer column (class indices) or a float column (regression targets). Features come out
 * as float32 (or {@link Builder#dtype float64}), class labels as int64.
 *
 * {@snippet file="DataDisplaySnippets.java" region="arrowDataset"}
 *
 * Thread-safe: reads are serialized, which suits one {@link DataLoader} prefetch thread.
 */
public final class ArrowDataset implements Dataset, AutoCloseable {
    private final ArrowFileSource source;
    private final List<ArrowColumns.Numeric> features;
    private final ArrowLabels labels;
    private final Shape featureShape;
    private final int featureWidth;
    private final DType dtype;
    private boolean closed;

    private ArrowDataset(Builder b) {
        this.source = new ArrowFileSource(b.file, b.cacheBytes);
        try {
            List<Field> fields = source.schema().getFields();
            String labelName = b.label != null ? b.label : source.metadata().get(ArrowNames.LABEL);
            if (labelName == null && b.features == null && fields.stream().anyMatch(f -> f.getName().equals("label"))) {
                labelName = "label";
            }
            List<String> featureNames = b.features != null ? b.features : defaultFeatures(fields, labelName);
            this.dtype = b.dtype;
            this.features = new ArrayList<>();
            int width = 0;
            for (String name : featureNames) {
                int index = indexOf(fields, name);
                ArrowColumns.Numeric n = ArrowColumns.Numeric.of(fields.get(index), index);
                if (n == null) {
                    throw new DataException(source.name(), name, "is " + describe(fields.get(index)) + ", which is not "
                            + "a feature column: expected numbers (int, float, bool) or a FixedSizeList of numbers");
                }
                checkFits(n);
                features.add(n);
                if ((long) width + n.width() > Integer.MAX_VALUE / 8) {
                    throw new DataException(source.name(), name, "the feature columns hold more than 2^28 values "
                            + "per example");
                }
                width += n.width();
            }
            if (features.isEmpty()) {
                throw new DataException(source.name(), "features", "no feature columns (the file has columns "
                        + names(fields) + ")");
            }
            this.featureWidth = width;
            this.featureShape = features.size() == 1 ? features.get(0).shape() : Shape.of(width);
            // Batches loaded while the labels are set up (a scan of string labels) get the feature checks too.
            source.onLoad(this::checkFeatures);
            this.labels = labelName == null ? null
                    : ArrowLabels.of(source, fields.get(indexOf(fields, labelName)), indexOf(fields, labelName),
                            b.classNames, dtype);
            source.onLoad((root, index) -> {
                checkFeatures(root, index);
                if (labels != null) {
                    labels.checkNulls(root, source.rowStart(index));
                }
            });
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /**
     * Checks that the file is large enough for the values a column declares (rows times list size), so that a
     * corrupt schema is reported before anything is allocated for it.
     */
    private void checkFits(ArrowColumns.Numeric c) {
        double bytesPerValue = c.leaf().size == 0 ? 1.0 / 8 : c.leaf().size;
        double needed = (double) source.rows() * c.width() * bytesPerValue;
        if (needed > source.fileSize()) {
            throw new DataException(source.name(), c.name(), "declares " + source.rows() + " rows of " + c.width()
                    + " values, more than the file's " + source.fileSize() + " bytes can hold (truncated or corrupt)");
        }
    }

    /** Opens {@code file} with the feature and label columns its metadata names (else "label" and all others). */
    public static ArrowDataset open(Path file) {
        return builder(file).open();
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    private List<String> defaultFeatures(List<Field> fields, String labelName) {
        String named = source.metadata().get(ArrowNames.FEATURES);
        if (named != null) {
            return Arrays.asList(named.split(","));
        }
        return fields.stream().map(Field::getName).filter(n -> !n.equals(labelName)).toList();
    }

    private int indexOf(List<Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new DataException(source.name(), name, "no such column; the file has columns " + names(fields));
    }

    private static List<String> names(List<Field> fields) {
        return fields.stream().map(Field::getName).toList();
    }

    static String describe(Field f) {
        return "of Arrow type " + f.getType() + (f.getDictionary() != null ? " (dictionary-encoded)" : "");
    }

    @Override
    public synchronized int size() {
        return source.rows();
    }

    /** The shape of one example's features. */
    public Shape featureShape() {
        return featureShape;
    }

    /** The number of record batches in the file. */
    public int numRecordBatches() {
        return source.numBatches();
    }

    @Override
    public List<String> classNames() {
        return labels == null ? List.of() : labels.classNames();
    }

    @Override
    public Sample get(int index) {
        Batch b = batch(new int[] {index});
        return new Sample(b.features().select(0, 0), b.labels() == null ? null : b.labels().select(0, 0));
    }

    /**
     * The rows at {@code indices}: features {@code [B, ...featureShape]}, labels {@code [B]} (or {@code [B, ...]} for
     * targets).
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     * @throws DataException if a record batch is truncated or corrupt, holds nulls, or a label is out of range
     */
    @Override
    public synchronized Batch batch(int[] indices) {
        if (closed) {
            throw new IllegalStateException("ArrowDataset(" + source.name() + ") is closed");
        }
        int n = indices.length;
        if ((long) n * featureWidth > Integer.MAX_VALUE - 8 || labels != null
                && (long) n * labels.width() > Integer.MAX_VALUE - 8) {
            throw new DataException(source.name(), "batch", n + " examples of " + featureShape + " are more than one "
                    + "tensor can hold (2^31-1 elements); ask for fewer at a time");
        }
        Storage f = Storage.allocate(dtype, n * featureWidth);
        Storage l = labels == null ? null : Storage.allocate(labels.dtype(), n * labels.width());
        int rows = source.rows();
        for (int i = 0; i < n; ) {
            int row = java.util.Objects.checkIndex(indices[i], rows);
            int b = source.batchOf(row);
            VectorSchemaRoot root = source.batch(b);
            int start = source.rowStart(b);
            int end = start + root.getRowCount();
            int run = 1;
            while (i + run < n && indices[i + run] == row + run && row + run < end) {
                run++;
            }
            int local = row - start;
            int col = 0;
            for (ArrowColumns.Numeric c : features) {
                var leaf = c.leafVector(root.getVector(c.index()));
                if (features.size() == 1) {
                    ArrowColumns.copy(leaf, c.leaf(), (long) local * c.width(), run * c.width(), f, i * featureWidth);
                } else {
                    for (int r = 0; r < run; r++) {
                        ArrowColumns.copy(leaf, c.leaf(), (long) (local + r) * c.width(), c.width(), f,
                                (i + r) * featureWidth + col);
                    }
                }
                col += c.width();
            }
            if (labels != null) {
                labels.copy(root, local, run, l, i, row);
            }
            i += run;
        }
        int[] dims = new int[featureShape.rank() + 1];
        dims[0] = n;
        System.arraycopy(featureShape.toArray(), 0, dims, 1, featureShape.rank());
        Tensor ft = Tensor.of(f, Shape.of(dims));
        return new Batch(ft, labels == null ? null : Tensor.of(l, labels.batchShape(n)));
    }

    /** Refuses a record batch with nulls in a feature column this dataset reads. */
    private void checkFeatures(VectorSchemaRoot root, int index) {
        for (ArrowColumns.Numeric c : features) {
            int bad = ArrowColumns.firstNull(root.getVector(c.index()), c.depth());
            if (bad >= 0) {
                throw new DataException(source.name(), c.name(), "null at row " + (source.rowStart(index) + bad)
                        + "; features must be complete (fill or drop missing values before writing the file)");
            }
        }
    }

    /** Releases the off-heap record batches and unmaps the file. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            source.close();
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ArrowDataset(").append(source.name()).append(", ").append(source.rows())
                .append(" rows in ").append(source.numBatches())
                .append(source.numBatches() == 1 ? " record batch" : " record batches").append(", features ");
        sb.append(features.stream().map(ArrowColumns.Numeric::describe).toList()).append(" as ").append(dtype)
                .append(' ').append(featureShape);
        if (labels != null) {
            sb.append(", label ").append(labels);
        }
        return sb.append(')').toString();
    }

    /** Which columns to read and how. */
    public static final class Builder {
        private final Path file;
        private List<String> features;
        private String label;
        private List<String> classNames;
        private DType dtype = DType.FLOAT32;
        private long cacheBytes = 1L << 30;

        private Builder(Path file) {
            this.file = file;
        }

        /** The feature columns, concatenated in this order. */
        public Builder features(String... columns) {
            if (columns.length == 0) {
                throw new IllegalArgumentException("ArrowDataset(" + file + "): name at least one feature column");
            }
            this.features = List.of(columns);
            return this;
        }

        /** The label column. */
        public Builder label(String column) {
            this.label = column;
            return this;
        }

        /**
         * Class names for a string or integer label column: a string label maps to its position here; an integer
         * label must lie in {@code [0, names.size())}.
         */
        public Builder classNames(List<String> names) {
            this.classNames = List.copyOf(names);
            return this;
        }

        /** The dtype of features and float targets: FLOAT32 (default) or FLOAT64. */
        public Builder dtype(DType dtype) {
            if (!dtype.isFloatingPoint()) {
                throw new IllegalArgumentException("ArrowDataset(" + file + "): dtype must be float32 or float64, got "
                        + dtype);
            }
            this.dtype = dtype;
            return this;
        }

        /** The most bytes of record batches kept loaded (at least the one in use). */
        public Builder cacheBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("ArrowDataset(" + file + "): cacheBytes must be >= 0, got " + bytes);
            }
            this.cacheBytes = bytes;
            return this;
        }

        /**
         * Opens the file and checks the columns.
         *
         * @throws DataException if the file is missing, truncated or corrupt, or a column is missing or of a type
         *     that cannot serve its role
         */
        public ArrowDataset open() {
            return new ArrowDataset(this);
        }
    }
}
