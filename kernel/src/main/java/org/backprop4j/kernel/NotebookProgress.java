package org.backprop4j.kernel;

import java.util.concurrent.atomic.AtomicLong;

import org.backprop4j.display.TrainingView;
import org.backprop4j.train.Callback;
import org.backprop4j.train.History;
import org.backprop4j.train.Trainer;

/**
 * A trainer's progress in a notebook: one output, shown when {@code fit()} starts and updated in place (by display
 * id) with a progress bar and a loss chart that grows. The bar is redrawn at most every {@value #BAR_MILLIS} ms and
 * the chart at most every {@value #CHART_MILLIS} ms and never more often than keeps its drawing under
 * 1/{@value #CHART_COST_SHARE} of the time, so the display costs training a few per cent at most
 * ({@code benchmarks/run-training-display.sh} measures it). The kernel makes it every trainer's default.
 */
final class NotebookProgress implements Callback {
    static final long BAR_MILLIS = 250;
    static final long CHART_MILLIS = 1000;
    static final int CHART_COST_SHARE = 50;
    private static final AtomicLong IDS = new AtomicLong();

    private String id;
    private long lastBar;
    private long lastChart;
    private long chartNanos;
    private byte[] chart;

    @Override
    public void onFitStart(Trainer trainer) {
        refresh(trainer, true, true);
    }

    @Override
    public void onStepEnd(Trainer trainer, History.StepRecord step) {
        long now = System.nanoTime();
        if (now - lastBar < BAR_MILLIS * 1_000_000) {
            return;
        }
        boolean redraw = now - lastChart >= Math.max(CHART_MILLIS * 1_000_000, CHART_COST_SHARE * chartNanos);
        refresh(trainer, redraw, false);
    }

    @Override
    public void onEpochEnd(Trainer trainer, History.EpochRecord epoch) {
        refresh(trainer, true, false);
    }

    @Override
    public void onFitEnd(Trainer trainer) {
        refresh(trainer, true, false);
    }

    private void refresh(Trainer trainer, boolean redrawChart, boolean start) {
        long t0 = System.nanoTime();
        if (redrawChart) {
            byte[] png = TrainingView.chartPng(trainer);
            chart = png != null ? png : chart;
            lastChart = System.nanoTime();
            chartNanos = lastChart - t0;
        }
        var bundle = TrainingView.bundle(trainer, chart);
        if (id == null || start) {   // each fit() gets its own output
            id = "backprop4j-training-" + IDS.incrementAndGet();
            Notebook.display(bundle, id);
        } else {
            Notebook.updateDisplay(id, bundle);
        }
        lastBar = System.nanoTime();
    }
}
