package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.data.Batch;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.optim.SGD;
import org.backprop4j.parallel.DataParallel;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The examples of data-parallel training on the cores of one machine. */
class ParallelSnippets {
    static final class Net extends Sequential {
        Net() {
            super(new Linear(10, 16), new ReLU(), new Linear(16, 3));
        }
    }

    @Test
    void dataParallel() {
        Module model = new Net();
        SGD optimizer = new SGD(model.parameters(), 0.1);
        Batch batch = new Batch(Tensor.randn(Rng.seeded(1), 32, 10), Tensor.randint(Rng.seeded(2), 0, 3, 32));
        Tensor before = model.parameters().get(0).clone();
        // @start region="data-parallel"
        DataParallel parallel = DataParallel.of(model, Net::new, 2);   // 2 replicas; of(model, Net::new): one a thread
        optimizer.zeroGrad();
        DataParallel.Result r = parallel.forwardBackward(List.of(batch), new CrossEntropyLoss()::forward);
        optimizer.step();                                              // r.loss(): the batch's mean loss
        // @end
        assertThat(r.shards()).hasSize(2);
        assertThat(r.examples()).isEqualTo(32);
        assertThat(r.loss()).isFinite().isPositive();
        assertThat(model.parameters().get(0).sub(before).abs().max().item()).as("the step moved the weights")
                .isPositive();
    }
}
