package org.backprop4j.ops;

/** How {@link Embeddings#embeddingBag} reduces the rows of a bag: their sum, their mean, or their elementwise max. */
public enum BagMode {
    SUM, MEAN, MAX
}
