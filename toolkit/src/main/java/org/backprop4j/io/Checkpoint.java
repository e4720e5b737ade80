package org.backprop4j.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.OptimizerStateDict;
import org.backprop4j.optim.schedule.LrSchedule;
import org.backprop4j.tensor.Tensor;

/**
 * A training checkpoint: a directory that appears whole or not at all ({@link AtomicFiles#writeDirectory}) holding
 * <ul>
 * <li>{@code model.safetensors}: the model's state dict under PyTorch's names, so
 *     {@code model.load_state_dict(safetensors.torch.load_file(path))} loads it in PyTorch;</li>
 * <li>{@code optimizer.json} and {@code optimizer.safetensors}: the optimizer's state dict, numbers in JSON and
 *     tensors (named {@code state.<param>.<key>}) in safetensors;</li>
 * <li>{@code schedule.json}: the schedule's state dict, when there is a schedule;</li>
 * <li>{@code trainer.json}: the {@link TrainingState} (position, generators, history);</li>
 * <li>{@code manifest.json} (format, versions, each file's size and SHA-256) and {@code manifest.sha256}.</li>
 * </ul>
 * {@link #load} verifies every checksum before parsing anything, so a corrupt or truncated checkpoint ends in a
 * {@link CheckpointException} naming the file (and the tensor or field), never in a wrong value.
 *
 * {@snippet file="TrainSnippets.java" region="checkpoint-save"}
 * {@snippet file="TrainSnippets.java" region="checkpoint-load"}
 *
 * @param directory where it was read from
 * @param manifest the verified manifest
 * @param model the model's tensors by name
 * @param optimizer the optimizer's state dict
 * @param schedule the schedule's class name and state dict ({@code type}, {@code state}), or null
 * @param training the position, generators and trainer values
 */
