package org.backprop4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as a dataset: named feature columns become one float32 vector per row, the label
 * column becomes class indices (string column; or a numeric one with {@link Builder#classification}) or float32
 * targets (numeric column). Numeric features can be standardized, {@code (x - mean) / std} with the population
 * std; string features become one-hot blocks or class indices. The fitted {@link Encoding} (means, stds,
 * categories, class names) carries over to other tables, so a test table is encoded exactly as the training table.
 *
 * {@snippet file="DataDisplaySnippets.java" region="tableDataset"}
 */
public final class TableDataset implements Dataset {
    /** How string columns become numbers. */
    public enum Categorical { ONE_HOT, INDEX }

    /**
     * What was learned from the training table: per numeric feature its mean and std (0 and 1 when not
     * standardized), per string feature its categories (sorted), and the label's class names.
     */
    public record Encoding(Map<String, double[]> scaling, Map<String, List<String>> categories,
            Categorical categorical, List<String> classNames) {
        public Encoding {
            scaling = Collections.unmodifiableMap(new LinkedHashMap<>(scaling));
            categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
            classNames = List.copyOf(classNames);
        }
    }

    private final TensorDataset data;
    private final Encoding encoding;
    private final List<String> featureNames;

    private TableDataset(TensorDataset data, Encoding encoding, List<String> featureNames) {
        this.data = data;
        this.encoding = encoding;
        this.featureNames = List.copyOf(featureNames);
    }

    public static Builder builder(Table table) {
        return new Builder(table);
    }

    /** The encoding fitted on (or given for) this table. */
    public Encoding encoding() {
        return encoding;
    }

    /** The name of each feature position: a column name, or {@code column=category} for one-hot blocks. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** All features {@code [N, F]} float32. */
    public Tensor features() {
        return data.features();
    }

    /** All labels {@code [N]} int64 (classes) or {@code [N, 1]} float32 (targets), or null. */
    public Tensor labels() {
        return data.labels();
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public Sample get(int index) {
        return data.get(index);
    }

    @Override
    public Batch batch(int[] indices) {
        return data.batch(indices);
    }

    @Override
    public List<String> classNames() {
        return encoding.classNames();
    }

    @Override
    public String toString() {
        return data.toString();
    }

    /** Which columns to read, and how. */
    public static final class Builder {
        private final Table table;
        private List<String> features;
        private String label;
        private boolean standardize;
        private boolean classification;
        private Categorical categorical = Categorical.ONE_HOT;
        private Encoding encoding;

        private Builder(Table table) {
            this.table = table;
        }

        public Builder features(String... columns) {
            this.features = List.of(columns);
            return this;
        }

        public Builder label(String column) {
            this.label = column;
            return this;
        }

        /** Standardize numeric feature columns with the mean and population std of this table. */
        public Builder standardize(boolean standardize) {
            this.standardize = standardize;
            return this;
        }

        /** How string feature columns are encoded: one-hot blocks (default) or a single class-index column. */
        public Builder categorical(Categorical categorical) {
            this.categorical = categorical;
            return this;
        }

        /** Read a numeric label column as class indices (whole numbers from 0) rather than targets. */
        public Builder classification(boolean classification) {
            this.classification = classification;
            return this;
        }

        /** Encode with {@code encoding} (from the training table) instead of fitting one. */
        public Builder encoding(Encoding encoding) {
            this.encoding = encoding;
            return this;
        }

        /**
         * @throws DataException if a column is missing or of a type that cannot serve, a value is missing, a
         *     category or class was not seen when the encoding was fitted, or a column has zero variance to
         *     standardize
         */
        public TableDataset build() {
            String source = "table '" + table.name() + "'";
            if (features == null || features.isEmpty()) {
                throw new DataException(source, "features", "name at least one feature column; the table has "
                        + table.columnNames());
            }
            int n = table.rowCount();
            Map<String, double[]> scaling = new LinkedHashMap<>();
            Map<String, List<String>> categories = new LinkedHashMap<>();
            Categorical cat = encoding != null ? encoding.categorical() : categorical;
            List<String> names = new ArrayList<>();
            List<double[]> blocks = new ArrayList<>();
            for (String name : features) {
                Column<?> col = column(source, name);
                if (col instanceof NumericColumn<?> || col instanceof BooleanColumn) {
                    double[] v = numbers(source, col);
                    double[] ms = encoding != null ? encoding.scaling().get(name) : standardize ? meanStd(source,
                            name, v) : new double[] {0, 1};
                    if (ms == null) {
                        throw new DataException(source, name, "the encoding has no scaling for this column");
                    }
                    for (int i = 0; i < n; i++) {
                        v[i] = (v[i] - ms[0]) / ms[1];
                    }
                    scaling.put(name, ms);
                    names.add(name);
                    blocks.add(v);
                } else if (col instanceof StringColumn s) {
                    List<String> cats = encoding != null ? encoding.categories().get(name) : distinct(source, s);
                    if (cats == null) {
                        throw new DataException(source, name, "the encoding has no categories for this column");
                    }
                    categories.put(name, cats);
                    long[] idx = indices(source, s, cats);
                    if (cat == Categorical.INDEX) {
                        double[] v = new double[n];
                        for (int i = 0; i < n; i++) {
                            v[i] = idx[i];
                        }
                        names.add(name);
                        blocks.add(v);
                    } else {
                        for (int c = 0; c < cats.size(); c++) {
                            double[] v = new double[n];
                            for (int i = 0; i < n; i++) {
                                v[i] = idx[i] == c ? 1 : 0;
                            }
                            names.add(name + "=" + cats.get(c));
                            blocks.add(v);
                        }
                    }
                } else {
                    throw new DataException(source, name, "is a " + col.type().name() + " column; features must be "
                            + "numeric, boolean or string columns");
                }
            }
            int width = blocks.size();
            float[] x = new float[Math.multiplyExact(n, width)];
            for (int j = 0; j < width; j++) {
                double[] b = blocks.get(j);
                for (int i = 0; i < n; i++) {
                    x[i * width + j] = (float) b[i];
                }
            }
            Tensor featureTensor = Tensor.of(Storage.of(x), Shape.of(n, width));
            Tensor labelTensor = null;
            List<String> classNames = List.of();
            if (label != null) {
                Column<?> col = column(source, label);
                if (col instanceof StringColumn s) {
                    classNames = encoding != null ? encoding.classNames() : distinct(source, s);
                    labelTensor = Tensor.of(indices(source, s, classNames));
                } else if (col instanceof NumericColumn<?> || col instanceof BooleanColumn) {
                    double[] v = numbers(source, col);
                    if (classification || encoding != null && !encoding.classNames().isEmpty()) {
                        long[] idx = new long[n];
                        int classes = encoding != null && !encoding.classNames().isEmpty()
                                ? encoding.classNames().size() : Integer.MAX_VALUE;
                        for (int i = 0; i < n; i++) {
                            if (!(v[i] >= 0 && v[i] < classes) || v[i] != Math.rint(v[i])) {
                                throw new DataException(source, label, "value " + v[i] + " at row " + i + " is not a "
                                        + "class index" + (classes == Integer.MAX_VALUE ? " (a whole number >= 0)"
                                        : " in [0, " + classes + ")"));
                            }
                            idx[i] = (long) v[i];
                        }
                        labelTensor = Tensor.of(idx);
                        if (classNames.isEmpty()) {
                            long max = -1;
                            for (long c : idx) {
                                max = Math.max(max, c);
                            }
                            List<String> generated = new ArrayList<>();
                            for (long c = 0; c <= max; c++) {
                                generated.add(Long.toString(c));
                            }
                            classNames = encoding != null ? encoding.classNames() : generated;
                        }
                    } else {
                        float[] y = new float[n];
                        for (int i = 0; i < n; i++) {
                            y[i] = (float) v[i];
                        }
                        labelTensor = Tensor.of(Storage.of(y), Shape.of(n, 1));
                    }
                } else {
                    throw new DataException(source, label, "is a " + col.type().name() + " column; a label must be "
                            + "a string (classes) or numeric column");
                }
            }
            Encoding enc = new Encoding(scaling, categories, cat, classNames);
            return new TableDataset(new TensorDataset(featureTensor, labelTensor, classNames, "TableDataset(" + source
                    + ")"), enc, names);
        }

        private Column<?> column(String source, String name) {
            if (!table.columnNames().contains(name)) {
                throw new DataException(source, name, "no such column; the table has " + table.columnNames());
            }
            return table.column(name);
        }

        private static double[] numbers(String source, Column<?> col) {
            double[] v = new double[col.size()];
            for (int i = 0; i < v.length; i++) {
                if (col.isMissing(i)) {
                    throw new DataException(source, col.name(), "missing value at row " + i + " (drop or fill missing "
                            + "values first, e.g. table.dropRowsWithMissingValues())");
                }
                v[i] = col instanceof BooleanColumn b ? (b.get(i) ? 1 : 0) : ((NumericColumn<?>) col).getDouble(i);
            }
            return v;
        }

        private static double[] meanStd(String source, String name, double[] v) {
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= Math.max(1, v.length);
            double var = 0;
            for (double x : v) {
                var += (x - mean) * (x - mean);
            }
            double std = Math.sqrt(var / Math.max(1, v.length));
            if (!(std > 0)) {
                throw new DataException(source, name, "has zero variance (all values " + mean + "), so it cannot be "
                        + "standardized; drop the column");
            }
            return new double[] {mean, std};
        }

        private static List<String> distinct(String source, StringColumn s) {
            TreeSet<String> seen = new TreeSet<>();
            for (int i = 0; i < s.size(); i++) {
                if (s.isMissing(i)) {
                    throw new DataException(source, s.name(), "missing value at row " + i);
                }
                seen.add(s.get(i));
            }
            return List.copyOf(seen);
        }

        private static long[] indices(String source, StringColumn s, List<String> categories) {
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < categories.size(); i++) {
                index.put(categories.get(i), i);
            }
            long[] out = new long[s.size()];
            for (int i = 0; i < out.length; i++) {
                if (s.isMissing(i)) {
                    throw new DataException(source, s.name(), "missing value at row " + i);
                }
                Integer c = index.get(s.get(i));
                if (c == null) {
                    throw new DataException(source, s.name(), "value '" + s.get(i) + "' at row " + i + " is not one of "
                            + "the categories " + categories + " seen when the encoding was fitted");
                }
                out[i] = c;
            }
            return out;
        }
    }
}
