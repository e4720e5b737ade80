package org.backprop4j.optim;

import java.util.Optional;

/**
 * A state dict that does not fit what reads it: a missing or mistyped value, a shape that differs, another
 * optimizer's dict. The message says where ({@code Adam.loadStateDict: state of parameter 0 (shape [5, 4])}), the
 * key and what was expected; {@link #where()} and {@link #key()} carry the same for code that handles the error.
 */
public final class OptimizerStateDictException extends IllegalArgumentException {
    private final String where;
    private final String key;
    private final String problem;

    OptimizerStateDictException(String where, String key, String problem, Throwable cause) {
        super(where + ": " + problem, cause);
        this.where = where;
        this.key = key;
        this.problem = problem;
    }

    /** The reader and the part of the dict it was reading, e.g. {@code Adam.loadStateDict: group 1 settings}. */
    public String where() {
        return where;
    }

    /** The key whose value does not fit; empty when the problem is not one value's (e.g. a group count). */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The same error, ending in {@code ; nothing was loaded}: the optimizer checked everything first. */
    OptimizerStateDictException nothingLoaded() {
        return new OptimizerStateDictException(where, key, problem + "; nothing was loaded", this);
    }
}
