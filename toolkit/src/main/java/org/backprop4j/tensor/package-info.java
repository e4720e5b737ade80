/**
 * Tensors: {@link org.backprop4j.tensor.Tensor}, the fluent facade users touch; {@link org.backprop4j.array.Shape};
 * {@link org.backprop4j.array.DType}; {@link org.backprop4j.array.Storage}, the heap array views share; and
 * {@link org.backprop4j.array.Rng}, the seeded generator behind every random factory.
 */
package org.backprop4j.tensor;
