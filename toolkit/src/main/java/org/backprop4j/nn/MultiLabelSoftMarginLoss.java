package org.backprop4j.nn;

import org.backprop4j.ops.MarginLosses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Multi-label one-versus-all logistic loss, as PyTorch's {@code nn.MultiLabelSoftMarginLoss}:
 * {@code -(y logSigmoid(x) + (1 - y) logSigmoid(-x))}, times an optional per-class {@code weight} (a buffer, as in
 * PyTorch), averaged over the classes; targets are 0 or 1 of the input's shape {@code [N, C]}.
 */
public class MultiLabelSoftMarginLoss extends Loss {
    final Buffer weight;

    public MultiLabelSoftMarginLoss() {
        this(null, Reduction.MEAN);
    }

    /** With per-class weights {@code [C]} (null for none). */
    public MultiLabelSoftMarginLoss(Tensor weight, Reduction reduction) {
        super(checked("MultiLabelSoftMarginLoss", reduction));
        this.weight = weight == null ? null : new Buffer(weight);
    }

    /** @throws IllegalArgumentException if the shapes or dtypes differ */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return LayerErrors.named(this, () -> MarginLosses.multiLabelSoftMargin(input, target, weight, reduction));
    }
}
