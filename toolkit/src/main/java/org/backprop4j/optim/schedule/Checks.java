package org.backprop4j.optim.schedule;

/** Validation of schedule settings, with messages naming the schedule, the setting and the bad value. */
final class Checks {
    private Checks() {
    }

    static int positive(String owner, String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(owner + ": " + name + " must be >= 1, got " + value);
        }
        return value;
    }

    static int nonNegative(String owner, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(owner + ": " + name + " must be >= 0, got " + value);
        }
        return value;
    }

    static double finite(String owner, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be finite, got " + value);
        }
        return value;
    }

    static double nonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A multiplicative decay factor: finite and {@code > 0}. */
    static double factor(String owner, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a finite number > 0, got " + value);
        }
        return value;
    }
}
