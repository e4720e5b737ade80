package org.backprop4j.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;

/** The label column of an {@link ArrowDataset}: how it is read, and the class names when it holds classes. */
final class ArrowLabels {
    private enum Kind { DICTIONARY, STRING, INTEGER, TARGET }

    private final String file;
    private final String name;
    private final int index;
    private final Kind kind;
    private final ArrowColumns.Numeric numeric;
    private final List<String> classNames;
    private final Map<String, Integer> classIndex;
    private final DType dtype;

    private ArrowLabels(String file, String name, int index, Kind kind, ArrowColumns.Numeric numeric,
            List<String> classNames, DType dtype) {
        this.file = file;
        this.name = name;
        this.index = index;
        this.kind = kind;
        this.numeric = numeric;
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
        this.classIndex = new HashMap<>();
        for (int i = 0; i < this.classNames.size(); i++) {
            classIndex.putIfAbsent(this.classNames.get(i), i);
        }
        this.dtype = kind == Kind.TARGET ? dtype : DType.INT64;
    }

    static ArrowLabels of(ArrowFileSource src, Field field, int index, List<String> given, DType dtype) {
        String col = field.getName();
        if (field.getDictionary() != null) {
            Dictionary dict = src.dictionary(field.getDictionary().getId());
            ArrowColumns.Leaf leaf = ArrowColumns.Leaf.of(field.getDictionary().getIndexType());
            if (dict == null || leaf == null) {
                throw new DataException(src.name(), col, "its dictionary (id " + field.getDictionary().getId()
                        + ") is missing or its index type is not an integer");
            }
            FieldVector names = dict.getVector();
            List<String> fromFile = new java.util.ArrayList<>();
            for (int i = 0; i < names.getValueCount(); i++) {
                Object v = names.getObject(i);
                if (v == null) {
                    throw new DataException(src.name(), col, "class name " + i + " in its dictionary is null");
                }
                fromFile.add(v.toString());
            }
            if (given != null && !given.equals(fromFile)) {
                throw new DataException(src.name(), col, "the class names given " + given + " differ from the "
                        + "file's dictionary " + fromFile);
            }
            var numeric = new ArrowColumns.Numeric(col, index, leaf, 1, Shape.scalar(), 0);
            return new ArrowLabels(src.name(), col, index, Kind.DICTIONARY, numeric, fromFile, dtype);
        }
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
            List<String> names = given != null ? given : distinctStrings(src, index);
            return new ArrowLabels(src.name(), col, index, Kind.STRING, null, names, dtype);
        }
        ArrowColumns.Numeric numeric = ArrowColumns.Numeric.of(field, index);
        if (numeric == null) {
            throw new DataException(src.name(), col, "is " + ArrowDataset.describe(field) + ", which is not a label "
                    + "column: expected a dictionary, string, integer or float column (or a FixedSizeList of floats)");
        }
        if (numeric.leaf().isInteger() && numeric.depth() == 0) {
            List<String> names = given;
            if (names == null && col.equals(src.metadata().get(ArrowNames.LABEL))) {
                names = ArrowNames.fromJson(src.metadata().get(ArrowNames.CLASS_NAMES));
            }
            return new ArrowLabels(src.name(), col, index, Kind.INTEGER, numeric, names, dtype);
        }
        if (given != null) {
            throw new DataException(src.name(), col, "holds " + numeric.describe() + " targets, which cannot have "
                    + "class names");
        }
        if ((double) src.rows() * numeric.width() * Math.max(numeric.leaf().size, 0.125) > src.fileSize()) {
            throw new DataException(src.name(), col, "declares " + src.rows() + " rows of " + numeric.width()
                    + " targets, more than the file's " + src.fileSize() + " bytes can hold (truncated or corrupt)");
        }
        return new ArrowLabels(src.name(), col, index, Kind.TARGET, numeric, null, dtype);
    }

    /** The sorted distinct values of a string column, by one pass over the file. */
    private static List<String> distinctStrings(ArrowFileSource src, int index) {
        TreeSet<String> seen = new TreeSet<>();
        for (int b = 0; b < src.numBatches(); b++) {
            FieldVector v = src.batch(b).getVector(index);
            for (int r = 0; r < v.getValueCount(); r++) {
                Object o = v.getObject(r);
                if (o != null) {
                    seen.add(o.toString());
                }
            }
        }
        return List.copyOf(seen);
    }

    List<String> classNames() {
        return classNames;
    }

    DType dtype() {
        return dtype;
    }

    int width() {
        return kind == Kind.TARGET ? numeric.width() : 1;
    }

    Shape batchShape(int n) {
        if (kind != Kind.TARGET || numeric.depth() == 0) {
            return Shape.of(n);
        }
        int[] s = numeric.shape().toArray();
        int[] dims = new int[s.length + 1];
        dims[0] = n;
        System.arraycopy(s, 0, dims, 1, s.length);
        return Shape.of(dims);
    }

    void checkNulls(VectorSchemaRoot root, int rowStart) {
        int bad = ArrowColumns.firstNull(root.getVector(index), numeric == null ? 0 : numeric.depth());
        if (bad >= 0) {
            throw new DataException(file, name, "null label at row " + (rowStart + bad));
        }
    }

    /** Copies {@code run} labels from row {@code local} of {@code root} to batch rows {@code dstRow...}. */
    void copy(VectorSchemaRoot root, int local, int run, Storage dst, int dstRow, int globalRow) {
        FieldVector v = root.getVector(index);
        int w = width();
        switch (kind) {
            case TARGET -> ArrowColumns.copy(numeric.leafVector(v), numeric.leaf(), (long) local * w, run * w, dst,
                    dstRow * w);
            case STRING -> {
                long[] out = dst.longs();
                for (int r = 0; r < run; r++) {
                    Object o = v.getObject(local + r);
                    if (o == null) {
                        throw new DataException(file, name, "null label at row " + (globalRow + r));
                    }
                    String s = o.toString();
                    Integer c = classIndex.get(s);
                    if (c == null) {
                        throw new DataException(file, name, "label '" + s + "' at row " + (globalRow + r)
                                + " is not one of the class names " + classNames);
                    }
                    out[dstRow + r] = c;
                }
            }
            case DICTIONARY, INTEGER -> {
                ArrowColumns.copy(v, numeric.leaf(), local, run, dst, dstRow);
                long[] out = dst.longs();
                int classes = classNames.isEmpty() ? Integer.MAX_VALUE : classNames.size();
                for (int r = 0; r < run; r++) {
                    long c = out[dstRow + r];
                    if (c < 0 || c >= classes) {
                        throw new DataException(file, name, "label " + c + " at row " + (globalRow + r) + " is out of "
                                + "range: expected a class index in [0, " + (classNames.isEmpty() ? "2^31"
                                : classes) + ")" + (classNames.isEmpty() ? "" : " (classes " + classNames + ")"));
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return name + switch (kind) {
            case DICTIONARY, STRING -> " (" + classNames.size() + " classes)";
            case INTEGER -> classNames.isEmpty() ? " (class indices)" : " (" + classNames.size() + " classes)";
            case TARGET -> " (targets " + numeric.shape() + ")";
        };
    }
}
