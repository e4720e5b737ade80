package org.backprop4j.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * What {@link Trainer#evaluate} measured over a loader: the mean loss and every metric's values by name, and the
 * confusion matrix when one was among the metrics.
 *
 * @param examples the number of examples seen
 * @param values {@code loss} and the metrics' values, in the metrics' order
 * @param confusionMatrix {@code [C, C]} int64 counts (row = label, column = prediction), or null
 */
public record Evaluation(long examples, Map<String, Double> values, Tensor confusionMatrix) {
    public Evaluation {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The value named {@code name}, e.g. {@code accuracy}.
     *
     * @throws IllegalArgumentException if there is none; the message lists the names there are
     */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("Evaluation: no value '" + name + "'; there are " + values.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Evaluation(" + examples + " examples");
        values.forEach((k, v) -> sb.append(", ").append(k).append(' ').append(History.format(v)));
        return sb.append(')').toString();
    }
}
