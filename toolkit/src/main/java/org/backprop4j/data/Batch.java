package org.backprop4j.data;

import org.backprop4j.tensor.Tensor;

/**
 * A batch of examples stacked along a new first dimension: features {@code [B, ...]} and labels {@code [B]} (class
 * indices, int64) or {@code [B, ...]} (targets), or {@code null} labels for a dataset without labels.
 */
public record Batch(Tensor features, Tensor labels) {
    public Batch {
        if (features == null || features.dim() == 0) {
            throw new IllegalArgumentException("Batch: features must have a batch dimension, got "
                    + (features == null ? "null" : "shape " + features.shape()));
        }
        if (labels != null && (labels.dim() == 0 || labels.size(0) != features.size(0))) {
            throw new IllegalArgumentException("Batch: labels of shape " + labels.shape() + " do not match features "
                    + "of shape " + features.shape() + " (both need the batch size as their first dimension)");
        }
    }

    /** The number of examples, {@code B}. */
    public int size() {
        return features.size(0);
    }
}
