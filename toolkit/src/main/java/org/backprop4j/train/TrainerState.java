package org.backprop4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.Rng;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.CheckpointException;
import org.backprop4j.io.TrainingState;

/** A {@link Trainer}'s own state to and from a {@link Checkpoint}'s {@link TrainingState}. */
final class TrainerState {
    private TrainerState() {
    }

    static void save(Trainer t, Path dir) {
        Map<String, Rng.State> rngs = new LinkedHashMap<>();
        rngs.put(Trainer.GLOBAL_RNG, Rng.global().state());
        t.config.rngs.forEach((k, v) -> rngs.put(k, v.state()));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("history", t.history().stateDict());
        values.put("train_loader_seed", t.config.train.seed());
        values.put("epoch_seconds", t.epochSeconds());
        if (t.running() != null) {
            values.put("epoch_sums", t.running().stateDict());
        }
        if (t.plateau() != null) {
            values.put("plateau", t.plateau().stateDict());
        }
        List<Object> callbacks = new ArrayList<>();
        for (Callback c : t.callbacks()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", c.getClass().getName());
            entry.put("state", c.stateDict());
            callbacks.add(entry);
        }
        values.put("callbacks", callbacks);
        Checkpoint.save(dir, t.model(), t.optimizer(), t.schedule(),
                new TrainingState(t.epoch(), t.batch(), t.step(), rngs, values));
    }

    @SuppressWarnings("unchecked")
    static void load(Trainer t, Path dir) {
        Checkpoint c = Checkpoint.load(dir);
        TrainingState s = c.training();
        Path file = c.trainingFile();
        History history = new History();
        EpochSums sums = null;
        double seconds;
        try {
            Map<String, Object> v = s.values();
            history.loadStateDict(StateValues.map(v, "history", "trainer state"));
            long seed = StateValues.number(v, "train_loader_seed", "trainer state").longValue();
            if (seed != t.config.train.seed()) {
                throw new IllegalArgumentException("the training loader's seed is " + t.config.train.seed()
                        + ", the checkpoint's " + seed + "; build the loader with seed(" + seed + ") to resume "
                        + "the same batches");
            }
            if (s.batch() > t.numBatches()) {
                throw new IllegalArgumentException("batch " + s.batch() + " is past the " + t.numBatches()
                        + " batches of the training loader's epochs");
            }
            seconds = StateValues.number(v, "epoch_seconds", "trainer state").doubleValue();
            if (v.get("epoch_sums") != null) {
                sums = new EpochSums(t.config.metrics);
                sums.loadStateDict(StateValues.map(v, "epoch_sums", "trainer state"));
            }
            for (Map.Entry<String, Rng> e : t.config.rngs.entrySet()) {
                if (!s.rngs().containsKey(e.getKey())) {
                    throw new IllegalArgumentException("no state of the generator '" + e.getKey() + "'; it has "
                            + s.rngs().keySet());
                }
            }
            if (t.plateau() != null) {
                StateValues.map(v, "plateau", "trainer state");
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
        c.restore(t.model(), t.optimizer(), t.schedule());
        t.config.rngs.forEach((k, rng) -> rng.restore(s.rngs().get(k)));
        if (t.plateau() != null) {
            t.plateau().loadStateDict((Map<String, Object>) s.values().get("plateau"));
        }
        restoreCallbacks(t, (List<Object>) s.values().get("callbacks"));
        t.history().loadStateDict(history.stateDict());
        t.setPosition(s.epoch(), s.batch(), s.step(), sums, seconds);
    }

    /** Gives each callback the state saved by the callback of the same class at the same place, if any. */
    @SuppressWarnings("unchecked")
    private static void restoreCallbacks(Trainer t, List<Object> saved) {
        if (saved == null) {
            return;
        }
        List<Callback> callbacks = t.callbacks();
        for (int i = 0; i < Math.min(saved.size(), callbacks.size()); i++) {
            if (saved.get(i) instanceof Map<?, ?> m && callbacks.get(i).getClass().getName().equals(m.get("type"))
                    && m.get("state") instanceof Map<?, ?> state && !state.isEmpty()) {
                callbacks.get(i).loadStateDict((Map<String, Object>) state);
            }
        }
    }
}
