package org.backprop4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

import org.backprop4j.data.Batch;
import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Epoch;
import org.backprop4j.nn.Loss;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.schedule.LrSchedule;
import org.backprop4j.optim.schedule.ReduceLROnPlateau;
import org.backprop4j.tensor.Tensor;

/**
 * The training loop, written once: for each step it clears the gradients, runs the model on a batch (or several
 * micro-batches), computes the loss, backpropagates, clips, steps the optimizer and the schedule, and records the
 * step; after each epoch it validates, records the epoch in the {@link History} and calls the {@link Callback}s.
 * {@link #fit()} runs it; {@link #trainStep}, {@link #evaluate} and {@link #predict} serve a loop of one's own.
 *
 * <p>A thread interrupt (a notebook's stop button) ends {@code fit()} between two steps with a
 * {@link CancellationException}: model, optimizer, schedule and history are then as after the last whole step, and
 * {@code fit()} again continues from there, as does a trainer restored from a checkpoint ({@link #saveCheckpoint}).
 * Every position is counted from the start of training: {@code epochs(10)} trains up to epoch 10 in all.
 *
 * {@snippet file="TrainSnippets.java" region="trainer"}
 */
public final class Trainer {
    /** When a schedule steps: after every optimizer step, or after every epoch. */
    public enum Interval { STEP, EPOCH }

    static final String GLOBAL_RNG = "global";
    private static volatile Supplier<? extends Callback> defaultProgress = ConsoleProgress::new;

    final TrainerBuilder config;
    private final List<Callback> callbacks;
    private final History history = new History();
    private final TrainingLoop loop;
    private int maxEpochs;
    private int epoch;
    private int batch;
    private long step;
    private EpochSums running;
    private double epochSeconds;
    private boolean seeded;
    private String stopRequest;
    private String stopReason;

    Trainer(TrainerBuilder b) {
        this.config = b;
        this.maxEpochs = b.epochs;
        List<Callback> all = new ArrayList<>(b.callbacks);
        Callback progress = b.progressSet ? b.progress : defaultProgress.get();
        if (progress != null) {
            all.add(progress);
        }
        this.callbacks = List.copyOf(all);
        this.loop = new TrainingLoop(this);
    }

    /** A builder for {@code model} trained on {@code loss(output, target)} by {@code optimizer}. */
    public static TrainerBuilder builder(Module model, BinaryOperator<Tensor> loss, Optimizer<?, ?> optimizer) {
        return new TrainerBuilder(model, loss, optimizer);
    }

    /** A builder for {@code model} trained on a loss module ({@code new CrossEntropyLoss()}) by {@code optimizer}. */
    public static TrainerBuilder builder(Module model, Loss loss, Optimizer<?, ?> optimizer) {
        Objects.requireNonNull(loss, "Trainer: loss");
        return new TrainerBuilder(model, loss::forward, optimizer);
    }

    /**
     * Makes {@code factory} supply the progress display of every trainer built afterwards without one of its own;
     * the notebook kernel sets a live display this way. Null restores the console bar.
     */
    public static void setDefaultProgress(Supplier<? extends Callback> factory) {
        defaultProgress = factory == null ? ConsoleProgress::new : factory;
    }

    /** A new instance of the default progress display. */
    public static Callback defaultProgress() {
        return defaultProgress.get();
    }

    // ---------------------------------------------------------------- fitting

    /** Trains until the configured epochs or steps are done in all, a callback stops it, or the loss is not finite. */
    public History fit() {
        return fit(maxEpochs);
    }

