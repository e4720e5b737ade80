package org.backprop4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * The running sums of one pass over a loader: the loss weighted by batch size, and each metric's statistics. Plain
 * numbers, so a checkpoint taken in the middle of an epoch holds them and the epoch's means come out the same.
 */
final class EpochSums {
    private final List<Metric> metrics;
    private final double[][] totals;
    private double lossSum;
    private long examples;

    EpochSums(List<Metric> metrics) {
        this.metrics = metrics;
        this.totals = new double[metrics.size()][];
    }

    /** Adds one batch: the metrics' statistics of its outputs, its mean loss and its size. */
    void add(double[][] statistics, double meanLoss, int size) {
        for (int m = 0; m < metrics.size(); m++) {
            double[] s = statistics[m];
            if (totals[m] == null) {
                totals[m] = s.clone();
            } else if (s.length != totals[m].length) {
                throw new IllegalStateException("metric " + metrics.get(m).name() + " gave " + s.length
                        + " statistics for this batch but " + totals[m].length + " before; it must always give the "
                        + "same number");
            } else {
                for (int i = 0; i < s.length; i++) {
                    totals[m][i] += s[i];
                }
            }
        }
        lossSum += meanLoss * size;
        examples += size;
    }

    long examples() {
        return examples;
    }

    /** The mean loss and every metric's values, each name prefixed (e.g. {@code val_}); empty before any batch. */
    Map<String, Double> values(String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (examples == 0) {
            return out;
        }
        out.put(prefix + "loss", lossSum / examples);
        for (int m = 0; m < metrics.size(); m++) {
            if (totals[m] != null) {
                metrics.get(m).values(totals[m]).forEach((k, v) -> out.put(prefix + k, v));
            }
        }
        return out;
    }

    /** The summed statistics of {@code metric}, or null before any batch. */
    double[] totals(Metric metric) {
        int m = metrics.indexOf(metric);
        return m < 0 || totals[m] == null ? null : totals[m].clone();
    }

    Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("loss_sum", lossSum);
        out.put("examples", examples);
        List<Object> all = new ArrayList<>();
        for (double[] t : totals) {
            all.add(t == null ? List.of() : java.util.Arrays.stream(t).boxed().toList());
        }
        out.put("metric_totals", all);
        return out;
    }

    /** @throws IllegalArgumentException if the state was made with other metrics */
    void loadStateDict(Map<String, Object> state) {
        List<?> all = (List<?>) StateValues.require(state, "metric_totals", List.class, "epoch sums");
        if (all.size() != metrics.size()) {
            throw new IllegalArgumentException("epoch sums: saved with " + all.size() + " metrics, the trainer has "
                    + metrics.size());
        }
        double[][] loaded = new double[metrics.size()][];
        for (int m = 0; m < loaded.length; m++) {
            double[] t = StateValues.doubles(all.get(m), "epoch sums: metric " + metrics.get(m).name());
            loaded[m] = t.length == 0 ? null : t;
        }
        double loss = StateValues.number(state, "loss_sum", "epoch sums").doubleValue();
        long n = StateValues.number(state, "examples", "epoch sums").longValue();
        System.arraycopy(loaded, 0, totals, 0, loaded.length);
        lossSum = loss;
        examples = n;
    }
}
