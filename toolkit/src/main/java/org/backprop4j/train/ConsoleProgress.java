package org.backprop4j.train;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Consumer;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar per epoch ({@code me.tongfei:progressbar}): batches done, the running loss and metrics,
 * batches per second and the time left; at the epoch's end the validation values. It redraws from its own thread at
 * most every {@value #REFRESH_MILLIS} ms, so a step costs only a few field writes. The default display of a
 * {@link Trainer} outside notebooks.
 *
 * {@snippet file="TrainSnippets.java" region="console"}
 */
public final class ConsoleProgress implements Callback {
    static final int REFRESH_MILLIS = 250;

    private final java.util.function.Supplier<ProgressBarConsumer> consumer;
    private ProgressBar bar;
    private int width;
    private long lastMessageNanos;
    private long epochStartNanos;

    /** Draws on standard error. */
    public ConsoleProgress() {
        this(System.err);
    }

    /** Draws on {@code out}, redrawing one line in place. */
    public ConsoleProgress(PrintStream out) {
        this.consumer = () -> {
            if (width <= 0) {
                // The terminal's width, asked once per fit: JLine asks the tty (an stty process) every time
                // otherwise, which cost about a quarter of a second per epoch bar.
                width = new ConsoleProgressBarConsumer(out).getMaxRenderedLength();
            }
            return new ConsoleProgressBarConsumer(out, width);
        };
    }

    /** Hands each rendered line to {@code lines} (a logger, a test), at most {@code width} characters. */
    public ConsoleProgress(Consumer<String> lines, int width) {
        this.consumer = () -> new DelegatingProgressBarConsumer(lines, width);
    }

    @Override
    public void onFitStart(Trainer trainer) {
        width = 0;
        if (trainer.batch() > 0) {
            open(trainer);   // a resumed epoch
        }
    }

    @Override
    public void onEpochStart(Trainer trainer, int epoch) {
        open(trainer);
    }

    private void open(Trainer trainer) {
        close();
        epochStartNanos = System.nanoTime();
        lastMessageNanos = epochStartNanos - REFRESH_MILLIS * 1_000_000L;
        bar = new ProgressBarBuilder()
                .setTaskName("epoch " + (trainer.epoch() + 1) + "/" + trainer.maxEpochs())
                .setInitialMax(trainer.numBatches())
                .startsFrom(trainer.batch(), Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(REFRESH_MILLIS)
                .setUnit(" batches", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setConsumer(consumer.get())
                .build();
    }

    @Override
    public void onStepEnd(Trainer trainer, History.StepRecord step) {
        if (bar == null) {
            open(trainer);
        }
        bar.stepTo(trainer.batch());
        long now = System.nanoTime();
        if (now - lastMessageNanos >= REFRESH_MILLIS * 1_000_000L) {   // formatted only as often as it is drawn
            bar.setExtraMessage(describe(trainer.runningValues()));
            lastMessageNanos = now;
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, History.EpochRecord epoch) {
        if (bar != null) {
            bar.stepTo(bar.getMax());
            bar.setExtraMessage(describe(epoch.values()));
        }
        close();
    }

    @Override
    public void onFitEnd(Trainer trainer) {
        if (bar != null && trainer.stopReason() != null) {
            bar.setExtraMessage("stopped: " + trainer.stopReason());
        }
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Seconds since the current epoch's bar opened (for tests). */
    double secondsOpen() {
        return (System.nanoTime() - epochStartNanos) / 1e9;
    }

    static String describe(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (!k.equals("lr") && !k.matches(".*_\\d+$")) {   // per-class values would not fit on a line
                sb.append(sb.isEmpty() ? "" : " ").append(k).append(' ').append(History.format(v));
            }
        });
        return sb.toString();
    }
}
