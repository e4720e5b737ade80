package org.backprop4j.train;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

import org.backprop4j.tensor.Tensor;

/**
 * A quantity measured over an epoch from the model's outputs and the targets, kept as sums: {@link #statistics}
 * gives one batch's, the trainer adds them up over the epoch, and {@link #values} turns the totals into the numbers
 * the {@link History} records. Sums make the result independent of how the epoch is cut into batches, and let a
 * checkpoint store an epoch half done. {@link Metrics} has the usual ones.
 *
 * {@snippet file="TrainSnippets.java" region="metric"}
 */
public interface Metric {
    /** The name the values are recorded under ({@code accuracy}; validation values get a {@code val_} prefix). */
    String name();

    /**
     * The sums this metric needs from one batch, always of the same length; computed without gradients.
     *
     * @param output the model's output for the batch, {@code [B, ...]}
     * @param target the batch's labels or targets, {@code [B, ...]}
     */
    double[] statistics(Tensor output, Tensor target);

    /** The values from the statistics summed over the epoch, by name (often just {@code name() -> value}). */
    Map<String, Double> values(double[] totals);

    /**
     * A metric with one value, {@code value} of the summed statistics.
     *
     * @throws NullPointerException if an argument is null
     */
    static Metric of(String name, BiFunction<Tensor, Tensor, double[]> statistics, ToDoubleFunction<double[]> value) {
        Objects.requireNonNull(name, "Metric.of: name");
        Objects.requireNonNull(statistics, "Metric.of: statistics");
        Objects.requireNonNull(value, "Metric.of: value");
        return new Metric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double[] statistics(Tensor output, Tensor target) {
                return statistics.apply(output, target);
            }

            @Override
            public Map<String, Double> values(double[] totals) {
                return Map.of(name, value.applyAsDouble(totals));
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
