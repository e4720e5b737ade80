package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The state memory of each optimizer, as its state dict counts it, after one step on 12 float32 elements. */
class StateBytesTest {
    private static long bytesAfterOneStep(Function<List<Tensor>, Optimizer<?, ?>> make) {
        Tensor w = Tensor.randn(Rng.seeded(1), 3, 4).requiresGrad(true);
        Optimizer<?, ?> optimizer = make.apply(List.of(w));
        assertThat(optimizer.stateDict().stateBytes()).as("no state before the first step").isZero();
        optimizer.step(() -> {
            optimizer.zeroGrad();
            Tensor loss = w.pow(2).sum();
            loss.backward();
            return loss;
        });
        return optimizer.stateDict().stateBytes();
    }

    @Test
    void buffersOfTheParametersSizePlusEightBytesPerCounter() {
        assertThat(bytesAfterOneStep(p -> new SGD(p, 0.1))).as("plain SGD keeps nothing").isZero();
        assertThat(bytesAfterOneStep(p -> new SGD(p, SGD.Options.DEFAULT.withMomentum(0.9))))
                .as("a momentum buffer").isEqualTo(12 * 4);
        assertThat(bytesAfterOneStep(p -> new RMSprop(p, 0.01))).as("step, square average").isEqualTo(8 + 12 * 4);
        assertThat(bytesAfterOneStep(p -> new Adagrad(p, 0.01))).as("step, sum").isEqualTo(8 + 12 * 4);
        assertThat(bytesAfterOneStep(p -> new Adam(p, 0.01))).as("step, two moments").isEqualTo(8 + 2 * 12 * 4);
        assertThat(bytesAfterOneStep(p -> new AdamW(p, AdamW.Options.DEFAULT.withAmsgrad(true))))
                .as("and AMSGrad's maximum").isEqualTo(8 + 3 * 12 * 4);
    }

    @Test
    void lbfgsCountsTheHistoryItHolds() {
        Tensor w = Tensor.randn(Rng.seeded(1), 3, 4).requiresGrad(true);
        LBFGS lbfgs = new LBFGS(List.of(w), LBFGS.Options.DEFAULT.withMaxIter(5));
        lbfgs.step(() -> {
            lbfgs.zeroGrad();
            Tensor loss = w.pow(4).sum().add(w.sum());
            loss.backward();
            return loss;
        });
        OptimizerStateDict dict = lbfgs.stateDict();
        Map<String, Object> state = dict.state().get(0);
        long pairs = ((Tensor) state.get("old_dirs")).size(0);
        assertThat(pairs).as("curvature pairs held").isPositive();
        long perVector = 12 * DType.FLOAT64.byteSize();
        long numbers = state.values().stream().filter(v -> !(v instanceof Tensor)).count();
        // direction d, previous gradient, the curvature pairs (s and y) of 12 float64 each, ro (one double per
        // pair), and 8 bytes per plain number (step size t, H_diag, previous loss, the counters).
        assertThat(dict.stateBytes()).isEqualTo(2 * perVector + 2 * pairs * perVector + 8 * pairs + 8 * numbers);
    }
}
