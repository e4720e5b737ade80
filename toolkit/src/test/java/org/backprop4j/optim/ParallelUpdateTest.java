package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.backend.Threads;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Large parameters are updated in chunks on several cores; the chunks are disjoint, so the result is the same bits
 * as on one core. Parameters that are views (offset or strided) are updated through a copy and written back.
 */
class ParallelUpdateTest {
    private static final int SIZE = 300_001; // more than two chunks, and not a multiple of the chunk alignment

    @AfterEach
    void restoreThreads() {
        Threads.set(Runtime.getRuntime().availableProcessors());
    }

    private static double[] run(int threads, DType dtype, Function<List<Tensor>, PerParameterOptimizer<?, ?>> make) {
        Threads.set(threads);
        Tensor p = Tensor.randn(Rng.seeded(1), dtype, SIZE).requiresGrad(true);
        PerParameterOptimizer<?, ?> optimizer = make.apply(List.of(p));
        for (int step = 0; step < 3; step++) {
            p.setGrad(Tensor.randn(Rng.seeded(10 + step), dtype, SIZE));
            optimizer.step();
        }
        return p.toDoubleArray();
    }

    @Test
    void threadsDoNotChangeTheResult() {
        List<Function<List<Tensor>, PerParameterOptimizer<?, ?>>> optimizers = List.of(
                p -> new Adam(p, Adam.Options.DEFAULT.withAmsgrad(true)),
                p -> new AdamW(p, 0.01),
                p -> new SGD(p, SGD.Options.of(0.1).withMomentum(0.9).withNesterov(true)),
                p -> new RMSprop(p, RMSprop.Options.DEFAULT.withCentered(true).withMomentum(0.5)),
                p -> new Adagrad(p, 0.1));
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (Function<List<Tensor>, PerParameterOptimizer<?, ?>> make : optimizers) {
                double[] threaded = run(3, dtype, make);
                double[] serial = run(1, dtype, make);
                // Arrays.mismatch, not AssertJ's containsExactly, which takes seconds on arrays this long
                assertThat(java.util.Arrays.mismatch(threaded, serial)).as("first differing element").isEqualTo(-1);
            }
        }
    }

    @Test
    void viewsAreUpdatedThroughACopy() {
        Tensor base = Tensor.randn(Rng.seeded(2), DType.FLOAT64, 4, 6);
        Tensor view = base.slice(1, 1, 5).t(); // offset 1, strided: a leaf over part of base's storage
        Tensor contiguous = Tensor.zerosLike(view).copyFrom(view);
        view.requiresGrad(true);
        contiguous.requiresGrad(true);
        Tensor g = Tensor.randn(Rng.seeded(3), DType.FLOAT64, 4, 4);
        view.setGrad(g);
        contiguous.setGrad(Tensor.zerosLike(g).copyFrom(g));
        double untouched = base.get(0, 0);
        new Adam(List.of(view), 0.1).step();
        new Adam(List.of(contiguous), 0.1).step();
        assertThat(view.toDoubleArray()).containsExactly(contiguous.toDoubleArray());
        assertThat(base.get(0, 0)).isEqualTo(untouched);
    }

}
