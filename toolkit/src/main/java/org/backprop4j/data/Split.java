package org.backprop4j.data;

/** Which part of a dataset with a fixed split: the training or the test examples. */
public enum Split {
    TRAIN("train"), TEST("test");

    private final String fileStem;

    Split(String fileStem) {
        this.fileStem = fileStem;
    }

    /** The stem of the split's file name, e.g. {@code train} for {@code train.arrow}. */
    public String fileStem() {
        return fileStem;
    }
}
