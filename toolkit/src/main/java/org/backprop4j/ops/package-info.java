/**
 * Op families, each op's forward beside its derivative rule: {@link org.backprop4j.ops.Elementwise},
 * {@link org.backprop4j.ops.Comparison}, {@link org.backprop4j.ops.Reductions}, {@link org.backprop4j.ops.LinAlg},
 * {@link org.backprop4j.ops.Shaping}, {@link org.backprop4j.ops.Joins}, {@link org.backprop4j.ops.Indexing},
 * {@link org.backprop4j.ops.Activations} and {@link org.backprop4j.ops.InPlace}. Package-private kernels hold the
 * loops over strided operands.
 */
package org.backprop4j.ops;
