package org.backprop4j.spark;

import java.util.Arrays;

import org.backprop4j.data.Batch;
import org.backprop4j.data.Dataset;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.PerParameterOptimizer;
import org.backprop4j.tensor.Tensor;

/** The reference the distributed trainers are compared with: plain training in this JVM, no Spark. */
final class SingleProcess {
    private SingleProcess() {
    }

    /** One optimizer step on the examples at {@code rows} of {@code data}; returns the loss before it. */
    static double step(Module model, PerParameterOptimizer<?, ?> optimizer, Dataset data, long[] rows,
            LossFunction loss) {
        Batch batch = data.batch(Arrays.stream(rows).mapToInt(Math::toIntExact).toArray());
        optimizer.zeroGrad();
        model.train();
        Tensor l = loss.loss(model, batch);
        l.backward();
        optimizer.step();
        return l.item();
    }
}
