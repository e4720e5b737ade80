package org.backprop4j.optim;

/**
 * Settings with a momentum that a schedule may cycle (PyTorch's {@code OneCycleLR}): SGD's and RMSprop's
 * {@code momentum}, Adam's and AdamW's {@code beta1}.
 *
 * @param <H> the record type itself
 */
public interface HasMomentum<H extends Hyperparameters<H>> {
    /** The momentum, or beta1 for the Adam family. */
    double momentum();

    /**
     * The same settings with another momentum (beta1 for the Adam family).
     *
     * @throws IllegalArgumentException if the value is out of the optimizer's range
     */
    H withMomentum(double momentum);
}