public record Checkpoint(Path directory, Map<String, Object> manifest, Map<String, Tensor> model,
        OptimizerStateDict optimizer, Map<String, Object> schedule, TrainingState training) {
    static final String MODEL = "model.safetensors";
    static final String OPTIMIZER = "optimizer.json";
    static final String OPTIMIZER_TENSORS = "optimizer.safetensors";
    static final String SCHEDULE = "schedule.json";
    static final String TRAINER = "trainer.json";
    private static final long MAX_JSON_BYTES = 1L << 30;

    /**
     * Writes a checkpoint into the new directory {@code dir}, atomically.
     *
     * @param schedule null when there is none
     * @throws CheckpointException if {@code dir} exists already or a file cannot be written; nothing is left
     *     under {@code dir} then
     */
    public static void save(Path dir, Module model, Optimizer<?, ?> optimizer, LrSchedule schedule,
            TrainingState state) {
        try {
            AtomicFiles.writeDirectory(dir, tmp -> {
                SafeTensors.write(tmp.resolve(MODEL), model.stateDict(), Map.of("format", "pt"));
                CheckpointParts.writeOptimizer(tmp, optimizer.stateDict());
                if (schedule != null) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("type", schedule.getClass().getSimpleName());
                    s.put("state", schedule.stateDict());
                    Files.write(tmp.resolve(SCHEDULE), CheckpointJson.write(tmp.resolve(SCHEDULE), s));
                }
                Files.write(tmp.resolve(TRAINER), CheckpointJson.write(tmp.resolve(TRAINER),
                        CheckpointParts.trainingJson(state)));
                Map<String, Object> about = new LinkedHashMap<>();
                about.put("toolkit_version", toolkitVersion());
                about.put("java_version", Runtime.version().toString());
                about.put("created", Instant.now().toString());
                about.put("model", model.getClass().getName());
                about.put("optimizer", optimizer.name());
                about.put("schedule", schedule == null ? null : schedule.getClass().getSimpleName());
                about.put("epoch", (long) state.epoch());
                about.put("step", state.step());
                CheckpointManifest.write(tmp, about);
            });
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot write the checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and verifies the checkpoint in {@code dir}.
     *
     * @throws CheckpointException naming the file (and tensor or field) when anything is missing, corrupt or
     *     malformed
     */
    public static Checkpoint load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir, "is not a checkpoint directory");
        }
        Map<String, Object> manifest = CheckpointManifest.verify(dir);
        Map<String, Tensor> model = SafeTensors.read(dir.resolve(MODEL)).tensors();
        OptimizerStateDict optimizer = CheckpointParts.readOptimizer(dir);
        Map<String, Object> schedule = null;
        Path s = dir.resolve(SCHEDULE);
        if (Files.exists(s)) {
            schedule = CheckpointJson.read(s, MAX_JSON_BYTES);
            CheckpointJson.get(s, schedule, "type", String.class, "");
            CheckpointJson.object(s, schedule, "state", "");
        }
        TrainingState training = CheckpointParts.readTraining(dir.resolve(TRAINER),
                CheckpointJson.read(dir.resolve(TRAINER), MAX_JSON_BYTES));
        return new Checkpoint(dir, manifest, model, optimizer, schedule, training);
    }

    /**
     * Loads the weights, optimizer state and schedule state into {@code model}, {@code optimizer} and
     * {@code schedule} (null when the checkpoint has none), and moves {@code Rng.global()} to its saved state.
     * Everything is checked first; should a later part still fail, the earlier ones are put back.
     *
     * @throws CheckpointException naming the file and the tensors or fields that do not fit: missing or
     *     unexpected names, other shapes, another optimizer or schedule type
     */
    public void restore(Module model, Optimizer<?, ?> optimizer, LrSchedule schedule) {
        Path modelFile = directory.resolve(MODEL);
        CheckpointParts.checkModel(modelFile, model, this.model);
        if (!optimizer.name().equals(this.optimizer.optimizer())) {
            throw new CheckpointException(directory.resolve(OPTIMIZER), "holds the state of " + this.optimizer.optimizer()
                    + ", not of the " + optimizer.name() + " it is loaded into");
        }
        Path scheduleFile = directory.resolve(SCHEDULE);
        if ((schedule == null) != (this.schedule == null)) {
            throw new CheckpointException(scheduleFile, schedule == null ? "the checkpoint has a schedule ("
                    + this.schedule.get("type") + ") but none was given to restore it into"
                    : "the checkpoint has no schedule to restore the given " + schedule.getClass().getSimpleName());
        }
        if (schedule != null && !schedule.getClass().getSimpleName().equals(this.schedule.get("type"))) {
            throw new CheckpointException(scheduleFile, "holds a " + this.schedule.get("type") + ", not the "
                    + schedule.getClass().getSimpleName() + " it is loaded into");
        }
        Map<String, Tensor> oldModel = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> oldModel.put(k, v.clone()));
        OptimizerStateDict oldOptimizer = optimizer.stateDict();
        model.loadStateDict(this.model, true);
        try {
            optimizer.loadStateDict(this.optimizer);
        } catch (RuntimeException e) {
            model.loadStateDict(oldModel, true);
            throw new CheckpointException(directory.resolve(OPTIMIZER), e.getMessage(), e);
        }
        if (schedule != null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> state = (Map<String, Object>) this.schedule.get("state");
                schedule.loadStateDict(state);
            } catch (RuntimeException e) {
                model.loadStateDict(oldModel, true);
                optimizer.loadStateDict(oldOptimizer);
                throw new CheckpointException(scheduleFile, e.getMessage(), e);
            }
        }
        Rng.State global = training.rngs().get("global");
        if (global != null) {
            Rng.global().restore(global);
        }
    }

    /** The name of the file that holds the training state, for messages: {@code <dir>/trainer.json}. */
    public Path trainingFile() {
        return directory.resolve(TRAINER);
    }

    /**
     * The complete checkpoint under {@code parent} whose name sorts last (name them so, e.g. {@code step-000120}),
     * ignoring directories an interrupted save or delete left.
     *
     * @throws CheckpointException if {@code parent} cannot be listed
     */
    public static Optional<Path> latest(Path parent) {
        List<Path> all = list(parent);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** The complete checkpoints under {@code parent} (those with a manifest checksum), sorted by name. */
    public static List<Path> list(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        TreeSet<Path> out = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path p : entries) {
                if (!p.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)
                        && Files.isRegularFile(p.resolve(CheckpointManifest.MANIFEST_SUM))) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException(parent, "cannot list checkpoints: " + e.getMessage(), e);
        }
        return new ArrayList<>(out);
    }

    /**
     * Deletes checkpoint {@code dir} so that no half-deleted checkpoint is ever visible: it is first renamed to a
     * temporary name, then removed.
     *
     * @throws CheckpointException if it cannot be renamed or removed
     */
    public static void delete(Path dir) {
        try {
            Path doomed = Files.createTempDirectory(dir.toAbsolutePath().getParent(), AtomicFiles.TEMP_PREFIX
                    + "deleted-");
            Path target = doomed.resolve(dir.getFileName());
            Files.move(dir, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.deleteTree(doomed);
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot delete: " + e.getMessage(), e);
        }
    }

    private static String toolkitVersion() {
        String v = Checkpoint.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String toString() {
        return "Checkpoint(" + directory + ": epoch " + training.epoch() + ", batch " + training.batch() + ", step "
                + training.step() + ", " + model.size() + " model tensors, " + optimizer.optimizer()
                + (schedule == null ? "" : ", " + schedule.get("type")) + ")";
    }
}
