/**
 * Learning-rate schedules, as PyTorch's {@code torch.optim.lr_scheduler}: each {@link
 * org.backprop4j.optim.schedule.LrSchedule} sets its optimizer's learning rates once at construction and again on
 * every {@code step()}, called after the optimizer's step. {@link org.backprop4j.optim.schedule.ReduceLROnPlateau}
 * steps on a metric instead. The formulas and their order of operations are PyTorch 1.13's, so the sequences agree
 * with PyTorch's to rounding.
 */
package org.backprop4j.optim.schedule;