    /**
     * Trains until {@code epochs} epochs are done in all (so {@code fit(epochs() + 2)} trains two more).
     *
     * @return the history, also of earlier calls
     * @throws CancellationException if the thread was interrupted; everything is as after the last whole step and
     *     the interrupt flag is set again
     * @throws NonFiniteLossException if a loss was NaN or infinite; the step was not taken
     */
    public History fit(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("Trainer.fit: expected >= 0 epochs, got " + epochs);
        }
        maxEpochs = epochs;
        seedOnce();
        stopRequest = null;
        stopReason = null;
        history.setStopReason(null);
        boolean ended = false;
        try {
            fire(c -> c.onFitStart(this));
            while (epoch < maxEpochs && step < config.maxSteps && stopRequest == null) {
                runEpoch();
            }
            stopReason = stopRequest;
            ended = true;
        } catch (CancellationException e) {
            stopReason = "interrupted after step " + step + " (" + position() + ")";
            throw new CancellationException("Trainer: " + stopReason + "; model, optimizer, schedule and history "
                    + "are as after that step: fit() continues from there");
        } catch (NonFiniteLossException e) {
            stopReason = e.getMessage();
            throw e;
        } catch (RuntimeException | Error e) {
            stopReason = "failed at step " + (step + 1) + " (" + position() + "): " + e;
            throw e;
        } finally {
            history.setStopReason(stopReason);
            if (ended) {
                fire(c -> c.onFitEnd(this));
            } else {
                for (Callback c : callbacks) {   // a failing display must not hide why training ended
                    try {
                        c.onFitEnd(this);
                    } catch (RuntimeException ignored) {
                        // the original failure is already on its way
                    }
                }
            }
        }
        return history;
    }

    private void runEpoch() {
        int numBatches = config.train.numBatches();
        if (batch == 0) {
            fire(c -> c.onEpochStart(this, epoch));
        }
        if (running == null) {
            running = new EpochSums(config.metrics);
        }
        config.model.train();
        try (Epoch it = config.train.epoch(epoch, batch)) {
            while (it.hasNext() && step < config.maxSteps && stopRequest == null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("interrupted");
                }
                long start = System.nanoTime();
                List<Batch> group = new ArrayList<>(config.accumulate);
                while (group.size() < config.accumulate && it.hasNext()) {
                    group.add(it.next());
                }
                History.StepRecord record = loop.step(group, epoch, batch, running);
                batch += group.size();
                epochSeconds += (System.nanoTime() - start) / 1e9;
                fire(c -> c.onStepEnd(this, record));
            }
        }
        if (batch < numBatches) {
            return;   // stopped inside the epoch: a later fit() goes on from this batch
        }
        long start = System.nanoTime();
        Map<String, Double> values = new java.util.LinkedHashMap<>(running.values(""));
        if (config.validation != null) {
            values.putAll(loop.evaluate(config.validation, "val_").values());
        }
        values.put("lr", config.optimizer.lr(0));
        History.EpochRecord record = new History.EpochRecord(epoch, step,
                epochSeconds + (System.nanoTime() - start) / 1e9, values);
        history.addEpoch(record);
        epoch++;
        batch = 0;
        running = null;
        epochSeconds = 0;
        if (config.schedule != null && config.interval == Interval.EPOCH) {
            config.schedule.step();
        }
        if (config.plateau != null) {
            Double monitored = values.get(config.plateauMonitor);
            if (monitored == null) {
                throw new IllegalStateException("Trainer.reduceLrOnPlateau: epoch " + record.epoch() + " has no value '"
                        + config.plateauMonitor + "'; it has " + values.keySet());
            }
            config.plateau.step(monitored);
        }
        fire(c -> c.onEpochEnd(this, record));
    }

    private void seedOnce() {
        if (!seeded && config.seed != null && step == 0) {
            org.backprop4j.array.Rng.global().reseed(config.seed);
        }
        seeded = true;
    }

    private void fire(java.util.function.Consumer<Callback> event) {
        for (Callback c : callbacks) {
            event.accept(c);
        }
    }

    String position() {
        return "epoch " + epoch + ", batch " + batch + " of " + config.train.numBatches();
    }

    // ---------------------------------------------------------------- one's own loop

    /**
     * One optimizer step on {@code batch} (see {@link #trainStep(List)}).
     *
     * @throws NonFiniteLossException if the loss is NaN or infinite; the step is not taken
     */
    public History.StepRecord trainStep(Batch batch) {
        return trainStep(List.of(batch));
    }

    /**
     * One optimizer step on {@code microBatches} together: each one's loss, weighted by its share of the examples,
     * is backpropagated, then the gradients are clipped and the optimizer and a per-step schedule step once. The
     * step is recorded in the history.
     *
     * @throws IllegalArgumentException if {@code microBatches} is empty or a batch has no labels
     * @throws NonFiniteLossException if a loss is NaN or infinite; the step is not taken
     */
    public History.StepRecord trainStep(List<Batch> microBatches) {
        seedOnce();
        config.model.train();
        if (running == null) {
            running = new EpochSums(config.metrics);
        }
        return loop.step(microBatches, epoch, batch, running);
    }

    /** The mean loss and metrics of {@code loader}, in eval mode and without gradients. */
    public Evaluation evaluate(DataLoader loader) {
        return loop.evaluate(Objects.requireNonNull(loader, "Trainer.evaluate: loader"), "");
    }

    /** The model's outputs for every batch of {@code loader}, concatenated along dimension 0 (eval mode, no grad). */
    public Tensor predict(DataLoader loader) {
        return loop.predict(Objects.requireNonNull(loader, "Trainer.predict: loader"));
    }

    // ---------------------------------------------------------------- state

    /** Ends {@code fit()} after the current step (or epoch end), recording {@code reason} in the history. */
    public void requestStop(String reason) {
        stopRequest = Objects.requireNonNull(reason, "Trainer.requestStop: reason");
    }

    /** Why the last {@code fit()} ended early (a stop request, an interrupt, a failure), or null. */
    public String stopReason() {
        return stopReason;
    }

    public Module model() {
        return config.model;
    }

    public Optimizer<?, ?> optimizer() {
        return config.optimizer;
    }

    /** The schedule, or null. */
    public LrSchedule schedule() {
        return config.schedule;
    }

    /** The plateau schedule, or null. */
    public ReduceLROnPlateau plateau() {
        return config.plateau;
    }

    public History history() {
        return history;
    }

    /** Epochs done (the number of the epoch in progress). */
    public int epoch() {
        return epoch;
    }

    /** The next batch of the epoch in progress. */
    public int batch() {
        return batch;
    }

    /** Optimizer steps done. */
    public long step() {
        return step;
    }

    void countStep() {
        step++;
    }

    /** The epochs {@code fit()} trains up to. */
    public int maxEpochs() {
        return maxEpochs;
    }

    /** The step budget ({@code Long.MAX_VALUE} for none). */
    public long maxSteps() {
        return config.maxSteps;
    }

    /** Batches per training epoch. */
    public int numBatches() {
        return config.train.numBatches();
    }

    /** The names of the metrics, in order. */
    public List<String> metricNames() {
        return config.metrics.stream().map(Metric::name).toList();
    }

    /** Mean loss and metrics of the epoch in progress so far (empty at its start). */
    public Map<String, Double> runningValues() {
        return running == null ? Map.of() : running.values("");
    }

    /** The callbacks, the progress display last. */
    public List<Callback> callbacks() {
        return callbacks;
    }

    // ---------------------------------------------------------------- checkpoints (TrainerState does the work)

    /** Saves everything needed to continue bit for bit into the new directory {@code dir}, atomically. */
    public void saveCheckpoint(java.nio.file.Path dir) {
        TrainerState.save(this, dir);
    }

    /**
     * Restores model, optimizer, schedule, generators, position, history and callbacks' state from {@code dir}.
     *
     * @throws org.backprop4j.io.CheckpointException if the checkpoint is corrupt or does not fit this trainer;
     *     nothing is changed then
     */
    public void loadCheckpoint(java.nio.file.Path dir) {
        TrainerState.load(this, dir);
    }

    EpochSums running() {
        return running;
    }

    double epochSeconds() {
        return epochSeconds;
    }

    void setPosition(int epoch, int batch, long step, EpochSums running, double epochSeconds) {
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
        this.running = running;
        this.epochSeconds = epochSeconds;
        this.seeded = true;
    }
}
