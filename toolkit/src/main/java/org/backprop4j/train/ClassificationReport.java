package org.backprop4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.backprop4j.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Per-class precision, recall, F1 and support read off a confusion matrix, as scikit-learn's
 * {@code classification_report}: precision of class c = correct predictions of c / all predictions of c, recall =
 * correct predictions of c / examples of c, F1 their harmonic mean; a class never predicted (or absent) gets
 * precision (recall) 0, as scikit-learn's {@code zero_division=0}. {@link #toTable()} adds the macro average (the
 * plain mean over classes) and the support-weighted average.
 *
 * {@snippet file="AnalysisSnippets.java" region="classificationReport"}
 *
 * @param classNames the name of each class, index = label
 * @param precision per class
 * @param recall per class
 * @param f1 per class
 * @param support examples of each class
 * @param accuracy the fraction of all examples on the diagonal
 */
public record ClassificationReport(List<String> classNames, double[] precision, double[] recall, double[] f1,
        long[] support, double accuracy) {

    public ClassificationReport {
        classNames = List.copyOf(classNames);
        int n = classNames.size();
        if (precision.length != n || recall.length != n || f1.length != n || support.length != n) {
            throw new IllegalArgumentException("ClassificationReport: " + n + " class names, but " + precision.length
                    + " precisions, " + recall.length + " recalls, " + f1.length + " F1 scores and " + support.length
                    + " supports");
        }
        precision = precision.clone();
        recall = recall.clone();
        f1 = f1.clone();
        support = support.clone();
    }

    /**
     * The report of {@code confusionMatrix} ({@code [C, C]} counts, row = label, column = prediction, as
     * {@link Evaluation#confusionMatrix()}), classes named by {@code classNames}.
     *
     * @throws IllegalArgumentException if the matrix is not square, has a negative or non-finite count or no count
     *     at all, or the names are not one per row
     */
    public static ClassificationReport of(Tensor confusionMatrix, List<String> classNames) {
        if (confusionMatrix.dim() != 2 || confusionMatrix.size(0) != confusionMatrix.size(1)) {
            throw new IllegalArgumentException("ClassificationReport.of: expected a square [C, C] confusion matrix, "
                    + "got " + confusionMatrix.shape());
        }
        int n = confusionMatrix.size(0);
        if (classNames.size() != n) {
            throw new IllegalArgumentException("ClassificationReport.of: " + classNames.size() + " class names for a "
                    + n + "x" + n + " confusion matrix");
        }
        double[] c = confusionMatrix.toDoubleArray();
        double total = 0;
        double correct = 0;
        for (int i = 0; i < c.length; i++) {
            if (!(c[i] >= 0) || Double.isInfinite(c[i])) {
                throw new IllegalArgumentException("ClassificationReport.of: count " + c[i] + " at (label "
                        + i / n + ", prediction " + i % n + ") is not a finite non-negative number");
            }
            total += c[i];
            correct += i / n == i % n ? c[i] : 0;
        }
        if (total == 0) {
            throw new IllegalArgumentException("ClassificationReport.of: the confusion matrix counts no example");
        }
        double[] p = new double[n];
        double[] r = new double[n];
        double[] f = new double[n];
        long[] support = new long[n];
        for (int k = 0; k < n; k++) {
            double predicted = 0;
            double actual = 0;
            for (int j = 0; j < n; j++) {
                predicted += c[j * n + k];
                actual += c[k * n + j];
            }
            double tp = c[k * n + k];
            p[k] = predicted == 0 ? 0 : tp / predicted;
            r[k] = actual == 0 ? 0 : tp / actual;
            f[k] = p[k] + r[k] == 0 ? 0 : 2 * p[k] * r[k] / (p[k] + r[k]);
            support[k] = Math.round(actual);
        }
        return new ClassificationReport(classNames, p, r, f, support, correct / total);
    }

    /** The report of {@code confusionMatrix} with classes named "0", "1", .... */
    public static ClassificationReport of(Tensor confusionMatrix) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < (confusionMatrix.dim() == 2 ? confusionMatrix.size(0) : 0); k++) {
            names.add(Integer.toString(k));
        }
        return of(confusionMatrix, names);
    }

    @Override
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public double[] recall() {
        return recall.clone();
    }

    @Override
    public double[] f1() {
        return f1.clone();
    }

    @Override
    public long[] support() {
        return support.clone();
    }

    /** The mean F1 over the classes, each counting the same. */
    public double macroF1() {
        return mean(f1, null);
    }

    /**
     * One row per class (class, precision, recall, f1, support), then {@code macro avg} and {@code weighted avg}
     * (weighted by support); the title gives the accuracy.
     */
    public Table toTable() {
        int n = classNames.size();
        StringColumn names = StringColumn.create("class");
        DoubleColumn p = DoubleColumn.create("precision");
        DoubleColumn r = DoubleColumn.create("recall");
        DoubleColumn f = DoubleColumn.create("f1");
        LongColumn s = LongColumn.create("support");
        for (int k = 0; k < n; k++) {
            names.append(classNames.get(k));
            p.append(round(precision[k]));
            r.append(round(recall[k]));
            f.append(round(f1[k]));
            s.append(support[k]);
        }
        long total = 0;
        for (long x : support) {
            total += x;
        }
        for (boolean weighted : new boolean[] {false, true}) {
            names.append(weighted ? "weighted avg" : "macro avg");
            p.append(round(mean(precision, weighted ? support : null)));
            r.append(round(mean(recall, weighted ? support : null)));
            f.append(round(mean(f1, weighted ? support : null)));
            s.append(total);
        }
        return Table.create(String.format(Locale.ROOT, "accuracy %.4f over %d examples", accuracy, total),
                names, p, r, f, s);
    }

    private static double mean(double[] v, long[] weights) {
        double sum = 0;
        double w = 0;
        for (int k = 0; k < v.length; k++) {
            double weight = weights == null ? 1 : weights[k];
            sum += weight * v[k];
            w += weight;
        }
        return w == 0 ? 0 : sum / w;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-14s %9s %9s %9s %9s%n", "", "precision",
                "recall", "f1", "support"));
        for (int k = 0; k < classNames.size(); k++) {
            sb.append(String.format(Locale.ROOT, "%-14s %9.4f %9.4f %9.4f %9d%n", classNames.get(k), precision[k],
                    recall[k], f1[k], support[k]));
        }
        return sb.append(String.format(Locale.ROOT, "%-14s %9s %9s %9.4f%n%-14s %9s %9s %9.4f", "accuracy", "", "",
                accuracy, "macro f1", "", "", macroF1())).toString();
    }
}
