package org.backprop4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;

import org.backprop4j.array.Rng;
import org.backprop4j.data.DataLoader;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.schedule.LrSchedule;
import org.backprop4j.optim.schedule.ReduceLROnPlateau;
import org.backprop4j.parallel.DataParallel;
import org.backprop4j.tensor.Tensor;

/**
 * Settings of a {@link Trainer}; every setter validates its argument and says what it expected.
 *
 * {@snippet file="TrainSnippets.java" region="builder"}
 */
public final class TrainerBuilder {
    final Module model;
    final BinaryOperator<Tensor> loss;
    final Optimizer<?, ?> optimizer;
    LrSchedule schedule;
    Trainer.Interval interval = Trainer.Interval.EPOCH;
    ReduceLROnPlateau plateau;
    String plateauMonitor;
    double clipNorm = Double.NaN;
    double clipNormType = 2;
    double clipValue = Double.NaN;
    int accumulate = 1;
    int epochs = 1;
    long maxSteps = Long.MAX_VALUE;
    DataLoader train;
    DataLoader validation;
    final List<Metric> metrics = new ArrayList<>();
    Long seed;
    final List<Callback> callbacks = new ArrayList<>();
    Callback progress;
    boolean progressSet;
    final Map<String, Rng> rngs = new LinkedHashMap<>();
    DataParallel parallel;

    TrainerBuilder(Module model, BinaryOperator<Tensor> loss, Optimizer<?, ?> optimizer) {
        this.model = Objects.requireNonNull(model, "Trainer: model");
        this.loss = Objects.requireNonNull(loss, "Trainer: loss");
        this.optimizer = Objects.requireNonNull(optimizer, "Trainer: optimizer");
    }

    /** The training batches; each epoch is {@code loader.epoch(n)}, so a seeded loader resumes exactly. */
    public TrainerBuilder train(DataLoader loader) {
        this.train = Objects.requireNonNull(loader, "Trainer.train: loader");
        return this;
    }

    /** Batches evaluated after every epoch; their values are recorded with a {@code val_} prefix. */
    public TrainerBuilder validation(DataLoader loader) {
        this.validation = Objects.requireNonNull(loader, "Trainer.validation: loader");
        return this;
    }

