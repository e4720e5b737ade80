package org.backprop4j.optim;

/**
 * The settings of one parameter group (learning rate, weight decay, ...): an immutable record per optimizer whose
 * constructor validates every value, with withers. {@link Optimizer#setLr} and the schedules go through
 * {@link #withLr}.
 *
 * @param <H> the record type itself
 */
public interface Hyperparameters<H extends Hyperparameters<H>> {
    /** The learning rate. */
    double lr();

    /**
     * The same settings with another learning rate.
     *
     * @throws IllegalArgumentException if {@code lr} is negative, infinite or NaN
     */
    H withLr(double lr);
}
