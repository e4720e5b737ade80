package org.backprop4j.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.backend.Threads;
import org.backprop4j.data.Batch;
import org.backprop4j.nn.BatchNorm1d;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Dropout;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Tanh;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.testing.TensorAssert;
import org.junit.jupiter.api.Test;

/**
 * N replicas give the weights of one pass over the whole batch: to float rounding when the shard count follows N,
 * bit for bit when it is fixed. The tolerances are explained where they are used.
 */
class DataParallelTest {
    static final int STEPS = 5;
    static final int BATCH = 48;
    static final CrossEntropyLoss LOSS = new CrossEntropyLoss();

    static Module mlp() {
        return new Sequential(new Linear(20, 32), new Tanh(), new Linear(32, 16), new ReLU(), new Linear(16, 5));
    }

    /** Batch statistics, running statistics and dropout: everything a shard does differently from the whole. */
    static Module noisy() {
        return new Sequential(new Linear(20, 32), new BatchNorm1d(32), new ReLU(), new Dropout(0.3),
                new Linear(32, 5));
    }

    static List<Batch> batches(DType dtype) {
        Rng rng = Rng.seeded(3);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            out.add(new Batch(Tensor.randn(rng, dtype, BATCH, 20), Tensor.randint(rng, 0, 5, BATCH)));
        }
        return out;
    }

    /** The model's state after {@link #STEPS} SGD steps, with {@code replicas} replicas (0: plain backward). */
    static Map<String, Tensor> train(Supplier<Module> build, DType dtype, int replicas, int shards) {
        try (Scope _ = DType.useDefaultFloat(dtype)) {
            Module model = build.get();
            model.resetParameters(Rng.seeded(1));
            DataParallel parallel = replicas == 0 ? null : DataParallel.of(model, build, replicas, shards);
            SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.1).withMomentum(0.9));
            Rng.global().reseed(9);
            for (Batch b : batches(dtype)) {
                sgd.zeroGrad();
                if (parallel == null) {
                    LOSS.forward(model.call(b.features()), b.labels()).backward();
                } else {
                    parallel.forwardBackward(List.of(b), LOSS::forward);
                }
                sgd.step();
            }
            return model.stateDict();
        }
    }

    static double maxDifference(Map<String, Tensor> a, Map<String, Tensor> b) {
        double max = 0;
        for (String k : a.keySet()) {
            max = Math.max(max, a.get(k).to(DType.FLOAT64).sub(b.get(k).to(DType.FLOAT64)).abs().max().item());
        }
        return max;
    }

    @Test
    void oneToFourReplicasGiveTheWholeBatchWeightsToFloatRounding() {
        Map<String, Tensor> whole = train(DataParallelTest::mlp, DType.FLOAT32, 0, 0);
        // The tolerance: each gradient element is a sum over 48 examples; N shards add it up in N pieces, then add
        // the pieces, which moves it by a few ulps (float32: 6e-8 relative) of the gradient's magnitude. Five SGD
        // steps with momentum carry such differences into the weights (|w| < 1) at lr 0.1: observed 1.5e-8 with 2
        // replicas and 3e-8 with 4, a few ulps of the weights. A real mistake (a shard left out or weighted twice)
        // moves a weight by about lr |g| / N, 1e-3 and more here, as the last check shows.
        double tolerance = 1e-6;
        for (int n : new int[] {1, 2, 4}) {
            double diff = maxDifference(train(DataParallelTest::mlp, DType.FLOAT32, n, n), whole);
            assertThat(diff).as("float32, %d replicas: max |w - w_whole|", n).isLessThanOrEqualTo(tolerance);
        }
        Map<String, Tensor> halfOfEachBatch = trainOnHalves();
        assertThat(maxDifference(halfOfEachBatch, whole)).as("a real difference is far beyond the tolerance")
                .isGreaterThan(1000 * tolerance);
    }

    /** The plain run, but on the first half of every batch: what summing one shard of two would give. */
    private static Map<String, Tensor> trainOnHalves() {
        Module model = mlp();
        model.resetParameters(Rng.seeded(1));
        SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.1).withMomentum(0.9));
        for (Batch b : batches(DType.FLOAT32)) {
            sgd.zeroGrad();
            LOSS.forward(model.call(b.features().slice(0, 0, BATCH / 2)), b.labels().slice(0, 0, BATCH / 2))
                    .backward();
            sgd.step();
        }
        return model.stateDict();
    }

    @Test
    void inFloat64TheDifferenceIsFloat64Rounding() {
        Map<String, Tensor> whole = train(DataParallelTest::mlp, DType.FLOAT64, 0, 0);
        for (int n : new int[] {2, 4}) {
            // the same argument as in float32, with eps 1.1e-16 instead of 6e-8: observed 2.8e-17
            assertThat(maxDifference(train(DataParallelTest::mlp, DType.FLOAT64, n, n), whole))
                    .as("float64, %d replicas", n).isLessThanOrEqualTo(1e-14);
        }
    }

    @Test
    void oneReplicaWithOneShardIsPlainTrainingBitForBit() {
        Map<String, Tensor> whole = train(DataParallelTest::mlp, DType.FLOAT32, 0, 0);
        Map<String, Tensor> one = train(DataParallelTest::mlp, DType.FLOAT32, 1, 1);
        for (String k : whole.keySet()) {
            TensorAssert.assertThat(one.get(k)).as(k).isBitwiseEqualTo(whole.get(k));
        }
    }

    @Test
    void aFixedShardCountGivesTheSameBitsForOneTwoAndFourReplicas() {
        Map<String, Tensor> one = train(DataParallelTest::noisy, DType.FLOAT32, 1, 4);
        for (int n : new int[] {2, 4}) {
            Map<String, Tensor> many = train(DataParallelTest::noisy, DType.FLOAT32, n, 4);
            assertThat(many.keySet()).containsExactlyElementsOf(one.keySet());   // running stats included
            for (String k : one.keySet()) {
                TensorAssert.assertThat(many.get(k)).as("%s with %d replicas", k, n).isBitwiseEqualTo(one.get(k));
            }
        }
        Map<String, Tensor> again = train(DataParallelTest::noisy, DType.FLOAT32, 4, 4);
        Map<String, Tensor> twoShards = train(DataParallelTest::noisy, DType.FLOAT32, 2, 2);
        assertThat(maxDifference(again, twoShards)).as("other shards: other batch statistics and masks")
                .isGreaterThan(1e-3);
    }

    @Test
    void theModelKeepsTheRunningStatisticsOfItsFirstShard() {
        Module model = noisy();
        model.resetParameters(Rng.seeded(1));
        Module alone = noisy();
        alone.loadStateDict(model.stateDict(), true);
        Batch b = batches(DType.FLOAT32).get(0);
        DataParallel.of(model, DataParallelTest::noisy, 2).forwardBackward(List.of(b), LOSS::forward);
        alone.call(b.features().slice(0, 0, BATCH / 2));
        for (String k : List.of("1.running_mean", "1.running_var", "1.num_batches_tracked")) {
            TensorAssert.assertThat(model.stateDict().get(k)).as(k).isBitwiseEqualTo(alone.stateDict().get(k));
        }
    }

    @Test
    void microBatchesAddUpLikeOneBatchAndEarlierGradientsAreKept() {
        Module model = mlp();
        model.resetParameters(Rng.seeded(1));
        List<Batch> two = batches(DType.FLOAT32).subList(0, 2);
        DataParallel parallel = DataParallel.of(model, DataParallelTest::mlp, 2);
        DataParallel.Result r = parallel.forwardBackward(two, LOSS::forward);
        assertThat(r.shards()).hasSize(4);
        assertThat(r.examples()).isEqualTo(2 * BATCH);
        Tensor summed = model.parameters().get(0).grad().clone();

        model.zeroGrad();
        Tensor x = Tensor.cat(List.of(two.get(0).features(), two.get(1).features()), 0);
        Tensor y = Tensor.cat(List.of(two.get(0).labels(), two.get(1).labels()), 0);
        Tensor loss = LOSS.forward(model.call(x), y);
        loss.backward();
        assertThat(r.loss()).isCloseTo(loss.item(), org.assertj.core.api.Assertions.within(1e-6));
        TensorAssert.assertThat(summed).isCloseTo(model.parameters().get(0).grad(), 1e-5, 1e-7);

        model.zeroGrad();   // a plain backward first: the parallel pass adds to its gradients
        LOSS.forward(model.call(two.get(1).features()), two.get(1).labels()).backward();
        parallel.forwardBackward(List.of(two.get(0)), LOSS::forward);
        Tensor accumulated = model.parameters().get(0).grad().clone();
        model.zeroGrad();
        LOSS.forward(model.call(two.get(1).features()), two.get(1).labels()).backward();
        LOSS.forward(model.call(two.get(0).features()), two.get(0).labels()).backward();
        TensorAssert.assertThat(accumulated).isCloseTo(model.parameters().get(0).grad(), 1e-5, 1e-7);
    }

    /** Records, on every forward, the thread it ran on and the thread count the toolkit saw there. */
    static final class Probe extends Module {
        static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();
        final Linear linear = new Linear(20, 5);

        @Override
        public Tensor forward(Tensor x) {
            SEEN.add(Thread.currentThread().getName() + " threads=" + Threads.get());
            return linear.call(x);
        }
    }

    @Test
    void replicasRunOnThePoolOneThreadEach() {
        int before = Threads.get();
        Threads.set(2);
        try {
            Probe.SEEN.clear();
            DataParallel parallel = DataParallel.of(new Probe(), Probe::new, 2);
            parallel.forwardBackward(List.of(batches(DType.FLOAT32).get(0)), LOSS::forward);
            assertThat(Probe.SEEN).as("replica 0 here, replica 1 on a pool thread, each seeing one thread")
                    .hasSize(2).contains(Thread.currentThread().getName() + " threads=1")
                    .anyMatch(s -> s.matches("backprop4j-worker-\\d+-\\d+ threads=1"));
            assertThat(Threads.get()).as("outside the replicas").isEqualTo(2);
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void buildingReplicasDrawsNothingFromTheGlobalGenerator() {
        Module model = mlp();
        Rng.global().reseed(17);
        Rng.State start = Rng.global().state();
        DataParallel.of(model, DataParallelTest::mlp, 3);
        assertThat(Rng.global().state()).isEqualTo(start);
    }
}
