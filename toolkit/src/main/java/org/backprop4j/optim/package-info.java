/**
 * Optimizers with parameter groups and state dicts ({@link org.backprop4j.optim.SGD}, {@link
 * org.backprop4j.optim.RMSprop}, {@link org.backprop4j.optim.Adagrad}, {@link org.backprop4j.optim.Adam}, {@link
 * org.backprop4j.optim.AdamW}, {@link org.backprop4j.optim.LBFGS}) and gradient clipping ({@link
 * org.backprop4j.optim.GradClipping}); learning-rate schedules are in {@code optim.schedule}. Every algorithm is
 * PyTorch's, with PyTorch's defaults and order of operations (fused multiply-adds where ATen's CPU kernels fuse), so
 * fed the same gradients the updates are PyTorch 1.13's bit for bit, in float32 and float64.
 *
 * <p>Inside, each concern has one home: {@link org.backprop4j.optim.Optimizer} holds the groups, the settings and
 * the state table; {@link org.backprop4j.optim.PerParameterOptimizer} steps each parameter through its optimizer's
 * update rule (a function over flat arrays, e.g. {@code AdamRule}); a codec per optimizer (e.g. {@code AdamCodec})
 * maps settings and state to state-dict entries under PyTorch's names.
 */
package org.backprop4j.optim;
