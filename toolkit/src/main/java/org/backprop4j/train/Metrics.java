package org.backprop4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * The usual {@link Metric}s. Classification metrics take outputs {@code [B, C]} (scores or logits: the class is the
 * largest) or, for two classes, {@code [B]} or {@code [B, 1]} logits (class 1 when above 0), and labels {@code [B]}
 * of class indices. Regression metrics compare outputs and targets of one shape.
 *
 * {@snippet file="TrainSnippets.java" region="metrics"}
 */
public final class Metrics {
    private Metrics() {
    }

    /** The fraction of examples whose predicted class is the label, as {@code accuracy}. */
    public static Metric accuracy() {
        return Metric.of("accuracy", (output, target) -> {
            long[] predicted = predictedClasses("accuracy", output, target);
            long[] labels = labels(target);
            double correct = 0;
            for (int i = 0; i < labels.length; i++) {
                correct += predicted[i] == labels[i] ? 1 : 0;
            }
            return new double[] {correct, labels.length};
        }, t -> t[0] / t[1]);
    }

    /**
     * The fraction of examples whose label is among the {@code k} highest scores, as {@code top<k>_accuracy}. A tie
     * at the k-th place counts in the label's favour.
     *
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static Metric topKAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("Metrics.topKAccuracy: k must be at least 1, got " + k);
        }
        String name = "top" + k + "_accuracy";
        return Metric.of(name, (output, target) -> {
            if (output.dim() != 2) {
                throw new IllegalArgumentException(name + ": expected scores [B, C], got " + output.shape());
            }
            checkBatch(name, output, target);
            int rows = output.size(0);
            int classes = output.size(1);
            double[] scores = output.toDoubleArray();
            long[] labels = labels(target);
            double correct = 0;
            for (int i = 0; i < rows; i++) {
                double own = scores[i * classes + (int) checkLabel(name, labels[i], classes)];
                int above = 0;
                for (int c = 0; c < classes; c++) {
                    above += scores[i * classes + c] > own ? 1 : 0;
                }
                correct += above < k ? 1 : 0;
            }
            return new double[] {correct, rows};
        }, t -> t[0] / t[1]);
    }

    /** Counts of (label, predicted class) pairs over {@code numClasses} classes; see {@link ConfusionMatrix}. */
    public static ConfusionMatrix confusionMatrix(int numClasses) {
        return new ConfusionMatrix(numClasses);
    }

    /**
     * Precision, recall and F1 of each class ({@code precision_3}, {@code recall_3}, {@code f1_3}) and their
     * unweighted means over the classes ({@code precision}, {@code recall}, {@code f1}); a class never predicted (or
     * never present) has precision (recall) 0, as scikit-learn's {@code zero_division=0}.
     *
     * @throws IllegalArgumentException if {@code numClasses < 2}
     */
    public static Metric precisionRecallF1(int numClasses) {
        ConfusionMatrix counts = new ConfusionMatrix(numClasses);
        return new Metric() {
            @Override
            public String name() {
                return "precision_recall_f1";
            }

            @Override
            public double[] statistics(Tensor output, Tensor target) {
                return counts.statistics(output, target);
            }

            @Override
            public Map<String, Double> values(double[] totals) {
                int n = numClasses;
                Map<String, Double> out = new LinkedHashMap<>();
                double[] sums = new double[3];
                Map<String, Double> perClass = new LinkedHashMap<>();
                for (int c = 0; c < n; c++) {
                    double tp = totals[c * n + c];
                    double predicted = 0;
                    double actual = 0;
                    for (int j = 0; j < n; j++) {
                        predicted += totals[j * n + c];
                        actual += totals[c * n + j];
                    }
                    double p = predicted == 0 ? 0 : tp / predicted;
                    double r = actual == 0 ? 0 : tp / actual;
                    double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
                    perClass.put("precision_" + c, p);
                    perClass.put("recall_" + c, r);
                    perClass.put("f1_" + c, f);
                    sums[0] += p;
                    sums[1] += r;
                    sums[2] += f;
                }
                out.put("precision", sums[0] / n);
                out.put("recall", sums[1] / n);
                out.put("f1", sums[2] / n);
                out.putAll(perClass);
                return out;
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    /** The mean squared difference of output and target elements, as {@code mse}. */
    public static Metric mse() {
        return Metric.of("mse", (output, target) -> {
            double[][] xy = sameShape("mse", output, target);
            double s = 0;
            for (int i = 0; i < xy[0].length; i++) {
                double d = xy[0][i] - xy[1][i];
                s += d * d;
            }
            return new double[] {s, xy[0].length};
        }, t -> t[0] / t[1]);
    }

    /** The mean absolute difference of output and target elements, as {@code mae}. */
    public static Metric mae() {
        return Metric.of("mae", (output, target) -> {
            double[][] xy = sameShape("mae", output, target);
            double s = 0;
            for (int i = 0; i < xy[0].length; i++) {
                s += Math.abs(xy[0][i] - xy[1][i]);
            }
            return new double[] {s, xy[0].length};
        }, t -> t[0] / t[1]);
    }

    // ---------------------------------------------------------------- helpers

    /** Each example's predicted class: the argmax of {@code [B, C]}, or {@code x > 0} of {@code [B]}, {@code [B, 1]}. */
    static long[] predictedClasses(String metric, Tensor output, Tensor target) {
        checkBatch(metric, output, target);
        int rows = output.size(0);
        double[] v = output.toDoubleArray();
        long[] out = new long[rows];
        if (output.dim() == 1 || (output.dim() == 2 && output.size(1) == 1)) {
            for (int i = 0; i < rows; i++) {
                out[i] = v[i] > 0 ? 1 : 0;
            }
            return out;
        }
        if (output.dim() != 2) {
            throw new IllegalArgumentException(metric + ": expected scores [B, C] or logits [B], got "
                    + output.shape());
        }
        int classes = output.size(1);
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (v[i * classes + c] > v[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    static long[] labels(Tensor target) {
        if (target.dtype().isFloatingPoint()) {
            double[] v = target.reshape(-1).toDoubleArray();
            long[] out = new long[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.round(v[i]);
            }
            return out;
        }
        return target.reshape(-1).toLongArray();
    }

    static long checkLabel(String metric, long label, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(metric + ": label " + label + " is outside [0, " + classes + ")");
        }
        return label;
    }

    static void checkBatch(String metric, Tensor output, Tensor target) {
        if (target == null) {
            throw new IllegalArgumentException(metric + ": the batch has no labels");
        }
        if (output.dim() == 0 || target.numel() != output.size(0)) {
            throw new IllegalArgumentException(metric + ": expected labels [B] for outputs " + output.shape()
                    + ", got " + target.shape());
        }
    }

    private static double[][] sameShape(String metric, Tensor output, Tensor target) {
        if (target == null || !output.shape().equals(target.shape())) {
            throw new IllegalArgumentException(metric + ": output " + output.shape() + " and target "
                    + (target == null ? "(none)" : target.shape()) + " must have the same shape");
        }
        return new double[][] {output.toDoubleArray(), target.toDoubleArray()};
    }
}
