package org.backprop4j.nn;

import org.backprop4j.ops.MarginLosses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Multi-label hinge loss, as PyTorch's {@code nn.MultiLabelMarginLoss}: input {@code [N, C]} (or {@code [C]}) and
 * int64 targets of the same shape listing each sample's classes, ended by the first -1;
 * {@code sum over listed j, unlisted i of max(0, 1 - (x[y_j] - x[i])) / C}.
 */
public class MultiLabelMarginLoss extends Loss {
    public MultiLabelMarginLoss() {
        this(Reduction.MEAN);
    }

    public MultiLabelMarginLoss(Reduction reduction) {
        super(checked("MultiLabelMarginLoss", reduction));
    }

    /**
     * @throws IllegalArgumentException if the shapes differ or the target is not int64
     * @throws IndexOutOfBoundsException if a target is outside {@code [-1, C)}
     */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return LayerErrors.named(this, () -> MarginLosses.multiLabelMargin(input, target, reduction));
    }
}
