package org.backprop4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.Rng;

/**
 * Where a training run stands, beside its model, optimizer and schedule in a {@link Checkpoint}: the position
 * (epoch, batch within it, optimizer steps), the random generators' states, and the trainer's other values (its
 * history, running sums, callbacks' state) as plain JSON values.
 *
 * @param epoch the epoch in progress (epochs done), from 0
 * @param batch the next batch of that epoch
 * @param step optimizer steps done
 * @param rngs generator states by name ({@code global} for {@code Rng.global()})
 * @param values nested maps and lists of strings, numbers ({@code Long}, {@code Double}), booleans and nulls
 */
public record TrainingState(int epoch, int batch, long step, Map<String, Rng.State> rngs, Map<String, Object> values) {
    /**
     * @throws IllegalArgumentException if a position is negative or a value is not plain JSON data (the message
     *     names its path)
     */
    public TrainingState {
        if (epoch < 0 || batch < 0 || step < 0) {
            throw new IllegalArgumentException("TrainingState: epoch, batch and step must be >= 0, got " + epoch + ", "
                    + batch + ", " + step);
        }
        rngs = Collections.unmodifiableMap(new LinkedHashMap<>(rngs));
        checkPlain("values", values);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    private static void checkPlain(String path, Object v) {
        switch (v) {
            case null -> { }
            case String _, Long _, Double _, Boolean _ -> { }
            case Integer _ -> { }
            case Map<?, ?> m -> m.forEach((k, x) -> {
                if (!(k instanceof String)) {
                    throw new IllegalArgumentException("TrainingState: " + path + " has a key that is not a string: "
                            + k);
                }
                checkPlain(path + "." + k, x);
            });
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    checkPlain(path + "[" + i + "]", l.get(i));
                }
            }
            default -> throw new IllegalArgumentException("TrainingState: " + path + " is a "
                    + v.getClass().getName() + "; values must be strings, numbers, booleans, lists and maps");
        }
    }
}