    /**
     * The number of epochs {@code fit()} trains up to, counted from the start of training (so a resumed trainer
     * trains the rest). Default 1.
     *
     * @throws IllegalArgumentException if {@code epochs < 0}
     */
    public TrainerBuilder epochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("Trainer.epochs: expected >= 0, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /**
     * The number of optimizer steps {@code fit()} stops after, counted from the start (default: no limit).
     *
     * @throws IllegalArgumentException if {@code steps < 0}
     */
    public TrainerBuilder maxSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("Trainer.maxSteps: expected >= 0, got " + steps);
        }
        this.maxSteps = steps;
        return this;
    }

    /** A schedule stepped after every optimizer step ({@code STEP}) or every epoch ({@code EPOCH}). */
    public TrainerBuilder schedule(LrSchedule schedule, Trainer.Interval interval) {
        this.schedule = Objects.requireNonNull(schedule, "Trainer.schedule: schedule");
        this.interval = Objects.requireNonNull(interval, "Trainer.schedule: interval");
        checkOptimizer(schedule.optimizer(), "schedule");
        return this;
    }

    /**
     * Steps {@code plateau} after every epoch with the value {@code monitor} (e.g. {@code val_loss}) of that epoch.
     *
     * @throws IllegalArgumentException if {@code plateau} drives another optimizer
     */
    public TrainerBuilder reduceLrOnPlateau(ReduceLROnPlateau plateau, String monitor) {
        this.plateau = Objects.requireNonNull(plateau, "Trainer.reduceLrOnPlateau: plateau");
        this.plateauMonitor = Objects.requireNonNull(monitor, "Trainer.reduceLrOnPlateau: monitor");
        checkOptimizer(plateau.optimizer(), "reduceLrOnPlateau");
        return this;
    }

    private void checkOptimizer(Optimizer<?, ?> other, String what) {
        if (other != optimizer) {
            throw new IllegalArgumentException("Trainer." + what + ": it drives another optimizer (" + other.name()
                    + "), not the trainer's " + optimizer.name());
        }
    }

    /**
     * Clips the gradients' total 2-norm to {@code maxNorm} before each step (and records the norm in the history).
     *
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
     */
    public TrainerBuilder clipGradNorm(double maxNorm) {
        return clipGradNorm(maxNorm, 2);
    }

    /**
     * Clips the gradients' total {@code normType}-norm to {@code maxNorm} before each step.
     *
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN, or {@code normType} not positive
     */
    public TrainerBuilder clipGradNorm(double maxNorm, double normType) {
        if (!(maxNorm >= 0) || !(normType > 0)) {
            throw new IllegalArgumentException("Trainer.clipGradNorm: expected maxNorm >= 0 and normType > 0, got "
                    + maxNorm + " and " + normType);
        }
        this.clipNorm = maxNorm;
        this.clipNormType = normType;
        return this;
    }

    /**
     * Clamps every gradient element to {@code [-value, value]} before each step.
     *
     * @throws IllegalArgumentException if {@code value} is negative or NaN
     */
    public TrainerBuilder clipGradValue(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("Trainer.clipGradValue: expected >= 0, got " + value);
        }
        this.clipValue = value;
        return this;
    }

    /**
     * Accumulates the gradients of {@code microBatches} loader batches into one optimizer step, each loss weighted
     * by its share of the examples, so the step equals one on all of them together.
     *
     * @throws IllegalArgumentException if {@code microBatches < 1}
     */
    public TrainerBuilder accumulate(int microBatches) {
        if (microBatches < 1) {
            throw new IllegalArgumentException("Trainer.accumulate: expected >= 1 micro-batches, got " + microBatches);
        }
        this.accumulate = microBatches;
        return this;
    }

    /**
     * Runs each step's forward and backward passes on {@code parallel}'s replicas, each on its shard of the batch
     * at the same time, and steps once on the summed gradients ({@link DataParallel}: deterministic, the same as
     * one pass over the whole batch to float rounding). Evaluation and prediction still use the model alone.
     *
     * @throws IllegalArgumentException if {@code parallel} replicates another model than the trainer's
     */
    public TrainerBuilder dataParallel(DataParallel parallel) {
        Objects.requireNonNull(parallel, "Trainer.dataParallel: parallel");
        if (parallel.model() != model) {
            throw new IllegalArgumentException("Trainer.dataParallel: it replicates another model ("
                    + parallel.model().getClass().getSimpleName() + "), not the trainer's; build it with "
                    + "DataParallel.of(model, factory)");
        }
        this.parallel = parallel;
        return this;
    }

    /** Metrics measured on the training batches and on validation; the loss is always measured. */
    public TrainerBuilder metrics(Metric... metrics) {
        for (Metric m : metrics) {
            this.metrics.add(Objects.requireNonNull(m, "Trainer.metrics: a metric is null"));
        }
        return this;
    }

    /** Reseeds {@code Rng.global()} (dropout, and anything else drawing from it) when training starts. */
    public TrainerBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** A generator besides {@code Rng.global()} whose position checkpoints save and restore (e.g. a dropout's). */
    public TrainerBuilder rng(String name, Rng rng) {
        if (name == null || name.isBlank() || name.equals(Trainer.GLOBAL_RNG)) {
            throw new IllegalArgumentException("Trainer.rng: the name must be non-blank and not '"
                    + Trainer.GLOBAL_RNG + "', got '" + name + "'");
        }
        rngs.put(name, Objects.requireNonNull(rng, "Trainer.rng: rng"));
        return this;
    }

    /** Callbacks, run in this order after the trainer's own work for each event. */
    public TrainerBuilder callbacks(Callback... callbacks) {
        for (Callback c : callbacks) {
            this.callbacks.add(Objects.requireNonNull(c, "Trainer.callbacks: a callback is null"));
        }
        return this;
    }

    /**
     * The progress display (a callback run after all others); by default {@link Trainer#defaultProgress()}: a
     * console bar, or in a notebook a live display. Null shows none.
     */
    public TrainerBuilder progress(Callback progress) {
        this.progress = progress;
        this.progressSet = true;
        return this;
    }

    /**
     * @throws IllegalStateException if no training loader was given, or with {@link #dataParallel} a training
     *     batch (the last one included) would have fewer examples than there are shards
     */
    public Trainer build() {
        if (train == null) {
            throw new IllegalStateException("Trainer: no training data; call train(loader) before build()");
        }
        if (parallel != null) {
            int size = train.batchSize();
            int batches = train.numBatches();
            int last = batches == 0 ? size : train.dataset().size() - (batches - 1) * size;
            if (Math.min(size, last) < parallel.shards()) {
                throw new IllegalStateException("Trainer.dataParallel: the training loader's "
                        + (size < parallel.shards() ? "batches have " + size : "last batch has " + last)
                        + " examples, fewer than the " + parallel.shards() + " shards (" + parallel.replicas()
                        + " replicas); every shard needs one at least: use batches of " + parallel.shards()
                        + " or more, dropLast(true) on the loader, or fewer replicas");
            }
        }
        return new Trainer(this);
    }
}
