package org.backprop4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.Rng;
import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Datasets;
import org.backprop4j.data.TensorDataset;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Tanh;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.schedule.StepLR;
import org.backprop4j.tensor.Tensor;

/** A small, seeded classification run (two moons, a 2-16-2 MLP, Adam, StepLR) shared by the training tests. */
public final class Fixtures {
    private Fixtures() {
    }

    public static final TensorDataset MOONS = Datasets.twoMoons(200, 0.1, 7);

    public static Sequential model(long seed) {
        Sequential m = new Sequential(new Linear(2, 16), new Tanh(), new Linear(16, 2));
        m.resetParameters(Rng.seeded(seed));
        return m;
    }

    public static DataLoader loader(int batchSize) {
        return DataLoader.builder(MOONS).batchSize(batchSize).shuffle(true).seed(11).build();
    }

    /** A trainer with a schedule, clipping, accuracy and no progress display. */
    public static TrainerBuilder builder(Module model) {
        Adam adam = new Adam(model.parameters(), Adam.Options.DEFAULT.withLr(0.02));
        return Trainer.builder(model, new CrossEntropyLoss(), adam)
                .train(loader(32)).validation(DataLoader.builder(MOONS).batchSize(64).build())
                .schedule(new StepLR(adam, 3, 0.5), Trainer.Interval.EPOCH)
                .clipGradNorm(1.0).metrics(Metrics.accuracy()).seed(5).progress(null);
    }

    /** Every tensor of the model and the optimizer's state, in order, for bitwise comparisons. */
    public static List<Tensor> everything(Trainer t) {
        List<Tensor> out = new ArrayList<>(t.model().stateDict().values());
        for (Map<String, Object> s : t.optimizer().stateDict().state().values()) {
            for (Object v : s.values()) {
                if (v instanceof Tensor x) {
                    out.add(x);
                } else if (v instanceof Number n) {
                    out.add(Tensor.of(n.doubleValue()));
                }
            }
        }
        return out;
    }

    public static double[] stepLosses(Trainer t) {
        return t.history().steps().stream().mapToDouble(History.StepRecord::loss).toArray();
    }
}
