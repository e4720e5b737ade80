package org.backprop4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.backprop4j.io.AtomicFiles;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.CheckpointException;

/**
 * Saves a checkpoint of the trainer every {@code n} epochs into {@code directory/epoch-EEEE-step-SSSSSSSS}, keeps
 * the last {@code k} and, when monitoring a value, also the best one (its name is in {@code directory/best}).
 * Checkpoints appear whole or not at all and are deleted without ever leaving a half-deleted one visible, so a crash
 * at any moment leaves {@link Checkpoint#latest} loadable.
 *
 * {@snippet file="TrainSnippets.java" region="checkpoint-saver"}
 * {@snippet file="TrainSnippets.java" region="checkpoint-resume"}
 */
public final class CheckpointSaver implements Callback {
    private final Path directory;
    private final int everyEpochs;
    private final int keepLast;
    private final String monitor;
    private final EarlyStopping.Mode mode;
    private double best = Double.NaN;
    private String bestName;

    private CheckpointSaver(Path directory, int every, int keepLast, String monitor, EarlyStopping.Mode mode) {
        if (directory == null || every < 1 || keepLast < 1) {
            throw new IllegalArgumentException("CheckpointSaver: expected a directory, every >= 1 and keepLast >= 1, "
                    + "got " + directory + ", " + every + ", " + keepLast);
        }
        this.directory = directory;
        this.everyEpochs = every;
        this.keepLast = keepLast;
        this.monitor = monitor;
        this.mode = mode;
    }

    /** Saves after every {@code epochs}-th epoch, keeping all. */
    public static CheckpointSaver every(Path directory, int epochs) {
        return new CheckpointSaver(directory, epochs, Integer.MAX_VALUE, null, null);
    }

    /** Keeps only the newest {@code k} checkpoints (and the best one). */
    public CheckpointSaver keepLast(int k) {
        return new CheckpointSaver(directory, everyEpochs, k, monitor, mode);
    }

    /** Also keeps the checkpoint with the best {@code value}, whatever its age. */
    public CheckpointSaver keepBest(String value, EarlyStopping.Mode mode) {
        return new CheckpointSaver(directory, everyEpochs, keepLast, value, mode);
    }

    /** The best checkpoint so far, if a value is monitored and one was saved. */
    public Optional<Path> best() {
        return Optional.ofNullable(bestName).map(directory::resolve);
    }

    @Override
    public void onEpochEnd(Trainer trainer, History.EpochRecord epoch) {
        if (trainer.epoch() % everyEpochs != 0) {
            return;
        }
        String name = String.format(Locale.ROOT, "epoch-%04d-step-%08d", trainer.epoch(), trainer.step());
        Double value = monitor == null ? null : epoch.values().get(monitor);
        if (monitor != null && value == null) {
            throw new IllegalStateException("CheckpointSaver: epoch " + epoch.epoch() + " has no value '" + monitor
                    + "'; it has " + epoch.values().keySet());
        }
        boolean isBest = value != null && (Double.isNaN(best)
                || (mode == EarlyStopping.Mode.MIN ? value < best : value > best));
        if (isBest) {   // recorded before saving, so that the checkpoint carries its own status
            best = value;
            bestName = name;
        }
        trainer.saveCheckpoint(directory.resolve(name));
        if (isBest) {
            try {
                AtomicFiles.write(directory.resolve("best"), ch -> ch.write(java.nio.ByteBuffer.wrap(
                        (name + "\n").getBytes(StandardCharsets.UTF_8))));
            } catch (IOException e) {
                throw new CheckpointException(directory.resolve("best"), "cannot write: " + e.getMessage(), e);
            }
        }
        List<Path> all = Checkpoint.list(directory);
        for (int i = 0; i < all.size() - keepLast; i++) {
            if (!all.get(i).getFileName().toString().equals(bestName)) {
                Checkpoint.delete(all.get(i));
            }
        }
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("best", best);
        out.put("best_name", bestName);
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        double b = StateValues.number(state, "best", "CheckpointSaver").doubleValue();
        Object name = state.get("best_name");
        best = b;
        bestName = name instanceof String s ? s : null;
    }
}
