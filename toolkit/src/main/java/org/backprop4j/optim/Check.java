package org.backprop4j.optim;

/** Validation of hyperparameters, with messages that name the optimizer, the setting and the bad value. */
final class Check {
    private Check() {
    }

    /** A learning rate: finite and {@code >= 0}. */
    static double lr(String owner, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(owner + ": lr must be a finite number >= 0, got " + lr);
        }
        return lr;
    }

    /** A finite value {@code >= 0}. */
    static double nonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1)}, such as a beta or a decay rate. */
    static double unitInterval(String owner, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1]}. */
    static double closedUnitInterval(String owner, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /** A count {@code >= 1}. */
    static int positive(String owner, String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(owner + ": " + name + " must be >= 1, got " + value);
        }
        return value;
    }
}
