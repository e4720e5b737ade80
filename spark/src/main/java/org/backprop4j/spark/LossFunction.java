package org.backprop4j.spark;

import java.io.Serializable;

import org.backprop4j.data.Batch;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.MSELoss;
import org.backprop4j.nn.Module;
import org.backprop4j.tensor.Tensor;

/**
 * The mean loss of a model on a batch, a scalar that {@code backward()} differentiates (serializable, so Spark can
 * ship it to the executors). It must average over the batch, as the toolkit's losses do by default: the driver
 * averages the partitions' gradients, which then equal the gradient of the mean loss over the global batch.
 *
 * <pre>{@code
 * LossFunction loss = (model, batch) -> new CrossEntropyLoss().forward(model.call(batch.features().div(255)),
 *         batch.labels());
 * }</pre>
 */
@FunctionalInterface
public interface LossFunction extends Serializable {
    /** The mean loss of {@code model} on {@code batch}, a scalar tensor. */
    Tensor loss(Module model, Batch batch);

    /** Cross-entropy of the model's logits {@code [B, C]} against class labels {@code [B]}. */
    static LossFunction crossEntropy() {
        return (model, batch) -> new CrossEntropyLoss().forward(model.call(batch.features()), batch.labels());
    }

    /** Mean squared error of the model's output against float targets of the same shape. */
    static LossFunction meanSquaredError() {
        return (model, batch) -> new MSELoss().forward(model.call(batch.features()), batch.labels());
    }
}
