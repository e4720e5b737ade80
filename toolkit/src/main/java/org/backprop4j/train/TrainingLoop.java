package org.backprop4j.train;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.data.Batch;
import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Epoch;
import org.backprop4j.optim.GradClipping;
import org.backprop4j.optim.PerParameterOptimizer;
import org.backprop4j.parallel.DataParallel;
import org.backprop4j.tensor.Tensor;

/** The work of one step, one evaluation and one prediction pass, for {@link Trainer}. */
final class TrainingLoop {
    private final Trainer trainer;
    private final TrainerBuilder c;

    TrainingLoop(Trainer trainer) {
        this.trainer = trainer;
        this.c = trainer.config;
    }

    /**
     * One optimizer step on {@code group}. Nothing of the trainer changes until the optimizer has stepped: a
     * failure or interrupt before leaves only gradients behind, which the next step clears.
     */
    History.StepRecord step(List<Batch> group, int epoch, int batch, EpochSums sums) {
        if (group == null || group.isEmpty()) {
            throw new IllegalArgumentException("Trainer.trainStep: no batches");
        }
        long number = trainer.step() + 1;
        int total = 0;
        for (Batch b : group) {
            if (b.labels() == null) {
                throw new IllegalArgumentException("Trainer: step " + number + " (epoch " + epoch + ", batch " + batch
                        + "): the batch has no labels; the loss needs targets");
            }
            total += b.size();
        }
        c.optimizer.zeroGrad();
        List<Part> parts = c.parallel == null ? wholeBatches(group, number, epoch, batch, total)
                : shards(group, number, epoch, batch);
        double lossSum = 0;
        for (Part p : parts) {
            lossSum += p.loss() * p.size();
        }
        var params = c.model.parameters();
        // recorded at every step, clipped or not: a run without clipping shows the spikes clipping would cut
        double norm = Double.isNaN(c.clipNorm) ? GradClipping.totalNorm(params, c.clipNormType)
                : GradClipping.clipGradNorm(params, c.clipNorm, c.clipNormType, false);
        if (!Double.isNaN(c.clipValue)) {
            GradClipping.clipGradValue(params, c.clipValue);
        }
        double lr = c.optimizer.lr(0);
        if (c.optimizer instanceof PerParameterOptimizer<?, ?> p) {
            p.step();
        } else {
            int examples = total;
            c.optimizer.step(() -> recompute(group, examples));   // L-BFGS evaluates the loss again
        }
        // committed from here on
        trainer.countStep();
        for (Part p : parts) {
            sums.add(p.stats(), p.loss(), p.size());
        }
        if (c.schedule != null && c.interval == Trainer.Interval.STEP) {
            c.schedule.step();
        }
        History.StepRecord record = new History.StepRecord(number, epoch, batch, total, lossSum / total, lr, norm);
        trainer.history().addStep(record);
        return record;
    }

    /** What one micro-batch or shard added to a step: its mean loss, its size and its metrics' statistics. */
    private record Part(double loss, int size, double[][] stats) {
    }

    private List<Part> wholeBatches(List<Batch> group, long number, int epoch, int batch, int total) {
        List<Part> parts = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            Batch b = group.get(i);
            Tensor output = c.model.call(b.features());
            Tensor loss = c.loss.apply(output, b.labels());
            double value = loss.item();
            if (!Double.isFinite(value)) {
                throw nonFinite(value, number, epoch, batch + i, "");
            }
            double share = (double) b.size() / total;
            (share == 1 ? loss : loss.mul(share)).backward();
            try (Scope _ = GradMode.noGrad()) {
                parts.add(new Part(value, b.size(), statistics(output.detach(), b.labels())));
            }
        }
        return parts;
    }

    /** The group on the replicas of {@code c.parallel}; the losses are checked once all shards are done. */
    private List<Part> shards(List<Batch> group, long number, int epoch, int batch) {
        List<Part> parts = new ArrayList<>();
        for (DataParallel.Shard s : c.parallel.forwardBackward(group, c.loss).shards()) {
            if (!Double.isFinite(s.loss())) {
                throw nonFinite(s.loss(), number, epoch, batch + s.microBatch(), ", shard " + s.index()
                        + ": examples " + s.from() + " to " + (s.to() - 1));
            }
            try (Scope _ = GradMode.noGrad()) {
                parts.add(new Part(s.loss(), s.size(), statistics(s.output(), s.labels())));
            }
        }
        return parts;
    }

    private NonFiniteLossException nonFinite(double value, long number, int epoch, int batch, String where) {
        c.optimizer.zeroGrad();
        return new NonFiniteLossException("Trainer: the loss is " + value + " at step " + number + " (epoch "
                + epoch + ", batch " + batch + where + "); the step was not taken, so the model and optimizer are "
                + "as after step " + (number - 1) + " (try a lower learning rate or gradient clipping)", number);
    }

    private Tensor recompute(List<Batch> group, int total) {
        c.optimizer.zeroGrad();
        if (c.parallel != null) {
            return Tensor.scalar(c.parallel.forwardBackward(group, c.loss).loss(), DType.FLOAT64);
        }
        Tensor sum = null;
        for (Batch b : group) {
            Tensor loss = c.loss.apply(c.model.call(b.features()), b.labels()).mul((double) b.size() / total);
            loss.backward();
            sum = sum == null ? loss.detach() : sum.add(loss.detach());
        }
        return sum;
    }

    private double[][] statistics(Tensor output, Tensor target) {
        double[][] s = new double[c.metrics.size()][];
        for (int m = 0; m < s.length; m++) {
            s[m] = c.metrics.get(m).statistics(output, target);
        }
        return s;
    }

    /** Loss and metrics over {@code loader}, in eval mode and without gradients; the model's mode is restored. */
    Evaluation evaluate(DataLoader loader, String prefix) {
        EpochSums sums = new EpochSums(c.metrics);
        boolean training = c.model.isTraining();
        c.model.eval();
        try (Scope _ = GradMode.noGrad(); Epoch it = loader.epoch(0)) {
            while (it.hasNext()) {
                Batch b = it.next();
                if (b.labels() == null) {
                    throw new IllegalArgumentException("Trainer.evaluate: batch " + (it.nextBatch() - 1)
                            + " has no labels");
                }
                Tensor output = c.model.call(b.features());
                double loss = c.loss.apply(output, b.labels()).item();
                sums.add(statistics(output, b.labels()), loss, b.size());
            }
        } finally {
            c.model.train(training);
        }
        Tensor confusion = null;
        for (Metric m : c.metrics) {
            if (m instanceof ConfusionMatrix cm && sums.totals(m) != null) {
                confusion = cm.toTensor(sums.totals(m));
            }
        }
        return new Evaluation(sums.examples(), sums.values(prefix), confusion);
    }

    Tensor predict(DataLoader loader) {
        List<Tensor> outputs = new ArrayList<>();
        boolean training = c.model.isTraining();
        c.model.eval();
        try (Scope _ = GradMode.noGrad(); Epoch it = loader.epoch(0)) {
            while (it.hasNext()) {
                outputs.add(c.model.call(it.next().features()));
            }
        } finally {
            c.model.train(training);
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("Trainer.predict: the loader has no batches");
        }
        return Tensor.cat(outputs, 0);
    }
}
