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

    /**
     * Runs {@link #forward(Tensor, Tensor)} the way {@link #call(Tensor)} runs a layer: with the forward hooks, which
     * see {@code input} and the loss. PyTorch's {@code loss_fn(input, target)}.
     */
    public final Tensor call(Tensor input, Tensor target) {
        return invoke(input, () -> forward(input, target), loss -> loss);
    }

    /**
     * {@code reduction}, refused when null or BATCH_MEAN (which only {@link KLDivLoss} takes), naming the loss
     * {@code type}.
     */
    static Reduction checked(String type, Reduction reduction) {
        if (reduction == null || reduction == Reduction.BATCH_MEAN) {
            throw new IllegalArgumentException(type + ": reduction must be NONE, MEAN or SUM, got " + reduction
                    + (reduction == null ? "" : " (only KLDivLoss takes BATCH_MEAN)"));
        }
        return reduction;
    }

    @Override
    protected String extraRepr() {
        return "reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT);
    }
}
