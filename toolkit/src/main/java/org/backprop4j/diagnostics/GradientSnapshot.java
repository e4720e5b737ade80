package org.backprop4j.diagnostics;

import java.util.List;
import java.util.Locale;

import org.backprop4j.diagnostics.GradientWarning.Kind;

/**
 * What a {@link GradientMonitor} measured at one record: the layers in forward order, every parameter, the latest
 * activation of each hooked module in call order, and the warnings. Its {@code toString()} is a table; a notebook
 * shows it as a table with the gradient-flow chart.
 *
 * {@snippet file="TrainSnippets.java" region="snapshot"}
 */
public record GradientSnapshot(long step, List<LayerStats> layers, List<ParameterStats> parameters,
        List<ActivationStats> activations, List<GradientWarning> warnings) {

    public GradientSnapshot {
        layers = List.copyOf(layers);
        parameters = List.copyOf(parameters);
        activations = List.copyOf(activations);
        warnings = List.copyOf(warnings);
    }

    /** True when nothing was flagged. */
    public boolean healthy() {
        return warnings.isEmpty();
    }

    public List<GradientWarning> warnings(Kind kind) {
        return warnings.stream().filter(w -> w.kind() == kind).toList();
    }

    /**
     * The layer at dotted {@code path} ({@code ""} for parameters the model owns itself).
     *
     * @throws IllegalArgumentException naming the layers there are, if none has that path
     */
    public LayerStats layer(String path) {
        return layers.stream().filter(l -> l.path().equals(path)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("GradientSnapshot.layer: no layer '" + path + "'; the layers are "
                        + layers.stream().map(LayerStats::path).toList()));
    }

    /**
     * The latest activation statistics of the module at {@code path}.
     *
     * @throws IllegalArgumentException naming the recorded modules, if none has that path
     */
    public ActivationStats activation(String path) {
        return activations.stream().filter(a -> a.path().equals(path)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("GradientSnapshot.activation: no activation of '" + path + "'; "
                        + "recorded: " + activations.stream().map(ActivationStats::path).toList()
                        + " (activations need GradientMonitor.attach before the forward pass)"));
    }

    /** {@code x} in 3 significant digits, in scientific notation when very small or large. */
    static String number(double x) {
        double a = Math.abs(x);
        if (a == 0) {
            return "0";
        }
        return Double.isFinite(a) && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", x)
                : String.format(Locale.ROOT, "%.3g", x);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "GradientSnapshot step %d: %d layers, %s%n",
                step, layers.size(), warnings.isEmpty() ? "healthy" : warnings.size() + " warnings"));
        int width = Math.max(8, layers.stream().mapToInt(l -> l.path().length()).max().orElse(0) + 2);
        String row = "%-" + width + "s%-18s%12s%12s%12s%12s%14s%n";
        sb.append(String.format(Locale.ROOT, row, "layer", "type", "grad norm", "mean |g|", "max |g|", "weight norm",
                "update/weight"));
        for (LayerStats l : layers) {
            sb.append(String.format(Locale.ROOT, row, l.path().isEmpty() ? "(model)" : l.path(), l.type(),
                    number(l.gradNorm()), number(l.gradMeanAbs()), number(l.gradMaxAbs()), number(l.weightNorm()),
                    Double.isNaN(l.updateRatio()) ? "-" : number(l.updateRatio())));
        }
        if (!activations.isEmpty()) {
            int w = Math.max(8, activations.stream().mapToInt(a -> a.path().length()).max().orElse(0) + 2);
            String arow = "%-" + w + "s%-18s%11s%11s%11s%11s%8s%8s%n";
            sb.append(String.format(Locale.ROOT, arow, "output", "type", "mean", "std", "min", "max", "zeros",
                    "dead"));
            for (ActivationStats a : activations) {
                sb.append(String.format(Locale.ROOT, arow, a.path(), a.type(), number(a.mean()), number(a.std()),
                        number(a.min()), number(a.max()), percent(a.zeroFraction()), percent(a.deadFraction())));
            }
        }
        for (GradientWarning w : warnings) {
            sb.append(w).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }
}
