package org.backprop4j.ops;

/** How a loss combines its per-element values: as they are, their mean, their sum, or (KL divergence) sum / N. */
public enum Reduction {
    NONE, MEAN, SUM, BATCH_MEAN
}
