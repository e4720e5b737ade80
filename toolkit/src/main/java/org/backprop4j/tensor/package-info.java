/**
 * Tensors: {@link org.backprop4j.tensor.Tensor}, the fluent facade users touch; {@link org.backprop4j.tensor.Shape};
 * {@link org.backprop4j.tensor.DType}; {@link org.backprop4j.tensor.Storage}, the heap array views share; and
 * {@link org.backprop4j.tensor.Rng}, the seeded generator behind every random factory.
 */
package org.backprop4j.tensor;
