package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Checkpointed segments give the plain run's values and gradients bit for bit, recompute exactly once per backward,
 * replay random draws, support grad of grad, and refuse what would make the recomputation differ.
 */
class GradientCheckpointTest {
    private static final BackwardOptions CREATE = BackwardOptions.DEFAULT.withCreateGraph(true);

    /** Weights of a small tanh MLP with dropout-like random masks drawn from the global generator. */
    private static List<Tensor> weights(DType dtype, int layers, int width) {
        Rng rng = Rng.seeded(3);
        List<Tensor> w = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            w.add(Tensor.randn(rng, dtype, width, width).div(Math.sqrt(width)).requiresGrad(true));
            w.add(Tensor.randn(rng, dtype, width).mul(0.1).requiresGrad(true));
        }
        return w;
    }

    /** Layers {@code from .. to - 1}: {@code tanh(x W + b)} times a random keep-mask (p = 0.2), rescaled. */
    private static Tensor layers(Tensor x, List<Tensor> w, int from, int to) {
        for (int i = from; i < to; i++) {
            Tensor h = x.matmul(w.get(2 * i)).add(w.get(2 * i + 1)).tanh();
            Tensor keep = Tensor.rand(Rng.global(), DType.FLOAT64, h.shape().toArray()).ge(0.2).to(h.dtype());
            x = h.mul(keep).div(0.8);
        }
        return x;
    }

    private static Tensor plain(Tensor x, List<Tensor> w, int n) {
        return layers(x, w, 0, n).square().mean();
    }

    /** The same network in segments of {@code size} layers, each checkpointed. */
    private static Tensor checkpointed(Tensor x, List<Tensor> w, int n, int size, AtomicInteger calls) {
        for (int from = 0; from < n; from += size) {
            int start = from;
            int end = Math.min(n, from + size);
            x = GradientCheckpoint.apply(in -> {
                calls.incrementAndGet();
                return layers(in[0], w, start, end);
            }, x);
        }
        return x.square().mean();
    }

    private static List<Tensor> grads(List<Tensor> w) {
        List<Tensor> g = new ArrayList<>();
        for (Tensor t : w) {
            g.add(t.grad());
            t.zeroGrad();
        }
        return g;
    }

    @Test
    void gradientsEqualThePlainRunBitForBitWithRandomMasksReplayed() {
        int n = 9;
        List<Tensor> w = weights(DType.FLOAT32, n, 16);
        Tensor x = Tensor.randn(Rng.seeded(4), 8, 16).requiresGrad(true);

        Rng.global().reseed(77);
        Tensor expectedLoss = plain(x, w, n);
        expectedLoss.backward();
        List<Tensor> expected = grads(w);
        Tensor expectedInputGrad = x.grad();
        x.zeroGrad();
        Rng.State afterPlain = Rng.global().state();

        Rng.global().reseed(77);
        AtomicInteger calls = new AtomicInteger();
        Tensor loss = checkpointed(x, w, n, 3, calls);
        assertThat(calls.get()).as("one call per segment in the forward").isEqualTo(3);
        assertThat(Rng.global().state()).as("the forward draws what the plain forward draws").isEqualTo(afterPlain);
        loss.backward();
        assertThat(calls.get()).as("each segment recomputed once by backward").isEqualTo(6);
        assertThat(Rng.global().state()).as("recomputation leaves the generator where it was").isEqualTo(afterPlain);

        assertThat(loss).isBitwiseEqualTo(expectedLoss);
        assertThat(x.grad()).isBitwiseEqualTo(expectedInputGrad);
        List<Tensor> actual = grads(w);
        for (int i = 0; i < w.size(); i++) {
            assertThat(actual.get(i)).as("gradient of weight " + i).isBitwiseEqualTo(expected.get(i));
        }
    }

    /** True once the garbage collector has cleared {@code ref} (a few collections at most). */
    private static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
        }
        return ref.get() == null;
    }

    @Test
    void activationsInsideASegmentAreNotKeptWhileThePlainGraphKeepsThem() {
        Tensor w = Tensor.randn(Rng.seeded(25), DType.FLOAT64, 64, 64).requiresGrad(true);
        Tensor x = Tensor.randn(Rng.seeded(26), DType.FLOAT64, 32, 64);
        List<WeakReference<Tensor>> inside = new ArrayList<>();
        Function<Tensor, Tensor> body = in -> {
            Tensor h = in.matmul(w).tanh();       // tanh saves its output
            inside.add(new WeakReference<>(h));
            return h.matmul(w).exp();
        };
        Tensor plainLoss = body.apply(x).sum();
        assertThat(collected(inside.getFirst())).as("the plain graph keeps tanh's output").isFalse();
        Tensor loss = GradientCheckpoint.apply(in -> body.apply(in[0]), x).sum();
        assertThat(collected(inside.get(1))).as("the checkpointed graph drops it").isTrue();
        loss.backward();
        Tensor g = w.grad();
        w.zeroGrad();
        plainLoss.backward();
        assertThat(g).isBitwiseEqualTo(w.grad());
    }

    @Test
    void withoutPreservedRngStateTheRecomputationDrawsOtherMasks() {
        List<Tensor> w = weights(DType.FLOAT64, 2, 4);
        Tensor x = Tensor.randn(Rng.seeded(5), DType.FLOAT64, 3, 4);
        Rng.global().reseed(1);
        Tensor plainGrad = Autograd.grad(plain(x, w, 2), w.get(0))[0];
        Rng.global().reseed(1);
        var options = GradientCheckpoint.Options.DEFAULT.withPreserveRngState(false);
        Tensor loss = GradientCheckpoint.apply(options, in -> layers(in[0], w, 0, 2), x).square().mean();
        Tensor g = Autograd.grad(loss, w.get(0))[0];
        assertThat(g).as("other masks in the recomputation, so another gradient").isNotCloseTo(plainGrad);
    }

    @Test
    void noRecomputationOutsideGradModeAndTheOutputIsThePlainOne() {
        List<Tensor> w = weights(DType.FLOAT64, 2, 4);
        Tensor x = Tensor.randn(Rng.seeded(6), DType.FLOAT64, 3, 4);
        AtomicInteger calls = new AtomicInteger();
        try (Scope _ = GradMode.noGrad()) {
            Rng.global().reseed(2);
            Tensor y = checkpointed(x, w, 2, 1, calls);
            Rng.global().reseed(2);
            assertThat(y).isBitwiseEqualTo(plain(x, w, 2));
            assertThat(y.requiresGrad()).isFalse();
        }
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void gradientCheckOfACheckpointedFunctionAndOfItsSecondDerivative() {
        Tensor a = Tensor.randn(Rng.seeded(7), DType.FLOAT64, 3, 3).requiresGrad(true);
        Tensor x = Tensor.randn(Rng.seeded(8), DType.FLOAT64, 2, 3).requiresGrad(true);
        Function<Tensor[], Tensor> f = in -> GradientCheckpoint.apply(
                t -> t[0].matmul(t[1]).tanh().matmul(t[1]).sigmoid(), in[0], in[1]).sum(1);
        var first = GradCheck.check(f, x, a);
        assertThat(first.compared()).isEqualTo(2 * (6 + 9));
        var second = GradCheck.checkSecondOrder(f, x, a);
        assertThat(second.compared()).isPositive();
    }

    @Test
    void hessianVectorProductThroughAParameterTheFunctionDoesNotName() {
        Tensor w = Tensor.randn(Rng.seeded(9), DType.FLOAT64, 4, 4).requiresGrad(true);
        Tensor x = Tensor.randn(Rng.seeded(10), DType.FLOAT64, 5, 4);
        Tensor v = Tensor.randn(Rng.seeded(11), DType.FLOAT64, 4, 4);
        Function<Tensor, Tensor> body = in -> in.matmul(w).tanh().matmul(w).exp();

        Tensor g = Autograd.grad(body.apply(x).mean(), CREATE, w)[0];
        Tensor expected = Autograd.grad(g.mul(v).sum(), w)[0];

        Tensor gc = Autograd.grad(GradientCheckpoint.apply(in -> body.apply(in[0]), x).mean(), CREATE, w)[0];
        assertThat(gc).isBitwiseEqualTo(g.detach());
        Tensor actual = Autograd.grad(gc.mul(v).sum(), w)[0];
        assertThat(actual).isCloseTo(expected, 1e-12, 1e-14);
    }

    @Test
    void retainGraphRecomputesOnceForTwoBackwardPasses() {
        Tensor w = Tensor.randn(Rng.seeded(12), DType.FLOAT64, 3, 3).requiresGrad(true);
        Tensor x = Tensor.randn(Rng.seeded(13), DType.FLOAT64, 2, 3);
        AtomicInteger calls = new AtomicInteger();
        Tensor loss = GradientCheckpoint.apply(in -> {
            calls.incrementAndGet();
            return in[0].matmul(w).tanh();
        }, x).sum();
        loss.backward(null, BackwardOptions.DEFAULT.withRetainGraph(true));
        Tensor once = w.grad().clone();
        loss.backward();
        assertThat(w.grad()).isCloseTo(once.mul(2), 0, 0);
        assertThat(calls.get()).isEqualTo(2);
        assertThatThrownBy(loss::backward).isInstanceOf(AutogradException.class)
                .hasMessageContaining("a second time");
    }

    @Test
    void anInputModifiedInPlaceBeforeBackwardIsNamed() {
        Tensor w = Tensor.randn(Rng.seeded(14), DType.FLOAT64, 3, 3).requiresGrad(true);
        Tensor x = Tensor.randn(Rng.seeded(15), DType.FLOAT64, 2, 3);
        Tensor loss = GradientCheckpoint.apply(in -> in[0].add(1).matmul(w).tanh(), x).sum();
        x.fill(0);
        assertThatThrownBy(loss::backward).isInstanceOf(AutogradException.class)
                .hasMessageContaining("GradientCheckpoint: input 0 of shape [2, 3] was modified in place");
    }

    @Test
    void aParameterUpdatedBeforeBackwardIsNamed() {
        Tensor w = Tensor.randn(Rng.seeded(16), DType.FLOAT64, 3).requiresGrad(true);
        Tensor x = Tensor.randn(Rng.seeded(17), DType.FLOAT64, 2, 3);
        // add saves nothing: only the frame's own record of w's version can see the update
        Tensor loss = GradientCheckpoint.apply(in -> in[0].add(w).tanh(), x).sum();
        try (Scope _ = GradMode.noGrad()) {
            w.addInPlace(Tensor.onesLike(w));
        }
        assertThatThrownBy(loss::backward).isInstanceOf(AutogradException.class)
                .hasMessageContaining("a tensor of shape [3] that requires grad")
                .hasMessageContaining("update parameters after backward");
    }

    @Test
    void aFunctionThatComputesOtherOpsTheSecondTimeIsRefused() {
        Tensor w = Tensor.randn(Rng.seeded(18), DType.FLOAT64, 3, 3).requiresGrad(true);
        Tensor x = Tensor.randn(Rng.seeded(19), DType.FLOAT64, 2, 3);
        AtomicInteger calls = new AtomicInteger();
        Tensor loss = GradientCheckpoint.apply(in -> {
            Tensor h = in[0].matmul(w);
            return calls.getAndIncrement() == 0 ? h.tanh() : h.tanh().exp().log();
        }, x).sum();
        assertThatThrownBy(loss::backward).isInstanceOf(AutogradException.class)
                .hasMessageContaining("the recomputation differs from the forward")
                .hasMessageContaining("where the forward's saved");
    }

    @Test
    void aBackwardInsideTheFunctionThroughItsOwnOpsIsRefusedWithAHint() {
        Tensor w = Tensor.randn(Rng.seeded(20), DType.FLOAT64, 3).requiresGrad(true);
        assertThatThrownBy(() -> GradientCheckpoint.apply(in -> {
            Tensor g = Autograd.grad(in[0].mul(w).tanh().sum(), w)[0];
            return in[0].mul(g);
        }, Tensor.ones(DType.FLOAT64, 3))).isInstanceOf(AutogradException.class)
                .hasMessageContaining("before that function returned");
    }

    @Test
    void nestedCheckpointsGiveThePlainGradients() {
        Tensor w = Tensor.randn(Rng.seeded(21), DType.FLOAT64, 4, 4).requiresGrad(true);
        Tensor x = Tensor.randn(Rng.seeded(22), DType.FLOAT64, 3, 4);
        Tensor expected = Autograd.grad(x.matmul(w).tanh().matmul(w).sin().matmul(w).sum(), w)[0];
        Tensor y = GradientCheckpoint.apply(in -> {
            Tensor h = GradientCheckpoint.apply(t -> t[0].matmul(w).tanh(), in[0]);
            return h.matmul(w).sin();
        }, x).matmul(w).sum();
        assertThat(Autograd.grad(y, w)[0]).isBitwiseEqualTo(expected);
    }

    @Test
    void anOwnGeneratorNamedInTheOptionsIsReplayed() {
        Rng own = Rng.seeded(23);
        Tensor w = Tensor.randn(Rng.seeded(24), DType.FLOAT64, 4).requiresGrad(true);
        Function<Tensor, Tensor> noisy = in -> in.mul(w).mul(Tensor.rand(own, DType.FLOAT64, 4)).tanh();
        own.reseed(5);
        Tensor expected = Autograd.grad(noisy.apply(Tensor.ones(DType.FLOAT64, 4)).sum(), w)[0];
        own.reseed(5);
        var options = GradientCheckpoint.Options.DEFAULT.withGenerators(List.of(own));
        Tensor y = GradientCheckpoint.apply(options, in -> noisy.apply(in[0]), Tensor.ones(DType.FLOAT64, 4));
        assertThat(Autograd.grad(y.sum(), w)[0]).isBitwiseEqualTo(expected);
    }
}
