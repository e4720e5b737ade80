package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.ops.LinAlg;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The gradient buffer a leaf keeps across {@code zeroGrad()}: the next pass writes the leaf's new gradient into it
 * only when nothing but the library holds it, and the values are those of a fresh gradient whatever the buffer held.
 */
class GradBufferTest {
    private static final Tensor X = Tensor.randn(Rng.seeded(1), DType.FLOAT64, 5, 4);
    private static final Tensor X2 = Tensor.randn(Rng.seeded(2), DType.FLOAT64, 5, 4);

    private static Tensor weight() {
        return Tensor.randn(Rng.seeded(3), DType.FLOAT64, 3, 4).requiresGrad(true);
    }

    private static Tensor loss(Tensor w, Tensor x) {
        return LinAlg.linear(x, w, null).tanh().sum();
    }

    /** The gradient of {@link #loss} at {@code x} computed on a fresh leaf. */
    private static double[] fresh(Tensor w, Tensor x) {
        Tensor copy = w.detach().clone().requiresGrad(true);
        loss(copy, x).backward();
        return copy.grad().toDoubleArray();
    }

    @Test
    void theNextPassWritesIntoTheBufferZeroGradKept() {
        Tensor w = weight();
        loss(w, X).backward();
        Tensor first = w.gradForUpdate();
        first.storage().writableDoubles()[0] = Double.NaN; // stale values must not survive: beta = 0 overwrites
        w.zeroGrad();
        assertThat(w.gradForUpdate()).isNull();
        loss(w, X2).backward();
        assertThat(w.gradForUpdate().storage()).isSameAs(first.storage());
        assertThat(w.gradForUpdate().toDoubleArray()).containsExactly(fresh(w, X2));
    }

    @Test
    void aGradientHandedOutByGradIsNeverWrittenAgain() {
        Tensor w = weight();
        loss(w, X).backward();
        Tensor kept = w.grad();
        double[] before = kept.toDoubleArray();
        w.zeroGrad();
        loss(w, X2).backward();
        assertThat(w.gradForUpdate().storage()).isNotSameAs(kept.storage());
        assertThat(kept.toDoubleArray()).containsExactly(before);
        assertThat(w.gradForUpdate().toDoubleArray()).containsExactly(fresh(w, X2));
    }

    @Test
    void aGradientSetByTheCallerIsNotReused() {
        Tensor w = weight();
        Tensor mine = Tensor.zeros(DType.FLOAT64, 3, 4);
        w.setGrad(mine);
        w.zeroGrad();
        loss(w, X).backward();
        assertThat(w.gradForUpdate().storage()).isNotSameAs(mine.storage());
        assertThat(mine.toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void aSecondContributionToTheSameLeafIsAddedNotLost() {
        Tensor w = weight();
        loss(w, X).backward();
        w.zeroGrad();
        loss(w, X).add(loss(w, X2)).backward(); // the weight used twice: the first rule may get the buffer
        assertIsTheSumOfFreshGradients(w);
    }

    /** {@code w}'s gradient is its gradient at {@link #X} plus its gradient at {@link #X2}. */
    private static void assertIsTheSumOfFreshGradients(Tensor w) {
        double[] a = fresh(w, X);
        double[] b = fresh(w, X2);
        double[] got = w.gradForUpdate().toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).isCloseTo(a[i] + b[i], org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void accumulationWithoutZeroGradAddsToTheGradient() {
        Tensor w = weight();
        loss(w, X).backward();
        loss(w, X2).backward();
        assertIsTheSumOfFreshGradients(w);
    }

    @Test
    void aLeafWithAHookGetsAFreshGradient() {
        Tensor w = weight();
        loss(w, X).backward();
        Tensor old = w.gradForUpdate();
        w.zeroGrad();
        Tensor[] seen = new Tensor[1];
        w.registerHook(g -> {
            seen[0] = g;
            return null;
        });
        loss(w, X2).backward();
        assertThat(seen[0].storage()).isNotSameAs(old.storage());
        assertThat(w.gradForUpdate().toDoubleArray()).containsExactly(fresh(w, X2));
    }

    @Test
    void autogradGradAndRecordedPassesLeaveTheBufferAlone() {
        Tensor w = weight();
        loss(w, X).backward();
        Tensor old = w.gradForUpdate();
        double[] oldValues = old.toDoubleArray();
        w.zeroGrad();
        Tensor[] g = Autograd.grad(loss(w, X2), w);
        assertThat(g[0].storage()).isNotSameAs(old.storage());
        assertThat(old.toDoubleArray()).containsExactly(oldValues);
        loss(w, X2).backward(null, BackwardOptions.DEFAULT.withCreateGraph(true));
        assertThat(w.gradForUpdate().storage()).isNotSameAs(old.storage());
        assertThat(old.toDoubleArray()).containsExactly(oldValues);
    }
}
