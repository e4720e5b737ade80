package org.backprop4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.data.Datasets;
import org.backprop4j.data.TensorDataset;
import org.backprop4j.nn.Adversarial;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.optim.Adam;
import org.backprop4j.tensor.Tensor;

/**
 * Adversarial examples against a small classifier of two moons (inputs rescaled into the unit square), and
 * adversarial training against them: a table of clean, FGSM and PGD accuracy at several epsilons for a plainly trained
 * and a PGD-trained network (Madry et al., 2018). Run with
 * {@code java -cp toolkit/target/classes:... org.backprop4j.examples.AdversarialDemo}.
 */
public final class AdversarialDemo {
    /** The epsilons of the table, in units of the unit square. */
    public static final double[] EPSILONS = {0.01, 0.02, 0.05, 0.1};

    private AdversarialDemo() {
    }

    /** Features {@code [n, 2]} in [0, 1] (float32) and labels {@code [n]}. */
    public record Data(Tensor x, Tensor y) {
    }

    /** Accuracy and mean cross-entropy of a model on one set of inputs. */
    public record Score(double accuracy, double loss) {
    }

    /**
     * One model at one epsilon: on clean inputs, FGSM's, PGD's from a random start (Madry et al.'s, 10 steps of
     * {@code epsilon / 4}) and PGD's from the inputs themselves (the same steps).
     */
    public record Row(double epsilon, Score clean, Score fgsm, Score pgd, Score pgdFromInput) {
    }

    /** {@code n} points of two moons (noise 0.1), mapped into the unit square by one fixed affine map. */
    public static Data moons(int n, long seed) {
        TensorDataset d = Datasets.twoMoons(n, 0.1, seed);
        Tensor scale = Tensor.of(1 / 3.5f, 1 / 2f);
        Tensor shift = Tensor.of(1.25f, 0.75f);
        return new Data(d.features().add(shift).mul(scale).clamp(0, 1), d.labels());
    }

    /** A 2-64-64-2 ReLU network. */
    public static Sequential network(long seed) {
        Rng.global().reseed(seed);
        return new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 2));
    }

    /**
     * Full-batch Adam on the cross-entropy, on clean inputs or, with {@code pgdEpsilon > 0}, on PGD examples made
     * afresh at every step (adversarial training, Madry et al.).
     */
    public static Sequential train(Data data, int steps, double pgdEpsilon, long seed) {
        Sequential model = network(seed);
        Adam adam = new Adam(model.parameters(), 0.01);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Rng rng = Rng.seeded(seed + 1);
        for (int step = 0; step < steps; step++) {
            Tensor input = data.x();
            if (pgdEpsilon > 0) {
                input = Adversarial.pgd(Adversarial.lossOf(model, ce, data.y()), data.x(),
                        Adversarial.PgdOptions.of(pgdEpsilon).withSteps(5).withStepSize(pgdEpsilon / 2), rng);
            }
            adam.zeroGrad();
            ce.forward(model.call(input), data.y()).backward();
            adam.step();
        }
        model.eval();
        return model;
    }

    /** Clean, FGSM and PGD scores of {@code model} at {@code epsilon}; {@code seed} draws PGD's random start. */
    public static Row evaluate(Module model, Data data, double epsilon, long seed) {
        return evaluate(model, data, epsilon, seed, true);
    }

    /**
     * As {@link #evaluate(Module, Data, double, long)}; without {@code fromInput} the row's PGD from the input itself
     * is {@code null} (it costs as much as PGD again).
     */
    public static Row evaluate(Module model, Data data, double epsilon, long seed, boolean fromInput) {
        Function<Tensor, Tensor> loss = Adversarial.lossOf(model, new CrossEntropyLoss(), data.y());
        var pgd = Adversarial.PgdOptions.of(epsilon);
        return new Row(epsilon, score(model, data.x(), data.y()),
                score(model, Adversarial.fgsm(loss, data.x(), epsilon, 0, 1), data.y()),
                score(model, Adversarial.pgd(loss, data.x(), pgd, Rng.seeded(seed)), data.y()),
                fromInput ? score(model, Adversarial.pgd(loss, data.x(), pgd.withRandomStart(false), null), data.y())
                        : null);
    }

    /** Accuracy (largest logit is the label) and mean cross-entropy of {@code model} on {@code x}. */
    public static Score score(Module model, Tensor x, Tensor y) {
        try (Scope _ = GradMode.noGrad()) {
            Tensor logits = model.call(x);
            return new Score(logits.argmax(1, false).eq(y).to(DType.FLOAT64).mean().item(),
                    new CrossEntropyLoss().forward(logits, y).item());
        }
    }

    /** The table rows of {@code model} on {@code data}, one per epsilon of {@link #EPSILONS}. */
    public static List<Row> table(Sequential model, Data data) {
        List<Row> rows = new ArrayList<>();
        for (double eps : EPSILONS) {
            rows.add(evaluate(model, data, eps, 11));
        }
        return rows;
    }

    private static void print(String title, List<Row> rows) {
        System.out.println(title);
        System.out.println("| epsilon | clean | FGSM | PGD, random start | PGD from the input |");
        System.out.println("|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %.2f | %s | %s | %s | %s |%n", r.epsilon(), cell(r.clean()),
                    cell(r.fgsm()), cell(r.pgd()), cell(r.pgdFromInput()));
        }
    }

    private static String cell(Score s) {
        return String.format(Locale.ROOT, "%.1f%% (loss %.3f)", 100 * s.accuracy(), s.loss());
    }

    public static void main(String[] args) {
        Data train = moons(1000, 1);
        Data test = moons(1000, 2);
        long start = System.nanoTime();
        Sequential plain = train(train, 400, 0, 3);
        print("Plain training (400 full-batch Adam steps), test set of 1000:", table(plain, test));
        Sequential robust = train(train, 400, 0.05, 3);
        print("\nPGD training at epsilon 0.05 (5 steps of 0.025 per update):", table(robust, test));
        System.out.printf(Locale.ROOT, "%nboth trained and attacked in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}
