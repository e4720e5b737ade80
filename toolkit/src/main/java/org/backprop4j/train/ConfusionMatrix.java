package org.backprop4j.train;

import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * Counts of (label, predicted class) pairs: a {@link Metric} with no scalar values, whose summed statistics
 * {@link #toTensor} turns into the matrix, row = label, column = prediction. {@link Evaluation#confusionMatrix()}
 * gives it after {@link Trainer#evaluate}.
 *
 * {@snippet file="TrainSnippets.java" region="confusion"}
 */
public final class ConfusionMatrix implements Metric {
    private final int numClasses;

    /** @throws IllegalArgumentException if {@code numClasses < 2} */
    ConfusionMatrix(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("confusion matrix: need at least 2 classes, got " + numClasses);
        }
        this.numClasses = numClasses;
    }

    public int numClasses() {
        return numClasses;
    }

    @Override
    public String name() {
        return "confusion_matrix";
    }

    @Override
    public double[] statistics(Tensor output, Tensor target) {
        long[] predicted = Metrics.predictedClasses(name(), output, target);
        long[] labels = Metrics.labels(target);
        double[] counts = new double[numClasses * numClasses];
        for (int i = 0; i < labels.length; i++) {
            int row = (int) Metrics.checkLabel(name(), labels[i], numClasses);
            int col = (int) Metrics.checkLabel(name(), predicted[i], numClasses);
            counts[row * numClasses + col]++;
        }
        return counts;
    }

    /** None: a matrix is not a curve. */
    @Override
    public Map<String, Double> values(double[] totals) {
        return Map.of();
    }

    /** The summed counts as a {@code [C, C]} int64 tensor, row = label, column = predicted class. */
    public Tensor toTensor(double[] totals) {
        if (totals.length != numClasses * numClasses) {
            throw new IllegalArgumentException("confusion matrix: expected " + numClasses * numClasses
                    + " counts, got " + totals.length);
        }
        long[] counts = new long[totals.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Math.round(totals[i]);
        }
        return Tensor.of(counts).reshape(numClasses, numClasses);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix(" + numClasses + " classes)";
    }
}
