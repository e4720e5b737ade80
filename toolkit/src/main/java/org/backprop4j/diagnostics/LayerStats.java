package org.backprop4j.diagnostics;

import java.util.List;

/**
 * One layer (a module that owns parameters) at one record, over all of its own parameters together: the 2-norm of
 * their gradients, the mean and largest absolute gradient element, the count of NaN or infinite gradient elements,
 * the weights' 2-norm and the update-to-weight ratio since the previous record (NaN at the first). Layers are in
 * the order the forward pass last called them.
 */
public record LayerStats(String path, String type, List<String> parameters, boolean hasGradient, double gradNorm,
        double gradMeanAbs, double gradMaxAbs, long nonFiniteGrads, double weightNorm, double updateRatio) {

    public LayerStats {
        parameters = List.copyOf(parameters);
    }

    /** How messages name the layer: {@code 'features.0' (Conv2d)}, or {@code the model (Net)} for its own. */
    public String describe() {
        return (path.isEmpty() ? "the model" : "'" + path + "'") + " (" + type + ")";
    }
}
