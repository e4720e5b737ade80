package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;

import org.backprop4j.array.Scope;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Gradient accumulation: summing the gradients of micro-batches (each loss scaled by its share of the batch) and
 * stepping once gives the update of one step on the whole batch, up to the order of the additions.
 */
class GradientAccumulationTest {
    static final class Net extends Module {
        final Linear hidden = new Linear(3, 6);
        final Linear out = new Linear(6, 2);

        @Override
        public Tensor forward(Tensor x) {
            return out.call(hidden.call(x).tanh());
        }
    }

    private static Net net() {
        Net net;
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            net = new Net();
        }
        net.resetParameters(Rng.seeded(3));
        return net;
    }

    private static final Tensor X = Tensor.randn(Rng.seeded(4), DType.FLOAT64, 12, 3);
    private static final Tensor Y = Tensor.randn(Rng.seeded(5), DType.FLOAT64, 12, 2);

    private static Tensor loss(Net net, Tensor x, Tensor y) {
        return net.call(x).sub(y).pow(2).mean();
    }

    private static void check(Function<List<? extends Tensor>, PerParameterOptimizer<?, ?>> make, boolean clip) {
        Net whole = net();
        Net accumulated = net();
        PerParameterOptimizer<?, ?> wholeOptimizer = make.apply(whole.parameters());
        PerParameterOptimizer<?, ?> accumulatedOptimizer = make.apply(accumulated.parameters());
        for (int step = 0; step < 3; step++) {
            wholeOptimizer.zeroGrad();
            loss(whole, X, Y).backward();
            accumulatedOptimizer.zeroGrad();
            for (int start = 0; start < 12; start += 4) { // three micro-batches of 4
                loss(accumulated, X.slice(0, start, start + 4), Y.slice(0, start, start + 4)).mul(4.0 / 12)
                        .backward();
            }
            if (clip) {
                double a = GradClipping.clipGradNorm(whole.parameters(), 0.5);
                double b = GradClipping.clipGradNorm(accumulated.parameters(), 0.5);
                assertThat(b).isCloseTo(a, org.assertj.core.data.Offset.offset(1e-13 * a));
            }
            wholeOptimizer.step();
            accumulatedOptimizer.step();
        }
        List<Tensor> expected = List.copyOf(whole.parameters());
        List<Tensor> actual = List.copyOf(accumulated.parameters());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(OptimGolden.close(actual.get(i).toDoubleArray(), expected.get(i).toDoubleArray(), 1e-12, 1e-14))
                    .as("parameter %d", i).isTrue();
        }
        assertThat(actual.getFirst().toDoubleArray()).as("the steps moved the parameters")
                .isNotEqualTo(net().parameters().getFirst().toDoubleArray());
    }

    @Test
    void sgdWithMomentum() {
        check(p -> new SGD(p, SGD.Options.of(0.1).withMomentum(0.9)), false);
    }

    @Test
    void adam() {
        check(p -> new Adam(p, 0.01), false);
    }

    @Test
    void adamWithClippedGradients() {
        check(p -> new AdamW(p, 0.01), true);
    }

    @Test
    void rmspropCentered() {
        check(p -> new RMSprop(p, RMSprop.Options.DEFAULT.withCentered(true)), false);
    }
}
