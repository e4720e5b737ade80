package org.backprop4j.spark.examples;

import java.nio.file.Path;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.SGD;
import org.backprop4j.spark.ShardedDataset;
import org.backprop4j.spark.SparkSetup;
import org.backprop4j.spark.SyncSgd;
import org.backprop4j.tensor.Tensor;

/**
 * Trains an MLP on Fashion-MNIST with synchronous SGD on whatever cluster {@code spark-submit} names, then writes a
 * checkpoint directory that {@code Checkpoint.load(dir).restore(model, optimizer, null)} restores on one machine:
 *
 * <pre>
 * spark-submit --class org.backprop4j.spark.examples.FashionMnistOnSpark backprop4j-spark-VERSION-all.jar \
 *     TRAIN_ARROW [STEPS=200] [PARTITIONS=2] [CHECKPOINT_DIR=fashion-mnist-mlp]
 * </pre>
 */
public final class FashionMnistOnSpark {
    private FashionMnistOnSpark() {
    }

    /** 784 pixels, one hidden layer of 128 ReLUs, 10 classes. */
    public static final class Mlp extends Module {
        final Linear hidden = new Linear(784, 128);
        final Linear out = new Linear(128, 10);

        @Override
        public Tensor forward(Tensor images) {
            return out.call(hidden.call(images.flatten(1).div(255)).relu());
        }
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: FashionMnistOnSpark TRAIN_ARROW [STEPS] [PARTITIONS] [CHECKPOINT_DIR]");
            System.exit(2);
        }
        Path train = Path.of(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path checkpoint = Path.of(args.length > 3 ? args[3] : "fashion-mnist-mlp");
        SparkConf conf = SparkSetup.configure(new SparkConf().setAppName("backprop4j Fashion-MNIST MLP"));
        try (JavaSparkContext sc = new JavaSparkContext(conf);
             ShardedDataset data = ShardedDataset.fromArrow(sc, train).features("image").label("label")
                     .partitions(partitions).build()) {
            SyncSgd sgd = SyncSgd.builder(data, Mlp::new,
                    (model, batch) -> new CrossEntropyLoss().forward(model.call(batch.features()), batch.labels()),
                    params -> new SGD(params, SGD.Options.of(0.05).withMomentum(0.9)))
                    .batchSizePerPartition(64).seed(42).build();
            System.out.println(data + "; " + sgd);
            for (int s = 0; s < steps; s++) {
                double loss = sgd.step();
                if (s % 20 == 0 || s == steps - 1) {
                    System.out.printf("step %d: loss %.4f%n", s, loss);
                }
            }
            sgd.saveCheckpoint(checkpoint);
            System.out.println("checkpoint: " + checkpoint.toAbsolutePath());
        }
    }
}
