package org.backprop4j.train;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.backprop4j.array.internal.Check;
import org.backprop4j.diagnostics.GradientMonitor;
import org.backprop4j.diagnostics.GradientSnapshot;
import org.backprop4j.diagnostics.GradientWarning;
import org.backprop4j.diagnostics.MonitorOptions;

/**
 * Gradient-health diagnostics during {@code fit()}: a {@link GradientMonitor} on the trainer's model, recording
 * every {@code every} steps (after the optimizer step, with that step's gradients still in place). The monitor keeps
 * its forward hooks for a {@code fit()} that resumes; {@code monitor().close()} removes them. Optionally stops training, naming the layer, at the first warning of the chosen kinds (for
 * example non-finite gradients). The monitor keeps the history that {@code GradientPlots} draws.
 *
 * {@snippet file="TrainSnippets.java" region="monitor-callback"}
 */
public final class MonitorCallback implements Callback {
    private final int every;
    private final MonitorOptions options;
    private final Set<GradientWarning.Kind> stopOn;
    private GradientMonitor monitor;

    private MonitorCallback(int every, MonitorOptions options, Set<GradientWarning.Kind> stopOn) {
        this.every = Check.positive("MonitorCallback", "every", every);
        this.options = options;
        this.stopOn = Set.copyOf(stopOn);
    }

    /** Records every {@code steps} optimizer steps, with the default options. */
    public static MonitorCallback every(int steps) {
        return new MonitorCallback(steps, MonitorOptions.DEFAULT, Set.of());
    }

    /** The same with other monitor options (thresholds, histogram bins, history size). */
    public MonitorCallback withOptions(MonitorOptions newOptions) {
        return new MonitorCallback(every, newOptions, stopOn);
    }

    /** The same, also stopping {@code fit()} at the first warning of one of {@code kinds}. */
    public MonitorCallback stoppingOn(GradientWarning.Kind... kinds) {
        return new MonitorCallback(every, options, Set.of(kinds));
    }

    /**
     * The monitor of the current or last {@code fit()}.
     *
     * @throws IllegalStateException before the first {@code fit()}
     */
    public GradientMonitor monitor() {
        if (monitor == null) {
            throw new IllegalStateException("MonitorCallback: no fit() has started yet, so there is no monitor");
        }
        return monitor;
    }

    @Override
    public void onFitStart(Trainer trainer) {
        if (monitor == null || monitor.model() != trainer.model()) {
            monitor = GradientMonitor.attach(trainer.model(), options);
        }
    }

    @Override
    public void onStepEnd(Trainer trainer, History.StepRecord step) {
        if (step.step() % every != 0) {
            return;
        }
        GradientSnapshot snapshot = monitor.record(step.step());
        for (GradientWarning w : snapshot.warnings()) {
            if (stopOn.contains(w.kind())) {
                trainer.requestStop("gradient health at step " + step.step() + ": " + w.message());
                return;
            }
        }
    }

    /** Every warning recorded so far, oldest first. */
    public List<GradientWarning> warnings() {
        return monitor == null ? List.of() : monitor.history().stream().flatMap(s -> s.warnings().stream()).toList();
    }

    @Override
    public Map<String, Object> stateDict() {
        return Map.of();
    }
}
