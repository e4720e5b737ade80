package org.backprop4j.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop4j.train.History;
import org.backprop4j.train.Trainer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What a live training display shows: a progress bar (epoch, batch, step, the running loss and metrics) and a chart
 * of the loss per step with the epochs' training and validation losses, which grows as training goes on. The
 * notebook kernel's progress display updates one output with it; {@link #chartPng} is the costly part, so callers
 * redraw the chart less often than the bar.
 *
 * {@snippet file="TrainSnippets.java" region="training-view"}
 */
public final class TrainingView {
    /** At most this many points per curve, so drawing costs the same at step 100 and at step 100,000. */
    static final int MAX_POINTS = 400;

    private TrainingView() {
    }

    /** The progress bar and, when {@code chartPng} is not null, the chart under it. */
    public static MimeBundle bundle(Trainer trainer, byte[] chartPng) {
        Progress bar = progress(trainer);
        MimeBundle b = bar.toMimeBundle();
        String html = b.text(MimeBundle.HTML);
        if (chartPng != null) {
            html += "<img src=\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(chartPng)
                    + "\" width=\"" + Plots.WIDTH + "\" alt=\"training loss\">";
        }
        String stop = trainer.stopReason();
        if (stop != null) {
            html += "<div style=\"font-family:monospace;color:#a33\">stopped: " + Html.escape(stop) + "</div>";
        }
        return MimeBundle.ofText(b.plainText() + (stop == null ? "" : "\nstopped: " + stop))
                .withHtml("<div class=\"backprop4j-training\">" + html + "</div>");
    }

    /** The progress bar alone: batches of the epoch in progress, with the running values. */
    public static Progress progress(Trainer trainer) {
        int n = Math.max(1, trainer.numBatches());
        StringBuilder detail = new StringBuilder("step " + trainer.step());
        Map<String, Double> values = trainer.runningValues();
        if (values.isEmpty() && !trainer.history().epochs().isEmpty()) {
            values = trainer.history().epochs().getLast().values();
        }
        values.forEach((k, v) -> {
            if (!k.equals("lr") && !k.matches(".*_\\d+$")) {
                detail.append("  ").append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v));
            }
        });
        boolean between = trainer.batch() == 0 && trainer.epoch() > 0;
        int epoch = between ? trainer.epoch() : trainer.epoch() + 1;
        return new Progress("epoch " + epoch + "/" + trainer.maxEpochs(), between ? n : Math.min(n, trainer.batch()),
                n, detail.toString());
    }

    /** The loss chart as PNG (drawn at 1x: it is redrawn often), or null before the first step. */
    public static byte[] chartPng(Trainer trainer) {
        XYChart chart = chart(trainer);
        return chart == null ? null : ChartRenderer.png(chart, 1);
    }

    /** Loss per step (thinned to {@value #MAX_POINTS} points), and per epoch for training and validation. */
    static XYChart chart(Trainer trainer) {
        History h = trainer.history();
        List<History.StepRecord> steps = h.steps();
        if (steps.isEmpty()) {
            return null;
        }
        XYChart chart = Plots.line("Training", "step", "loss");
        int stride = Math.max(1, (steps.size() + MAX_POINTS - 1) / MAX_POINTS);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < steps.size(); i += stride) {   // the mean of each stride, so spikes do not alias
            double s = 0;
            int k = 0;
            for (int j = i; j < Math.min(steps.size(), i + stride); j++, k++) {
                s += steps.get(j).loss();
            }
            x.add((double) steps.get(Math.min(steps.size(), i + stride) - 1).step());
            y.add(s / k);
        }
        chart.addSeries("loss per step", x, y).setMarker(SeriesMarkers.NONE);
        for (String key : List.of("loss", "val_loss")) {
            List<Double> ex = new ArrayList<>();
            List<Double> ey = new ArrayList<>();
            for (History.EpochRecord e : h.epochs()) {
                if (e.values().containsKey(key)) {
                    ex.add((double) e.step());
                    ey.add(e.get(key));
                }
            }
            if (!ex.isEmpty()) {
                chart.addSeries(key.equals("loss") ? "epoch loss" : "epoch val_loss", ex, ey)
                        .setMarker(SeriesMarkers.CIRCLE);
            }
        }
        chart.getStyler().setLegendVisible(true);
        return chart;
    }
}
