package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Cross-entropy of logits {@code [N, C, ...]} against int64 class indices {@code [N, ...]} or class
 * probabilities of the logits' shape; with class weights, an ignore index (default -100) and label smoothing, as
 * PyTorch's, which also refuses an ignore index of 0 or more with probability targets.
 *
 * {@snippet file="NnSnippets.java" region="crossEntropy"}
 */
public class CrossEntropyLoss extends Loss {
    final Buffer weight;
    final int ignoreIndex;
    final double labelSmoothing;

    public CrossEntropyLoss() {
        this(null, -100, 0, Reduction.MEAN);
    }

    public CrossEntropyLoss(Tensor weight, int ignoreIndex, double labelSmoothing, Reduction reduction) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: labelSmoothing must be in [0, 1], got "
                    + labelSmoothing);
        }
        this.weight = weight == null ? null : new Buffer(weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    public CrossEntropyLoss withWeight(Tensor classWeights) {
        return new CrossEntropyLoss(classWeights, ignoreIndex, labelSmoothing, reduction);
    }

    public CrossEntropyLoss withIgnoreIndex(int index) {
        return new CrossEntropyLoss(weight, index, labelSmoothing, reduction);
    }

    public CrossEntropyLoss withLabelSmoothing(double epsilon) {
        return new CrossEntropyLoss(weight, ignoreIndex, epsilon, reduction);
    }

    public CrossEntropyLoss withReduction(Reduction value) {
        return new CrossEntropyLoss(weight, ignoreIndex, labelSmoothing, value);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (ignoreIndex != -100 ? ", ignoreIndex=" + ignoreIndex : "")
                + (labelSmoothing != 0 ? ", labelSmoothing=" + labelSmoothing : "");
    }
}
