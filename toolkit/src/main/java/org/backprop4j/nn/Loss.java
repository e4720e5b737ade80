package org.backprop4j.nn;

import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** A loss module: {@code forward(input, target)} reduced by its {@link Reduction} (default MEAN). */
public abstract class Loss extends Module {
    final Reduction reduction;

    Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    public Reduction reduction() {
        return reduction;
    }

    public abstract Tensor forward(Tensor input, Tensor target);

    @Override
    protected String extraRepr() {
        return "reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT);
    }
}
