package org.backprop4j.nn;

import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/** Negative log-likelihood of log-probabilities {@code [N, C, ...]} at int64 class indices, as PyTorch's. */
public class NLLLoss extends Loss {
    final Buffer weight;
    final int ignoreIndex;

    public NLLLoss() {
        this(null, -100, Reduction.MEAN);
    }

    public NLLLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : new Buffer(weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.nll(input, target, weight, ignoreIndex, reduction);
    }
}
