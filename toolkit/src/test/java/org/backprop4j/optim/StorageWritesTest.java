package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Every write into a tensor's elements (parameter updates, state buffers, clipped gradients, L-BFGS's steps) goes
 * through {@code Storage.writable*()}, so the version counter moves and a backward that saved the old values fails
 * instead of computing a wrong gradient.
 */
class StorageWritesTest {
    static final Map<String, Function<List<Tensor>, PerParameterOptimizer<?, ?>>> OPTIMIZERS = new LinkedHashMap<>();

    static {
        OPTIMIZERS.put("SGD", p -> new SGD(p, SGD.Options.of(0.1).withMomentum(0.9)));
        OPTIMIZERS.put("RMSprop", p -> new RMSprop(p, RMSprop.Options.DEFAULT.withCentered(true).withMomentum(0.5)));
        OPTIMIZERS.put("Adagrad", p -> new Adagrad(p, 0.1));
        OPTIMIZERS.put("Adam", p -> new Adam(p, Adam.Options.DEFAULT.withAmsgrad(true)));
        OPTIMIZERS.put("AdamW", p -> new AdamW(p, 0.01));
    }

    @Test
    void aStepMovesTheVersionOfEveryUpdatedParameterOnce() {
        OPTIMIZERS.forEach((name, make) -> {
            for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
                Tensor base = Tensor.randn(Rng.seeded(1), dtype, 4, 6);
                Tensor contiguous = Tensor.randn(Rng.seeded(2), dtype, 3).requiresGrad(true);
                Tensor view = base.slice(1, 1, 5).t().requiresGrad(true); // written through a copy
                Tensor idle = Tensor.zeros(dtype, 2).requiresGrad(true);
                PerParameterOptimizer<?, ?> optimizer = make.apply(List.of(contiguous, view, idle));
                contiguous.setGrad(Tensor.ones(dtype, 3));
                view.setGrad(Tensor.ones(dtype, 4, 4));
                int[] before = {contiguous.storage().version(), view.storage().version(), idle.storage().version()};
                optimizer.step();
                assertThat(new int[] {contiguous.storage().version(), view.storage().version(),
                        idle.storage().version()}).as("%s %s: versions of the parameters", name, dtype)
                        .containsExactly(before[0] + 1, before[1] + 1, before[2]);
            }
        });
    }

    @Test
    void aGraphThatSavedAParameterCannotBackwardAfterAStep() {
        Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
        Adam adam = new Adam(List.of(w), 0.1);
        w.mul(w).sum().backward();
        Tensor stale = w.mul(w).sum(); // saves w for its backward
        adam.step();
        assertThatThrownBy(stale::backward).hasMessageContaining("modified by an in-place operation");
    }

    @Test
    void stateBuffersAreWrittenThroughTheOneEntryToo() {
        Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
        Adam adam = new Adam(List.of(w), Adam.Options.DEFAULT.withAmsgrad(true));
        w.setGrad(Tensor.of(0.5, -0.5));
        adam.step();
        AdamState s = adam.state(w);
        assertThat(List.of(s.expAvg(), s.expAvgSq(), s.maxExpAvgSq())).as("moment buffers after one step")
                .allSatisfy(t -> assertThat(t.storage().version()).isEqualTo(1));
    }

    @Test
    void clippingMovesTheVersionOfEachClippedGradient() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        p.setGrad(Tensor.of(3.0, 4.0));
        int before = p.grad().storage().version();
        GradClipping.clipGradNorm(List.of(p), 1.0);
        GradClipping.clipGradValue(List.of(p), 0.5);
        assertThat(p.grad().storage().version()).isEqualTo(before + 2);
    }

    @Test
    void anLbfgsStepMovesTheVersionOfItsParameters() {
        Tensor x = Tensor.of(-1.5, 2.0).requiresGrad(true);
        LBFGS lbfgs = new LBFGS(List.of(x), LBFGS.Options.DEFAULT.withMaxIter(3));
        int before = x.storage().version();
        lbfgs.step(() -> {
            lbfgs.zeroGrad();
            Tensor loss = LbfgsTest.rosenbrock(x);
            loss.backward();
            return loss;
        });
        assertThat(x.storage().version()).isGreaterThan(before);
    }
}
