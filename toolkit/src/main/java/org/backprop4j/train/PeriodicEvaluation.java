package org.backprop4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.backprop4j.data.DataLoader;

/**
 * Evaluates the model on a loader every {@code every} optimizer steps (and once before the first step), with the
 * trainer's loss and metrics, and keeps the values: a learning curve measured in steps rather than epochs, for runs
 * that train for a number of steps on a stream of batches (the synthetic sequence tasks). {@link #stepsToReach}
 * answers "after how many steps did the held-out accuracy first reach 90%?".
 *
 * <p>Each evaluation is {@link Trainer#evaluate}: eval mode and no gradients, the model's mode restored after, no
 * random numbers drawn, so adding this callback does not change the training run. The values are part of
 * {@link #stateDict()}, so a resumed run keeps its curve.
 *
 * {@snippet file="TrainSnippets.java" region="periodic-evaluation"}
 */
public final class PeriodicEvaluation implements Callback {
    private final DataLoader loader;
    private final long every;
    private final List<Long> steps = new ArrayList<>();
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    /**
     * Evaluates on {@code loader} at step 0 and after every {@code every}-th step.
     *
     * @throws IllegalArgumentException if {@code every < 1}
     */
    public PeriodicEvaluation(DataLoader loader, long every) {
        this.loader = Objects.requireNonNull(loader, "PeriodicEvaluation: the loader is null");
        if (every < 1) {
            throw new IllegalArgumentException("PeriodicEvaluation: every must be at least 1 step, got " + every);
        }
        this.every = every;
    }

    @Override
    public void onFitStart(Trainer trainer) {
        if (trainer.step() == 0 && steps.isEmpty()) {
            record(trainer, 0);
        }
    }

    @Override
    public void onStepEnd(Trainer trainer, History.StepRecord step) {
        if (step.step() % every == 0 && (steps.isEmpty() || steps.getLast() < step.step())) {
            record(trainer, step.step());
        }
    }

    private void record(Trainer trainer, long step) {
        Evaluation e = trainer.evaluate(loader);
        steps.add(step);
        e.values().forEach((name, v) -> values.computeIfAbsent(name, k -> new ArrayList<>()).add(v));
    }

    /** The steps evaluated at, in order (0 is before training). */
    public long[] steps() {
        return steps.stream().mapToLong(Long::longValue).toArray();
    }

    /** The names measured: {@code loss} and the trainer's metrics. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /**
     * The value named {@code name} at each of {@link #steps()}.
     *
     * @throws IllegalArgumentException if there is no such value; the message lists those there are
     */
    public double[] values(String name) {
        List<Double> v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("PeriodicEvaluation: no value '" + name + "'; there are "
                    + values.keySet() + (steps.isEmpty() ? " (nothing evaluated yet)" : ""));
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The first step evaluated at where {@code name} was at least {@code threshold} (an accuracy reaching a goal),
     * or -1 if it never was.
     */
    public long stepsToReach(String name, double threshold) {
        double[] v = values(name);
        for (int i = 0; i < v.length; i++) {
            if (v[i] >= threshold) {
                return steps.get(i);
            }
        }
        return -1;
    }

    /**
     * The first step evaluated at where {@code name} was at most {@code threshold} (a loss falling to a goal), or -1
     * if it never was.
     */
    public long stepsToFall(String name, double threshold) {
        double[] v = values(name);
        for (int i = 0; i < v.length; i++) {
            if (v[i] <= threshold) {
                return steps.get(i);
            }
        }
        return -1;
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("steps", List.copyOf(steps));
        Map<String, Object> v = new LinkedHashMap<>();
        values.forEach((k, list) -> v.put(k, List.copyOf(list)));
        out.put("values", v);
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        long[] s = StateValues.longs(state.get("steps"), "PeriodicEvaluation 'steps'");
        Map<String, Object> v = StateValues.map(state, "values", "PeriodicEvaluation");
        Map<String, List<Double>> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : v.entrySet()) {
            double[] d = StateValues.doubles(e.getValue(), "PeriodicEvaluation '" + e.getKey() + "'");
            if (d.length != s.length) {
                throw new IllegalArgumentException("PeriodicEvaluation: '" + e.getKey() + "' has " + d.length
                        + " values for " + s.length + " steps");
            }
            List<Double> list = new ArrayList<>();
            for (double x : d) {
                list.add(x);
            }
            loaded.put(e.getKey(), list);
        }
        steps.clear();
        for (long x : s) {
            steps.add(x);
        }
        values.clear();
        values.putAll(loaded);
    }

    @Override
    public String toString() {
        return "PeriodicEvaluation(every " + every + " steps, " + steps.size() + " evaluations)";
    }
}
