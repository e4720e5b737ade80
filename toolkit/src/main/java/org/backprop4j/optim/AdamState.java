package org.backprop4j.optim;

import org.backprop4j.tensor.Tensor;

/**
 * Adam's and AdamW's state of one parameter: the number of updates so far and the moment estimates, each of the
 * parameter's shape and dtype. The tensors are updated in place; a step returns a record with the next count.
 *
 * @param step updates applied so far
 * @param expAvg first moment {@code m}, PyTorch's {@code exp_avg}
 * @param expAvgSq second moment {@code v}, PyTorch's {@code exp_avg_sq}
 * @param maxExpAvgSq the running maximum of {@code v} for AMSGrad, or null without it
 */
public record AdamState(long step, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq) {
}
