package org.backprop4j.benchmarks;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

import org.backprop4j.data.ArrowDataset;
import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Datasets;
import org.backprop4j.data.Split;
import org.backprop4j.data.Transforms;
import org.backprop4j.display.TrainingView;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Flatten;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.optim.Adam;
import org.backprop4j.train.Callback;
import org.backprop4j.train.ConsoleProgress;
import org.backprop4j.train.History;
import org.backprop4j.train.Metrics;
import org.backprop4j.train.Trainer;

/**
 * What the progress displays cost an MLP (784-256-10) epoch on Fashion-MNIST (batches of 128): the time spent
 * inside the display callbacks as a share of the epoch, for the console bar and for the notebook's live display
 * (the same throttles as the kernel's NotebookProgress: bar every 250 ms, chart every second at most and no more
 * than 1/50 of the time; all the rendering, without the message to Jupyter). Timing inside the callbacks measures
 * the display alone, which comparing whole epochs on a shared machine could not.
 */
public final class TrainingDisplayBenchmark {
    private TrainingDisplayBenchmark() {
    }

    /** Times every event of {@code inner}. */
    static final class Timed implements Callback {
        final Callback inner;
        long nanos;

        Timed(Callback inner) {
            this.inner = inner;
        }

        private long t() {
            return System.nanoTime();
        }

        @Override public void onFitStart(Trainer t) { long s = t(); inner.onFitStart(t); nanos += t() - s; }
        @Override public void onEpochStart(Trainer t, int e) { long s = t(); inner.onEpochStart(t, e); nanos += t() - s; }
        @Override public void onStepEnd(Trainer t, History.StepRecord r) { long s = t(); inner.onStepEnd(t, r); nanos += t() - s; }
        @Override public void onEpochEnd(Trainer t, History.EpochRecord r) { long s = t(); inner.onEpochEnd(t, r); nanos += t() - s; }
        @Override public void onFitEnd(Trainer t) { long s = t(); inner.onFitEnd(t); nanos += t() - s; }
    }

    /** The kernel's live display without Jupyter: same throttles, all the rendering. */
    static final class LiveView implements Callback {
        long lastBar;
        long lastChart;
        long chartNanos;
        long firstChartNanos;
        byte[] chart;
        int charts;

        @Override
        public void onStepEnd(Trainer trainer, History.StepRecord step) {
            long now = System.nanoTime();
            if (now - lastBar < 250_000_000L) {
                return;
            }
            if (now - lastChart >= Math.max(1_000_000_000L, 50 * chartNanos)) {
                chart = TrainingView.chartPng(trainer);
                lastChart = System.nanoTime();
                chartNanos = lastChart - now;
                if (charts == 0) {
                    firstChartNanos = chartNanos;
                }
                charts++;
            }
            TrainingView.bundle(trainer, chart).toString();
            lastBar = System.nanoTime();
        }

        @Override
        public void onEpochEnd(Trainer trainer, History.EpochRecord epoch) {
            chart = TrainingView.chartPng(trainer);
            TrainingView.bundle(trainer, chart);
            charts++;
        }
    }

    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : Integer.MAX_VALUE;
        try (ArrowDataset data = Datasets.fashionMnist(Split.TRAIN)) {
            for (String kind : new String[] {"none", "console", "live"}) {
                Sequential model = new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
                Adam adam = new Adam(model.parameters(), 1e-3);
                DataLoader loader = DataLoader.builder(data).batchSize(128).shuffle(true).seed(1)
                        .transform(Transforms.toFloat()).build();
                Callback display = switch (kind) {
                    case "console" -> new ConsoleProgress(new PrintStream(OutputStream.nullOutputStream()));
                    case "live" -> new LiveView();
                    default -> new Callback() { };
                };
                Timed timed = new Timed(display);
                Trainer trainer = Trainer.builder(model, new CrossEntropyLoss(), adam).train(loader).epochs(1)
                        .maxSteps(batches).metrics(Metrics.accuracy()).progress(timed).build();
                long start = System.nanoTime();
                trainer.fit();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%-8s %4d steps in %6.2f s; display %.3f s = %.2f%% of the epoch%s%n",
                        kind, trainer.step(), seconds, timed.nanos / 1e9, 100 * timed.nanos / 1e9 / seconds,
                        display instanceof LiveView l ? String.format(Locale.ROOT, " (%d charts drawn; the first, which "
                                + "starts Java2D and loads fonts once per JVM, took %.3f s: %.2f%% without it)", l.charts,
                                l.firstChartNanos / 1e9, 100 * (timed.nanos - l.firstChartNanos) / 1e9 / seconds) : "");
            }
        }
    }
}
