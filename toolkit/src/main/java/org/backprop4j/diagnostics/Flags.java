package org.backprop4j.diagnostics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.backprop4j.diagnostics.GradientWarning.Kind;
import org.backprop4j.nn.Module;

/** The warnings of one record: each layer against the thresholds, then the layers against the last one. */
final class Flags {
    private Flags() {
    }

    static List<GradientWarning> of(Module model, List<LayerStats> layers, List<ParameterStats> parameters,
            MonitorOptions o) {
        List<GradientWarning> out = new ArrayList<>();
        if (!layers.isEmpty() && layers.stream().noneMatch(LayerStats::hasGradient)) {
            out.add(new GradientWarning(Kind.NO_GRADIENT, "", "no parameter of " + model.getClass().getSimpleName()
                    + " has a gradient: record after loss.backward() and before zeroGrad()"));
            return out;
        }
        Set<String> vanishing = new HashSet<>();
        for (LayerStats l : layers) {
            String name = "layer " + l.describe();
            if (!l.hasGradient()) {
                out.add(new GradientWarning(Kind.NO_GRADIENT, l.path(), name + " received no gradient: it was not "
                        + "used in the forward pass, or the backward pass did not reach it (a detach() on the way?)"));
            } else if (l.nonFiniteGrads() > 0) {
                out.add(new GradientWarning(Kind.NON_FINITE, l.path(), name + ": " + l.nonFiniteGrads()
                        + " gradient elements are NaN or infinite (in " + String.join(", ", nonFinite(l, parameters))
                        + "); lower the learning rate, clip gradients, or look for log(0) and 0/0 in the loss"));
            } else if (l.gradNorm() > o.explodingThreshold()) {
                out.add(new GradientWarning(Kind.EXPLODING, l.path(), name + ": gradient norm "
                        + GradientSnapshot.number(l.gradNorm()) + " is above the exploding threshold "
                        + GradientSnapshot.number(o.explodingThreshold())
                        + "; lower the learning rate, clip gradients or check the initialization"));
            } else if (l.gradNorm() < o.vanishingThreshold()) {
                vanishing.add(l.path());
                out.add(new GradientWarning(Kind.VANISHING, l.path(), name + ": gradient norm "
                        + GradientSnapshot.number(l.gradNorm()) + " is below the vanishing threshold "
                        + GradientSnapshot.number(o.vanishingThreshold())));
            }
        }
        shrinking(layers, o, vanishing).ifPresent(out::add);
        return out;
    }

    private static List<String> nonFinite(LayerStats layer, List<ParameterStats> parameters) {
        return parameters.stream().filter(p -> p.nonFiniteGrads() > 0 && layer.parameters().contains(p.name()))
                .map(ParameterStats::name).toList();
    }

    /**
     * The first layer, going back from the last one with a finite positive gradient norm, whose norm is
     * {@code vanishingOrders} orders of magnitude below it (unless already flagged).
     */
    private static Optional<GradientWarning> shrinking(List<LayerStats> layers, MonitorOptions o,
            Set<String> flagged) {
        int last = layers.size() - 1;
        while (last >= 0 && !(layers.get(last).gradNorm() > 0 && Double.isFinite(layers.get(last).gradNorm()))) {
            last--;
        }
        if (last <= 0) {
            return Optional.empty();
        }
        LayerStats top = layers.get(last);
        double limit = top.gradNorm() * Math.pow(10, -o.vanishingOrders());
        for (int i = last - 1; i >= 0; i--) {
            LayerStats l = layers.get(i);
            if (l.hasGradient() && l.gradNorm() < limit) {
                if (flagged.contains(l.path())) {
                    return Optional.empty();
                }
                double orders = Math.log10(top.gradNorm() / l.gradNorm());
                return Optional.of(new GradientWarning(Kind.VANISHING, l.path(), "layer " + l.describe()
                        + ": gradient norm " + GradientSnapshot.number(l.gradNorm()) + " is "
                        + (Double.isInfinite(orders) ? "infinitely many" : String.format(Locale.ROOT,
                        "%.1f", orders)) + " orders of magnitude below the last layer " + top.describe() + ", whose norm is "
                        + GradientSnapshot.number(top.gradNorm()) + ": gradients vanish on the way back to the "
                        + "input; look for saturating activations (sigmoid, tanh) and the initialization"));
            }
        }
        return Optional.empty();
    }
}
