package org.backprop4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * Writes examples to an Arrow IPC file, one record batch per {@link #write} call, atomically: the data goes to a
 * hidden temporary file beside the target, which {@link #commit()} moves into place; closing without a commit (an
 * exception, an interrupt) deletes it, so a reader never sees a partial file.
 *
 * <p>A column of per-example shape {@code []} is a plain Arrow column; any other shape is a {@code FixedSizeList}
 * of {@code shape.numel()} elements whose field metadata {@value ArrowNames#SHAPE} records the shape ("1,28,28").
 * A label column with class names is dictionary-encoded (int32 indices into the names), which pandas reads as a
 * categorical. The schema metadata names the feature and label columns ({@value ArrowNames#FEATURES},
 * {@value ArrowNames#LABEL}) so that {@link ArrowDataset#open(Path)} finds them, and repeats the class names as a
 * JSON array ({@value ArrowNames#CLASS_NAMES}) for readers that do not look at dictionaries.
 *
 * {@snippet file="DataDisplaySnippets.java" region="writer"}
 */
public final class ArrowDatasetWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final List<ColumnSpec> columns;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final FileChannel channel;
    private final ArrowFileWriter writer;
    private final List<Dictionary> dictionaries = new ArrayList<>();
    private long rows;
    private boolean committed;
    private boolean closed;

    private record ColumnSpec(String name, ElementType type, Shape shape, List<String> classNames) {
        boolean dictionary() {
            return classNames != null;
        }
    }

    private ArrowDatasetWriter(Builder b) throws IOException {
        this.target = b.file.toAbsolutePath();
        this.columns = List.copyOf(b.columns.values());
        this.temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
        this.allocator = ArrowMemory.allocator(target.toString(), Long.MAX_VALUE);
        List<Field> fields = new ArrayList<>();
        long dictionaryId = 0;
        for (ColumnSpec c : columns) {
            if (c.dictionary()) {
                DictionaryEncoding enc = new DictionaryEncoding(dictionaryId++, false, new ArrowType.Int(32, true));
                VarCharVector names = new VarCharVector(c.name + ".names", allocator);
                names.allocateNew(c.classNames.size());
                for (int i = 0; i < c.classNames.size(); i++) {
                    names.setSafe(i, c.classNames.get(i).getBytes(StandardCharsets.UTF_8));
                }
                names.setValueCount(c.classNames.size());
                dictionaries.add(new Dictionary(names, enc));
                fields.add(new Field(c.name, new FieldType(false, new ArrowType.Int(32, true), enc), null));
            } else if (c.shape.rank() == 0) {
                fields.add(new Field(c.name, FieldType.notNullable(c.type.arrowType()), null));
            } else {
                Field child = new Field("item", FieldType.notNullable(c.type.arrowType()), null);
                fields.add(new Field(c.name, new FieldType(false, new ArrowType.FixedSizeList(c.shape.numel()), null,
                        Map.of(ArrowNames.SHAPE, ArrowNames.formatShape(c.shape))), List.of(child)));
            }
        }
        Map<String, String> meta = new LinkedHashMap<>(b.metadata);
        meta.put(ArrowNames.FORMAT, ArrowNames.FORMAT_VERSION);
        if (!b.features.isEmpty()) {
            meta.put(ArrowNames.FEATURES, String.join(",", b.features));
        }
        if (b.label != null) {
            meta.put(ArrowNames.LABEL, b.label);
            List<String> names = b.columns.get(b.label).classNames();
            if (names != null) {
                meta.put(ArrowNames.CLASS_NAMES, ArrowNames.toJson(names));
            }
        }
        this.root = VectorSchemaRoot.create(new Schema(fields, meta), allocator);
        DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
        dictionaries.forEach(provider::put);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.writer = new ArrowFileWriter(root, provider, ch);
            writer.start();
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            Files.deleteIfExists(temp);
            releaseMemory();
            throw e;
        }
        this.channel = ch;
    }

    /** A builder for a file at {@code file} (replaced on commit if it exists). */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /**
     * Writes {@code dataset} to {@code file}: its features as column "features", its labels as column "label"
     * (dictionary-encoded when the dataset has class names), in record batches of {@code rowsPerBatch} examples
     * fetched one batch at a time, so the dataset never needs to fit in memory at once.
     *
     * @throws DataException if the dataset is empty, its examples disagree in shape or dtype, or writing fails
     */
    public static void write(Dataset dataset, Path file, int rowsPerBatch) {
        if (dataset.size() == 0) {
            throw new DataException(file.toString(), null, "cannot write an empty dataset (" + dataset + ")");
        }
        if (rowsPerBatch < 1) {
            throw new IllegalArgumentException("ArrowDatasetWriter.write: rowsPerBatch must be positive, got "
                    + rowsPerBatch);
        }
        Batch first = dataset.batch(new int[] {0});
        Builder b = builder(file).features("features", elementType(file, "features", first.features().dtype()),
                rowShape(first.features()));
        if (first.labels() != null) {
            if (!dataset.classNames().isEmpty()) {
                b.labels("label", dataset.classNames());
            } else {
                b.label("label", elementType(file, "label", first.labels().dtype()), rowShape(first.labels()));
            }
        }
        try (ArrowDatasetWriter out = b.open()) {
            for (int start = 0; start < dataset.size(); start += rowsPerBatch) {
                int[] idx = new int[Math.min(rowsPerBatch, dataset.size() - start)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = start + i;
                }
                Batch batch = dataset.batch(idx);
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("features", batch.features());
                if (batch.labels() != null) {
                    values.put("label", batch.labels());
                }
                out.write(values);
            }
            out.commit();
        }
    }

    /**
     * Writes named tensors as columns of one record batch (each tensor's first dimension indexes the rows); the
     * column named {@code labelColumn} (may be null) is dictionary-encoded with {@code classNames} when given.
     */
    public static void write(Path file, Map<String, Tensor> tensors, String labelColumn, List<String> classNames) {
        Builder b = builder(file);
        for (var e : tensors.entrySet()) {
            ElementType type = elementType(file, e.getKey(), e.getValue().dtype());
            if (e.getKey().equals(labelColumn)) {
                if (classNames != null && !classNames.isEmpty()) {
                    b.labels(e.getKey(), classNames);
                } else {
                    b.label(e.getKey(), type, rowShape(e.getValue()));
                }
            } else {
                b.features(e.getKey(), type, rowShape(e.getValue()));
            }
        }
        try (ArrowDatasetWriter out = b.open()) {
            out.write(new LinkedHashMap<>(tensors));
            out.commit();
        }
    }

    private static Shape rowShape(Tensor t) {
        if (t.dim() == 0) {
            throw new DataException("ArrowDatasetWriter", "tensor", "a scalar has no row dimension");
        }
        int[] dims = t.shape().toArray();
        return Shape.of(java.util.Arrays.copyOfRange(dims, 1, dims.length));
    }

    private static ElementType elementType(Path file, String column, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> ElementType.FLOAT32;
            case FLOAT64 -> ElementType.FLOAT64;
            case INT64 -> ElementType.INT64;
            case BOOL -> ElementType.BOOL;
        };
    }

    /** The file this writer commits to. */
    public Path target() {
        return target;
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /**
     * Appends one record batch. {@code values} maps every column to a tensor whose first dimension is the row count
     * and whose remaining dimensions are the column's shape, or, for a UINT8 column, to a {@code byte[]} of
     * {@code rows * shape.numel()} unsigned values.
     *
     * @throws DataException if a column is missing or unknown, row counts differ, a shape does not match, a value
     *     does not fit the column's type or a label is outside its class names; the writer stays usable
     */
    public void write(Map<String, ?> values) {
        if (closed) {
            throw new IllegalStateException("ArrowDatasetWriter(" + target + "): already " + (committed ? "committed"
                    : "closed"));
        }
        for (String key : values.keySet()) {
            if (columns.stream().noneMatch(c -> c.name.equals(key))) {
                throw new DataException(target.toString(), key, "no such column; the columns are " + columnNames());
            }
        }
        int n = -1;
        for (ColumnSpec c : columns) {
            Object v = values.get(c.name);
            if (v == null) {
                throw new DataException(target.toString(), c.name, "missing from this batch; every write needs all "
                        + "columns " + columnNames());
            }
            int r = ArrowFill.rows(target.toString(), c.name, v, c.shape, c.type, c.dictionary());
            if (n >= 0 && r != n) {
                throw new DataException(target.toString(), c.name, "has " + r + " rows but the other columns have "
                        + n);
            }
            n = r;
        }
        try {
            for (ColumnSpec c : columns) {
                FieldVector vector = root.getVector(c.name);
                Object v = values.get(c.name);
                if (c.dictionary()) {
                    ArrowFill.labels(target.toString(), c.name, (IntVector) vector, (Tensor) v, c.classNames.size());
                } else if (vector instanceof FixedSizeListVector list) {
                    ArrowFill.list(target.toString(), c.name, list, v, n, c.type);
                } else if (vector instanceof BitVector bits) {
                    ArrowFill.bits(bits, v, n);
                } else {
                    ArrowFill.flat(target.toString(), c.name, (BaseFixedWidthVector) vector, v, n, c.type);
                }
            }
            root.setRowCount(n);
            writer.writeBatch();
            rows += n;
        } catch (IOException e) {
            throw new DataException(target.toString(), null, "writing record batch failed: " + e, e);
        }
    }

    private List<String> columnNames() {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    /**
     * Finishes the file (footer), forces it to disk and moves it into place atomically.
     *
     * @throws DataException if writing or moving fails; the target is then left as it was
     */
    public void commit() {
        if (closed) {
            throw new IllegalStateException("ArrowDatasetWriter(" + target + "): already " + (committed ? "committed"
                    : "closed"));
        }
        try {
            writer.end();
            channel.force(true);
            channel.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        } catch (IOException e) {
            throw new DataException(target.toString(), null, "committing the file failed: " + e, e);
        } finally {
            close();
        }
    }

    /** Releases memory and, unless committed, deletes the temporary file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the temporary file is deleted below either way
        }
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more can be done; the name starts with a dot and ends in .tmp-<pid>-<nanos>
            }
        }
        releaseMemory();
    }

    private void releaseMemory() {
        if (root != null) {
            root.close();
        }
        dictionaries.forEach(d -> d.getVector().close());
        allocator.close();
    }

    /** The columns and metadata of a file to write. */
    public static final class Builder {
        private final Path file;
        private final Map<String, ColumnSpec> columns = new LinkedHashMap<>();
        private final List<String> features = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private String label;

        private Builder(Path file) {
            this.file = file;
        }

        private Builder add(ColumnSpec spec) {
            if (spec.name == null || spec.name.isEmpty()) {
                throw new IllegalArgumentException("ArrowDatasetWriter(" + file + "): a column needs a name");
            }
            if (columns.putIfAbsent(spec.name, spec) != null) {
                throw new IllegalArgumentException("ArrowDatasetWriter(" + file + "): column '" + spec.name
                        + "' is declared twice");
            }
            return this;
        }

        /** A feature column of {@code type} whose examples have shape {@code shape} ({@code []} for scalars). */
        public Builder features(String name, ElementType type, Shape shape) {
            add(new ColumnSpec(name, type, shape, null));
            features.add(name);
            return this;
        }

        /** A column that is neither features nor label (an id, a weight). */
        public Builder column(String name, ElementType type, Shape shape) {
            return add(new ColumnSpec(name, type, shape, null));
        }

        /** The label column as plain numbers (class indices without names, or regression targets). */
        public Builder label(String name, ElementType type, Shape shape) {
            setLabel(name);
            return add(new ColumnSpec(name, type, shape, null));
        }

        /**
         * The label column as class indices into {@code classNames}, dictionary-encoded.
         *
         * @throws IllegalArgumentException if the names are empty, contain null or repeat
         */
        public Builder labels(String name, List<String> classNames) {
            if (classNames.isEmpty() || classNames.stream().anyMatch(java.util.Objects::isNull)
                    || classNames.stream().distinct().count() != classNames.size()) {
                throw new IllegalArgumentException("ArrowDatasetWriter(" + file + "): class names of '" + name
                        + "' must be non-empty, non-null and distinct, got " + classNames);
            }
            setLabel(name);
            return add(new ColumnSpec(name, ElementType.INT32, Shape.scalar(), List.copyOf(classNames)));
        }

        private void setLabel(String name) {
            if (label != null) {
                throw new IllegalArgumentException("ArrowDatasetWriter(" + file + "): two label columns, '" + label
                        + "' and '" + name + "'");
            }
            label = name;
        }

        /** A key-value pair for the schema's metadata (keys starting with "backprop4j." are reserved). */
        public Builder metadata(String key, String value) {
            if (key.startsWith("backprop4j.")) {
                throw new IllegalArgumentException("ArrowDatasetWriter(" + file + "): metadata key '" + key
                        + "' is reserved");
            }
            metadata.put(key, value);
            return this;
        }

        /**
         * Opens the temporary file and writes the schema.
         *
         * @throws DataException if there are no columns or the file cannot be created
         */
        public ArrowDatasetWriter open() {
            if (columns.isEmpty()) {
                throw new DataException(file.toString(), null, "no columns to write");
            }
            try {
                return new ArrowDatasetWriter(this);
            } catch (IOException e) {
                throw new DataException(file.toString(), null, "cannot create the file: " + e, e);
            }
        }
    }

    static ByteBuffer littleEndian(ByteBuffer b) {
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }
}
