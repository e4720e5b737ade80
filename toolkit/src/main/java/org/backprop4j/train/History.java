package org.backprop4j.train;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * The record of a training run: one {@link EpochRecord} per finished epoch (mean loss and metrics of the epoch,
 * validation values with a {@code val_} prefix, the learning rate) and one {@link StepRecord} per optimizer step.
 * {@link #toTable()} gives a Tablesaw table, {@link #plot} an XChart chart of training against validation curves;
 * in a notebook a history shows as both.
 *
 * {@snippet file="TrainSnippets.java" region="history"}
 */
public final class History {
    /**
     * One finished epoch.
     *
     * @param epoch the epoch's number, from 0
     * @param step optimizer steps done at its end
     * @param seconds the time spent training and validating in it
     * @param values {@code loss}, the metrics, {@code val_...}, {@code lr}
     */
    public record EpochRecord(int epoch, long step, double seconds, Map<String, Double> values) {
        public EpochRecord {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** The value named {@code key}, or NaN when the epoch has none. */
        public double get(String key) {
            return values.getOrDefault(key, Double.NaN);
        }
    }

    /**
     * One optimizer step.
     *
     * @param step its number, from 1
     * @param epoch the epoch it belongs to
     * @param batch the index of its first batch in the epoch
     * @param examples the examples it learned from (all its micro-batches)
     * @param loss the mean loss over those examples
     * @param lr the first parameter group's learning rate it used
     * @param gradNorm the total gradient norm before any clipping (of the norm type of {@code clipGradNorm}, else
     *        the 2-norm)
     */
    public record StepRecord(long step, int epoch, int batch, int examples, double loss, double lr, double gradNorm) {
    }

    private static final Color[] COLORS = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9)};

    private final List<EpochRecord> epochs = new ArrayList<>();
    private final List<StepRecord> steps = new ArrayList<>();
    private String stopReason;

    /** The finished epochs, in order (an unmodifiable view). */
    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The optimizer steps, in order (an unmodifiable view). */
    public List<StepRecord> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** Every value name recorded, in the order first seen. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (EpochRecord e : epochs) {
            keys.addAll(e.values().keySet());
        }
        return keys;
    }

    /** {@code key} of every epoch (NaN where an epoch has none), e.g. {@code get("val_loss")}. */
    public double[] get(String key) {
        return epochs.stream().mapToDouble(e -> e.get(key)).toArray();
    }

    /** Why the last {@code fit()} stopped before its budget (early stopping, a time budget, ...), or null. */
    public String stopReason() {
        return stopReason;
    }

    void addEpoch(EpochRecord record) {
        epochs.add(record);
    }

    void addStep(StepRecord record) {
        steps.add(record);
    }

    void setStopReason(String reason) {
        stopReason = reason;
    }

    // ---------------------------------------------------------------- tables and charts

    /** One row per epoch: {@code epoch}, {@code step}, every value, {@code seconds}. */
    public Table toTable() {
        Table t = Table.create("history");
        t.addColumns(IntColumn.create("epoch", epochs.stream().mapToInt(EpochRecord::epoch).toArray()),
                LongColumn.create("step", epochs.stream().mapToLong(EpochRecord::step).toArray()));
        for (String key : keys()) {
            t.addColumns(DoubleColumn.create(key, get(key)));
        }
        return t.addColumns(DoubleColumn.create("seconds", epochs.stream().mapToDouble(EpochRecord::seconds)));
    }

    /** One row per optimizer step: step, epoch, batch, examples, loss, lr, grad_norm. */
    public Table stepsTable() {
        return Table.create("steps",
                LongColumn.create("step", steps.stream().mapToLong(StepRecord::step).toArray()),
                IntColumn.create("epoch", steps.stream().mapToInt(StepRecord::epoch).toArray()),
                IntColumn.create("batch", steps.stream().mapToInt(StepRecord::batch).toArray()),
                IntColumn.create("examples", steps.stream().mapToInt(StepRecord::examples).toArray()),
                DoubleColumn.create("loss", steps.stream().mapToDouble(StepRecord::loss)),
                DoubleColumn.create("lr", steps.stream().mapToDouble(StepRecord::lr)),
                DoubleColumn.create("grad_norm", steps.stream().mapToDouble(StepRecord::gradNorm)));
    }

    /**
     * Per-epoch curves of {@code keys} (default {@code loss}), each with its {@code val_} twin when recorded,
     * against the number of epochs done.
     *
     * @throws IllegalArgumentException if no epoch has finished or a key was never recorded
     */
    public XYChart plot(String... keys) {
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("History.plot: no epoch has finished yet");
        }
        List<String> wanted = keys.length == 0 ? List.of("loss") : List.of(keys);
        Set<String> known = keys();
        XYChart chart = chart(String.join(", ", wanted), "epoch", wanted.size() == 1 ? wanted.get(0) : "value");
        double[] x = epochs.stream().mapToDouble(e -> e.epoch() + 1).toArray();
        for (String key : wanted) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("History.plot: no value '" + key + "' was recorded; there are "
                        + known);
            }
            addSeries(chart, key, x, get(key));
            if (known.contains("val_" + key)) {
                addSeries(chart, "val_" + key, x, get("val_" + key));
            }
        }
        return chart;
    }

    /** The loss of every optimizer step against the step number. */
    public XYChart plotSteps() {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("History.plotSteps: no step was taken yet");
        }
        XYChart chart = chart("loss per step", "step", "loss");
        XYSeries s = chart.addSeries("loss", steps.stream().mapToDouble(StepRecord::step).toArray(),
                steps.stream().mapToDouble(StepRecord::loss).toArray());
        s.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xE6E6E6));
        chart.getStyler().setSeriesColors(COLORS);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return chart;
    }

    private static void addSeries(XYChart chart, String name, double[] x, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
    }

    // ---------------------------------------------------------------- state

    /** The whole history as plain values (lists of numbers by column), for checkpoints. */
    public Map<String, Object> stateDict() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("epoch", epochs.stream().map(r -> (long) r.epoch()).toList());
        e.put("step", epochs.stream().map(EpochRecord::step).toList());
        e.put("seconds", epochs.stream().map(EpochRecord::seconds).toList());
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : keys()) {
            values.put(key, epochs.stream().map(r -> r.get(key)).toList());
        }
        e.put("values", values);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", steps.stream().map(StepRecord::step).toList());
        s.put("epoch", steps.stream().map(r -> (long) r.epoch()).toList());
        s.put("batch", steps.stream().map(r -> (long) r.batch()).toList());
        s.put("examples", steps.stream().map(r -> (long) r.examples()).toList());
        s.put("loss", steps.stream().map(StepRecord::loss).toList());
        s.put("lr", steps.stream().map(StepRecord::lr).toList());
        s.put("grad_norm", steps.stream().map(StepRecord::gradNorm).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("epochs", e);
        out.put("steps", s);
        if (stopReason != null) {
            out.put("stop_reason", stopReason);
        }
        return out;
    }

    /**
     * Replaces this history with one saved by {@link #stateDict()}.
     *
     * @throws IllegalArgumentException if an entry is missing, of the wrong type, or columns differ in length
     */
    public void loadStateDict(Map<String, Object> state) {
        Map<String, Object> e = StateValues.map(state, "epochs", "history");
        long[] epoch = StateValues.longs(e.get("epoch"), "history: epochs.epoch");
        long[] step = column(e, "step", epoch.length);
        double[] seconds = StateValues.doubles(e.get("seconds"), "history: epochs.seconds");
        Map<String, Object> values = StateValues.map(e, "values", "history: epochs");
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (Map.Entry<String, Object> v : values.entrySet()) {
            columns.put(v.getKey(), checkLength(StateValues.doubles(v.getValue(), "history: values." + v.getKey()),
                    epoch.length, v.getKey()));
        }
        checkLength(seconds, epoch.length, "seconds");
        Map<String, Object> s = StateValues.map(state, "steps", "history");
        long[] sStep = StateValues.longs(s.get("step"), "history: steps.step");
        int n = sStep.length;
        long[] sEpoch = column(s, "epoch", n);
        long[] sBatch = column(s, "batch", n);
        long[] sExamples = column(s, "examples", n);
        double[] loss = checkLength(StateValues.doubles(s.get("loss"), "history: steps.loss"), n, "loss");
        double[] lr = checkLength(StateValues.doubles(s.get("lr"), "history: steps.lr"), n, "lr");
        double[] norm = checkLength(StateValues.doubles(s.get("grad_norm"), "history: steps.grad_norm"), n, "grad_norm");
        Object reason = state.get("stop_reason");
        List<EpochRecord> newEpochs = new ArrayList<>();
        for (int i = 0; i < epoch.length; i++) {
            Map<String, Double> v = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> c : columns.entrySet()) {
                if (!Double.isNaN(c.getValue()[i])) {
                    v.put(c.getKey(), c.getValue()[i]);
                }
            }
            newEpochs.add(new EpochRecord((int) epoch[i], step[i], seconds[i], v));
        }
        List<StepRecord> newSteps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            newSteps.add(new StepRecord(sStep[i], (int) sEpoch[i], (int) sBatch[i], (int) sExamples[i], loss[i], lr[i],
                    norm[i]));
        }
        epochs.clear();
        epochs.addAll(newEpochs);
        steps.clear();
        steps.addAll(newSteps);
        stopReason = reason instanceof String r ? r : null;
    }

    private static long[] column(Map<String, Object> m, String key, int length) {
        long[] v = StateValues.longs(m.get(key), "history: " + key);
        if (v.length != length) {
            throw new IllegalArgumentException("history: column '" + key + "' has " + v.length + " entries, expected "
                    + length);
        }
        return v;
    }

    private static double[] checkLength(double[] v, int length, String key) {
        if (v.length != length) {
            throw new IllegalArgumentException("history: column '" + key + "' has " + v.length + " entries, expected "
                    + length);
        }
        return v;
    }

    static String format(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 1e-3 || v == 0 ? "%.4f" : "%.3e", v);
    }

    /** One line per epoch with its values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History(" + epochs.size() + " epochs, " + steps.size() + " steps"
                + (stopReason == null ? "" : "; stopped: " + stopReason) + ")");
        for (EpochRecord e : epochs) {
            sb.append("\n  epoch ").append(e.epoch()).append(" step ").append(e.step());
            e.values().forEach((k, v) -> sb.append("  ").append(k).append(' ').append(format(v)));
        }
        return sb.toString();
    }
}
