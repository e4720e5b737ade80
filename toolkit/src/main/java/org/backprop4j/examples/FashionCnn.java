package org.backprop4j.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.data.ArrowDataset;
import org.backprop4j.data.Batch;
import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.data.Split;
import org.backprop4j.nn.Adversarial;
import org.backprop4j.nn.Conv2d;
import org.backprop4j.nn.ConvOptions;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Flatten;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MaxPool2d;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.optim.PerParameterOptimizer;
import org.backprop4j.tensor.Tensor;

/**
 * The small convolutional network and the data plumbing that the adversarial and transfer-learning demos share on
 * Fashion-MNIST: images as float32 in [0, 1], a two-convolution body with a replaceable linear head, and a
 * mini-batch training loop that can train on PGD examples instead of the clean batch (adversarial training).
 */
public final class FashionCnn {
    /** Width of the body's output: 16 channels of 7 x 7. */
    public static final int FEATURES = 16 * 7 * 7;

    private FashionCnn() {
    }

    /**
     * conv 5x5 (1 -> 8) - ReLU - max-pool 2 - conv 5x5 (8 -> 16) - ReLU - max-pool 2 - flatten (784 features), then a
     * linear head; {@code body} and {@code head} are fields so that a head can be replaced
     * ({@link org.backprop4j.nn.FineTuning#replace}) and a body frozen.
     */
    public static final class Network extends Module {
        final Sequential body;
        Module head;

        public Network(int classes) {
            body = new Sequential(new Conv2d(1, 8, 5, ConvOptions.DEFAULT.withPadding(2)), new ReLU(), new MaxPool2d(2),
                    new Conv2d(8, 16, 5, ConvOptions.DEFAULT.withPadding(2)), new ReLU(), new MaxPool2d(2),
                    new Flatten());
            head = new Linear(FEATURES, classes);
        }

        public Sequential body() {
            return body;
        }

        @Override
        public Tensor forward(Tensor x) {
            return head.call(body.call(x));
        }
    }

    /** A network with {@code classes} outputs, initialized from {@code seed} (PyTorch's default initialization). */
    public static Network network(int classes, long seed) {
        Network n = new Network(classes);
        n.resetParameters(Rng.seeded(seed));
        return n;
    }

    /** The first {@code n} images of {@code split} and their labels. */
    public static AdversarialDemo.Data load(Split split, int n) {
        return load(split, n, k -> k);
    }

    /**
     * The first {@code n} images of {@code split} whose class {@code relabel} maps to 0 or more, labelled with that
     * value (a negative value drops the image): {@code k -> k < 5 ? k : -1} keeps classes 0-4, {@code k -> k - 5}
     * keeps 5-9 as 0-4.
     *
     * @throws IllegalArgumentException if the split has fewer such images
     */
    public static AdversarialDemo.Data load(Split split, int n, IntUnaryOperator relabel) {
        return load(split, n, relabel, Integer.MAX_VALUE);
    }

    /**
     * As {@link #load(Split, int, IntUnaryOperator)} with at most {@code perClass} images of each new label: {@code
     * load(split, 5 * k, relabel, k)} gives exactly {@code k} images of each of five classes, the first of each.
     *
     * @throws IllegalArgumentException if the split has fewer such images
     */
    public static AdversarialDemo.Data load(Split split, int n, IntUnaryOperator relabel, int perClass) {
        List<Tensor> images = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        Map<Integer, Integer> taken = new HashMap<>();
        int chunk = 5000;
        try (ArrowDataset all = Datasets.fashionMnist(split)) {
            for (int from = 0; from < all.size() && labels.size() < n; from += chunk) {
                int[] idx = new int[Math.min(chunk, all.size() - from)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                Batch b = all.batch(idx);
                long[] ks = b.labels().toLongArray();
                List<Integer> keep = new ArrayList<>();
                for (int i = 0; i < ks.length && labels.size() < n; i++) {
                    int k = relabel.applyAsInt((int) ks[i]);
                    if (k >= 0 && taken.merge(k, 1, Integer::sum) <= perClass) {
                        keep.add(i);
                        labels.add((long) k);
                    }
                }
                if (!keep.isEmpty()) {
                    Tensor rows = Tensor.of(keep.stream().mapToLong(Integer::longValue).toArray());
                    images.add(b.features().indexSelect(0, rows));
                }
            }
        }
        if (labels.size() < n) {
            throw new IllegalArgumentException("FashionCnn.load: " + split + " has only " + labels.size()
                    + " images of the requested classes" + (perClass < Integer.MAX_VALUE ? " (at most " + perClass
                    + " of each)" : "") + ", asked for " + n);
        }
        Tensor x = Tensor.cat(images, 0).to(DType.FLOAT32).div(255).reshape(n, 1, 28, 28);
        return new AdversarialDemo.Data(x, Tensor.of(labels.stream().mapToLong(Long::longValue).toArray()));
    }

    /**
     * {@code epochs} passes over {@code data} in mini-batches of {@code batchSize} shuffled by a {@link DataLoader};
     * with {@code pgdEpsilon > 0} each batch is replaced by PGD examples made against the current model (5 steps of
     * {@code epsilon / 2} from a random start), Madry et al.'s adversarial training. Leaves the model in eval mode.
     *
     * @return the mean training loss of each epoch
     */
    public static double[] train(Module model, AdversarialDemo.Data data, PerParameterOptimizer<?, ?> optimizer, int epochs,
            int batchSize, double pgdEpsilon, long seed) {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Rng rng = Rng.seeded(seed);   // PGD's random starts
        DataLoader loader = DataLoader.builder(Dataset.of(data.x(), data.y())).batchSize(batchSize).shuffle(true)
                .seed(seed).build();
        double[] epochLoss = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            double sum = 0;
            int batches = 0;
            for (Batch batch : loader) {
                Tensor x = batch.features();
                Tensor y = batch.labels();
                model.train();
                if (pgdEpsilon > 0) {
                    x = Adversarial.pgd(Adversarial.lossOf(model, ce, y), x,
                            Adversarial.PgdOptions.of(pgdEpsilon).withSteps(5).withStepSize(pgdEpsilon / 2), rng);
                }
                optimizer.zeroGrad();
                Tensor loss = ce.forward(model.call(x), y);
                loss.backward();
                optimizer.step();
                sum += loss.item();
                batches++;
            }
            epochLoss[epoch] = sum / batches;
        }
        model.eval();
        return epochLoss;
    }
}
