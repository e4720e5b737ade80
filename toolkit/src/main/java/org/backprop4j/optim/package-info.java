/**
 * Optimizers with parameter groups and state dicts ({@link org.backprop4j.optim.SGD}, {@link
 * org.backprop4j.optim.RMSprop}, {@link org.backprop4j.optim.Adagrad}, {@link org.backprop4j.optim.Adam}, {@link
 * org.backprop4j.optim.AdamW}, {@link org.backprop4j.optim.LBFGS}) and gradient clipping ({@link
 * org.backprop4j.optim.GradClipping}); learning-rate schedules are in {@code optim.schedule}. Every algorithm is
 * PyTorch's, with PyTorch's defaults and operation order, so float64 trajectories agree with PyTorch's to about
 * 1e-15.
 */
package org.backprop4j.optim;
