package org.backprop4j.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;

import org.backprop4j.array.Rng;
import org.backprop4j.data.Batch;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Tanh;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.testing.TensorAssert;
import org.junit.jupiter.api.Test;

class DataParallelErrorsTest {
    static Module net() {
        return new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3));
    }

    static Batch batch(int size) {
        Rng rng = Rng.seeded(2);
        return new Batch(Tensor.randn(rng, size, 4), Tensor.randint(rng, 0, 3, size));
    }

    static final BinaryOperator<Tensor> LOSS = new org.backprop4j.nn.CrossEntropyLoss()::forward;

    @Test
    void replicaAndShardCountsAreChecked() {
        assertThatThrownBy(() -> DataParallel.of(net(), DataParallelErrorsTest::net, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DataParallel: expected replicas >= 1 and shards >= replicas, got 0 replicas and 0 shards");
        assertThatThrownBy(() -> DataParallel.of(net(), DataParallelErrorsTest::net, 4, 2))
                .hasMessageContaining("got 4 replicas and 2 shards");
    }

    @Test
    void theFactoryMustBuildNewModelsOfTheSameStructure() {
        Module model = net();
        assertThatThrownBy(() -> DataParallel.of(model, () -> model, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DataParallel: the factory returned, for replica 1, the same object as for the model; "
                        + "it must build a new model on every call");
        assertThatThrownBy(() -> DataParallel.of(model, () -> null, 2))
                .hasMessage("DataParallel: the factory returned null for replica 1");
        assertThatThrownBy(() -> DataParallel.of(model,
                () -> new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 4)), 2))
                .hasMessage("DataParallel: replica 1 (built by the factory) differs from the model: parameter "
                        + "'2.weight' is [4, 8] float32, the model's [3, 8] float32");
        assertThatThrownBy(() -> DataParallel.of(model,
                () -> new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3)), 2))
                .hasMessage("DataParallel: replica 1 (built by the factory) differs from the model: layer '1' is a "
                        + "ReLU, the model's a Tanh");
        assertThatThrownBy(() -> DataParallel.of(model, () -> new Sequential(new Linear(4, 8), new Tanh()), 2))
                .hasMessageContaining("its layers are [0, 1], the model's [0, 1, 2]");
    }

    @Test
    void replicasMustNotShareLayersWithTheModelOrEachOther() {
        Linear shared = new Linear(8, 3);
        Module model = new Sequential(new Linear(4, 8), new Tanh(), shared);
        assertThatThrownBy(() -> DataParallel.of(model, () -> new Sequential(new Linear(4, 8), new Tanh(), shared),
                2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DataParallel: replica 1 shares layer '2' with the model; the factory must build new "
                        + "layers on every call");
        Linear another = new Linear(8, 3);
        assertThatThrownBy(() -> DataParallel.of(net(), () -> new Sequential(new Linear(4, 8), new Tanh(), another),
                3)).hasMessage("DataParallel: replica 2 shares layer '2' with replica 1; the factory must build new "
                        + "layers on every call");
    }

    @Test
    void everyShardNeedsAnExampleAndLabels() {
        DataParallel parallel = DataParallel.of(net(), DataParallelErrorsTest::net, 2, 4);
        assertThatThrownBy(() -> parallel.forwardBackward(List.of(batch(8), batch(3)), LOSS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DataParallel.forwardBackward: micro-batch 1 has 3 examples, fewer than the 4 shards "
                        + "(2 replicas); every shard needs one at least: use batches of 4 or more (a loader whose "
                        + "last batch may be smaller: dropLast(true)), or fewer replicas");
        assertThatThrownBy(() -> parallel.forwardBackward(List.of(new Batch(Tensor.zeros(8, 4), null)), LOSS))
                .hasMessage("DataParallel.forwardBackward: micro-batch 0 has no labels; the loss needs targets");
        assertThatThrownBy(() -> parallel.forwardBackward(List.of(), LOSS))
                .hasMessage("DataParallel.forwardBackward: no batches");
        assertThat(parallel.model().parameters()).allMatch(p -> p.grad() == null);
    }

    @Test
    void aFailingShardLeavesTheGradientsAsBeforeTheCall() {
        Module model = net();
        DataParallel parallel = DataParallel.of(model, DataParallelErrorsTest::net, 2);
        Batch b = batch(8);
        LOSS.apply(model.call(b.features()), b.labels()).backward();
        List<Tensor> before = model.parameters().stream().map(p -> p.grad().clone()).toList();
        AtomicInteger calls = new AtomicInteger();
        BinaryOperator<Tensor> failing = (out, target) -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("the second shard's loss fails");
            }
            return LOSS.apply(out, target);
        };
        assertThatThrownBy(() -> parallel.forwardBackward(List.of(b), failing))
                .isInstanceOf(IllegalStateException.class).hasMessage("the second shard's loss fails");
        for (int i = 0; i < before.size(); i++) {
            TensorAssert.assertThat(model.parameters().get(i).grad()).isBitwiseEqualTo(before.get(i));
        }
    }
}
