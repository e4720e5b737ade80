package org.backprop4j.tensor;

/** The result of {@code max(dim)} or {@code min(dim)}: the values (differentiable) and their int64 indices. */
public record ValuesAndIndices(Tensor values, Tensor indices) {
}
