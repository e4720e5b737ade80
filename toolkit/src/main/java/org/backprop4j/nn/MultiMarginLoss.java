package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.MarginLosses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Multi-class hinge loss, as PyTorch's {@code nn.MultiMarginLoss}: for input {@code [N, C]} (or {@code [C]}) and class
 * indices {@code [N]}, {@code sum over i != y of w[y] max(0, margin - x[y] + x[i])^p / C} with {@code p} 1 (default)
 * or 2, margin default 1, and optional per-class weights {@code w} (a buffer, as in PyTorch).
 */
public class MultiMarginLoss extends Loss {
    final int p;
    final double margin;
    final Buffer weight;

    public MultiMarginLoss() {
        this(1, 1.0, null, Reduction.MEAN);
    }

    /** @throws IllegalArgumentException if {@code p} is not 1 or 2 */
    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        super(checked("MultiMarginLoss", reduction));
        Check.require(p == 1 || p == 2, "MultiMarginLoss", () -> "only p = 1 and p = 2 are supported, got " + p);
        this.p = p;
        this.margin = margin;
        this.weight = weight == null ? null : new Buffer(weight);
    }

    /**
     * @throws IllegalArgumentException if a shape does not fit
     * @throws IndexOutOfBoundsException if a target class is outside {@code [0, C)}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return LayerErrors.named(this, () -> MarginLosses.multiMargin(input, target, p, margin, weight, reduction));
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (p != 1 ? ", p=" + p : "") + (margin != 1 ? ", margin=" + margin : "");
    }
}
