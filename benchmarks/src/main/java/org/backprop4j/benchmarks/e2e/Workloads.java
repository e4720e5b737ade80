package org.backprop4j.benchmarks.e2e;

import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.BatchNorm2d;
import org.backprop4j.nn.Conv2d;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.ConvOptions;
import org.backprop4j.nn.Dropout;
import org.backprop4j.nn.Flatten;
import org.backprop4j.nn.LSTM;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MaxPool2d;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.RNN;
import org.backprop4j.nn.RNNOptions;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.TransformerEncoderLayer;
import org.backprop4j.nn.TransformerOptions;
import org.backprop4j.optim.GradClipping;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;

/**
 * The reference training workloads of {@code run-e2e.sh}, built as {@code baselines/torch_e2e.py} builds them in
 * PyTorch: the same layers, shapes, batch sizes and step (zero grads, forward, cross-entropy, backward, clipping
 * for the recurrent ones, SGD with momentum 0.9).
 */
enum Workloads {
    MLP64("mlp_b64", 64, false), MLP256("mlp_b256", 256, false), LENET("lenet5_b64", 64, false),
    RNN("rnn_tanh_t50_b32", 32, true), LSTM("lstm_t50_b32", 32, true), CNN("fmnist_cnn_b128", 128, false),
    TRANSFORMER("transformer_d128_b32", 32, false);

    final String id;
    final int batch;
    final boolean clip;

    Workloads(String id, int batch, boolean clip) {
        this.id = id;
        this.batch = batch;
        this.clip = clip;
    }

    static Workloads byId(String id) {
        for (Workloads w : values()) {
            if (w.id.equals(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload " + id + "; known: " + List.of(values()).stream()
                .map(w -> w.id).toList());
    }

    Module model() {
        return switch (this) {
            case MLP64, MLP256 -> new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(),
                    new Linear(128, 10));
            case LENET -> new Sequential(new Conv2d(1, 6, 5), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5),
                    new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(16 * 4 * 4, 120), new ReLU(),
                    new Linear(120, 84), new ReLU(), new Linear(84, 10));
            case RNN -> new LastStep(new org.backprop4j.nn.RNN(32, 128, RNNOptions.DEFAULT.withBatchFirst(true)));
            case LSTM -> new LastStep(new org.backprop4j.nn.LSTM(32, 128, RNNOptions.DEFAULT.withBatchFirst(true)));
            case CNN -> fashionCnn();
            case TRANSFORMER -> new Pooled(new TransformerEncoderLayer(128, 4,
                    TransformerOptions.DEFAULT.withBatchFirst(true)));
        };
    }

    /** The image-classification notebook's network: two conv blocks with BatchNorm and pooling, dropout, a head. */
    static Module fashionCnn() {
        ConvOptions same = ConvOptions.DEFAULT.withPadding(1);
        return new Sequential(new Conv2d(1, 32, 3, same), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, same), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
                new Dropout(0.25), new Flatten(), new Linear(64 * 7 * 7, 10));
    }

    Tensor input(Rng rng) {
        return switch (this) {
            case MLP64, MLP256 -> Tensor.randn(rng, batch, 784);
            case LENET, CNN -> Tensor.randn(rng, batch, 1, 28, 28);
            case RNN, LSTM -> Tensor.randn(rng, batch, 50, 32);
            case TRANSFORMER -> Tensor.randn(rng, batch, 64, 128);
        };
    }

    Tensor labels(Rng rng) {
        return Tensor.randint(rng, 0, 10, batch);
    }

    /**
     * The reference training step on fixed data, seeded: zero grads, forward, cross-entropy, backward, clipping at
     * 1.0 for the recurrent workloads, SGD with momentum 0.9.
     */
    Runnable trainingStep() {
        Rng rng = Rng.seeded(0);
        Rng.global().reseed(0);
        Module model = model();
        Tensor x = input(rng);
        Tensor y = labels(rng);
        SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.01).withMomentum(0.9));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        return () -> {
            sgd.zeroGrad();
            loss.forward(model.call(x), y).backward();
            if (clip) {
                GradClipping.clipGradNorm(model.parameters(), 1.0);
            }
            sgd.step();
        };
    }

    /** A recurrent layer (batch first) whose last step feeds a 10-class head. */
    static final class LastStep extends Module {
        final Module rnn;
        final Linear head = new Linear(128, 10);

        LastStep(Module rnn) {
            this.rnn = rnn;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = rnn.call(x);
            return head.call(out.select(1, out.size(1) - 1));
        }
    }

    /** A transformer layer whose mean over the sequence feeds a 10-class head. */
    static final class Pooled extends Module {
        final TransformerEncoderLayer layer;
        final Linear head = new Linear(128, 10);

        Pooled(TransformerEncoderLayer layer) {
            this.layer = layer;
        }

        @Override
        public Tensor forward(Tensor x) {
            return head.call(layer.call(x).mean(1));
        }
    }
}
