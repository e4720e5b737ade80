package org.backprop4j.data;

import org.backprop4j.tensor.Tensor;

/**
 * One example of a {@link Dataset}: its features (for an image, shape {@code [C, H, W]}) and its label (a scalar
 * int64 class index, or a float tensor for regression targets), or {@code null} for a dataset without labels.
 */
public record Sample(Tensor features, Tensor label) {
    public Sample {
        if (features == null) {
            throw new IllegalArgumentException("Sample: features must not be null");
        }
    }
}
