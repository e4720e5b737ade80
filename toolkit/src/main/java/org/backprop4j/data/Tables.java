package org.backprop4j.data;

import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Results as Tablesaw tables, for display, summaries and export ({@code table.write().csv(...)}): tensors as
 * columns, class predictions with confidences and correctness, and metrics.
 */
public final class Tables {
    private Tables() {
    }

    /**
     * One column per entry: 1-D tensors of equal length, float as double columns, int64 as long columns, bool as
     * boolean columns; a {@code [N, 1]} tensor counts as 1-D.
     *
     * @throws DataException if a tensor is not 1-D or the lengths differ
     */
    public static Table of(String name, Map<String, Tensor> columns) {
        Table t = Table.create(name);
        int n = -1;
        for (var e : columns.entrySet()) {
            Tensor v = e.getValue();
            if (v.dim() == 2 && v.size(1) == 1) {
                v = v.reshape(v.size(0));
            }
            if (v.dim() != 1) {
                throw new DataException("table '" + name + "'", e.getKey(), "expected a 1-D tensor, got shape "
                        + e.getValue().shape());
            }
            if (n >= 0 && v.size(0) != n) {
                throw new DataException("table '" + name + "'", e.getKey(), "has " + v.size(0) + " values where the "
                        + "other columns have " + n);
            }
            n = v.size(0);
            t.addColumns(column(e.getKey(), v));
        }
        return t;
    }

    private static Column<?> column(String name, Tensor v) {
        return switch (v.dtype()) {
            case FLOAT32, FLOAT64 -> DoubleColumn.create(name, v.toDoubleArray());
            case INT64 -> LongColumn.create(name, v.toLongArray());
            case BOOL -> {
                BooleanColumn b = BooleanColumn.create(name);
                for (boolean x : v.toBooleanArray()) {
                    b.append(x);
                }
                yield b;
            }
        };
    }

    /**
     * A table of class predictions, one row per example: {@code predicted} (class name), {@code confidence} (its
     * probability), then, when {@code labels} is given, {@code label} and {@code correct}, then {@code p(name)} per
     * class.
     *
     * @param probabilities {@code [N, C]}, each row a probability distribution (apply {@code softmax(1)} to logits)
     * @param classNames C names, or empty for "0", "1", ...
     * @param labels {@code [N]} true class indices, or null
     * @throws DataException if the shapes disagree, a row is not a distribution or a label is out of range
     */
    public static Table predictions(Tensor probabilities, List<String> classNames, Tensor labels) {
        String source = "predictions";
        if (probabilities.dim() != 2) {
            throw new DataException(source, "probabilities", "expected [N, C], got shape " + probabilities.shape());
        }
        int n = probabilities.size(0);
        int c = probabilities.size(1);
        List<String> names = classNames.isEmpty() ? java.util.stream.IntStream.range(0, c).mapToObj(Integer::toString)
                .toList() : classNames;
        if (names.size() != c) {
            throw new DataException(source, "classNames", names.size() + " names for " + c + " classes (shape "
                    + probabilities.shape() + ")");
        }
        if (labels != null && (labels.dim() != 1 || labels.size(0) != n)) {
            throw new DataException(source, "labels", "expected shape [" + n + "], got " + labels.shape());
        }
        double[] p = probabilities.to(DType.FLOAT64).contiguous().toDoubleArray();
        StringColumn predicted = StringColumn.create("predicted");
        DoubleColumn confidence = DoubleColumn.create("confidence");
        StringColumn label = StringColumn.create("label");
        BooleanColumn correct = BooleanColumn.create("correct");
        for (int i = 0; i < n; i++) {
            int best = 0;
            double sum = 0;
            for (int k = 0; k < c; k++) {
                double v = p[i * c + k];
                if (!(v >= 0 && v <= 1)) {
                    throw new DataException(source, "probabilities", "row " + i + " holds " + v + ", not a "
                            + "probability; pass logits.softmax(1)");
                }
                sum += v;
                if (v > p[i * c + best]) {
                    best = k;
                }
            }
            if (Math.abs(sum - 1) > 1e-3) {
                throw new DataException(source, "probabilities", "row " + i + " sums to " + sum + ", not 1; pass "
                        + "logits.softmax(1)");
            }
            predicted.append(names.get(best));
            confidence.append(p[i * c + best]);
            if (labels != null) {
                double y = labels.get(i);
                if (!(y >= 0 && y < c) || y != Math.rint(y)) {
                    throw new DataException(source, "labels", "label " + y + " at row " + i + " is not a class index "
                            + "in [0, " + c + ")");
                }
                label.append(names.get((int) y));
                correct.append((int) y == best);
            }
        }
        Table t = Table.create("predictions", predicted, confidence);
        if (labels != null) {
            t.addColumns(label, correct);
        }
        for (int k = 0; k < c; k++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = p[i * c + k];
            }
            t.addColumns(DoubleColumn.create("p(" + names.get(k) + ")", col));
        }
        return t;
    }

    /** A two-column table ({@code metric}, {@code value}) of named numbers, in the map's order. */
    public static Table metrics(Map<String, ? extends Number> metrics) {
        StringColumn name = StringColumn.create("metric");
        DoubleColumn value = DoubleColumn.create("value");
        metrics.forEach((k, v) -> {
            name.append(k);
            value.append(v.doubleValue());
        });
        return Table.create("metrics", name, value);
    }
}
