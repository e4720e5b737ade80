package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.backprop4j.array.Scope;

/** The backward engine: accumulation into leaves, leaf and non-leaf tensors, refused misuse, freed graphs. */
class EngineTest {
    private static Tensor leaf(double... values) {
        return Tensor.of(values).requiresGrad(true);
    }

    @Test
    void backwardComputesTheGradientOfEveryLeaf() {
        Tensor x = leaf(1, 2, 3);
        Tensor w = leaf(4, 5, 6);
        x.mul(w).add(x).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(5, 6, 7);
        assertThat(w.grad().toDoubleArray()).containsExactly(1, 2, 3);
        assertThat(x.grad().requiresGrad()).isFalse();
        assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void leavesThatReceiveOneGradientEachOwnTheirs() {
        // add's rule hands the same gradient to both inputs; the engine adopts it for one leaf and copies it for
        // the other, so an in-place change of one gradient (as clipping makes) leaves the other alone
        Tensor x = leaf(1, 2);
        Tensor y = leaf(3, 4);
        Tensor z = leaf(5, 6);
        x.mul(2).add(y).add(z).sum().backward();
        y.grad().mulInPlace(10);
        assertThat(z.grad().toDoubleArray()).containsExactly(1, 1);
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 2);
        assertThat(y.grad().storage()).isNotSameAs(z.grad().storage());
    }

    @Test
    void aGradientAHookKeptIsNotAdoptedByTheLeaf() {
        Tensor x = leaf(1, 2);
        Tensor[] seen = new Tensor[1];
        x.registerHook(g -> {
            seen[0] = g;
            return null;
        });
        x.mul(x.detach()).sum().backward();
        x.grad().mulInPlace(0);
        assertThat(seen[0].toDoubleArray()).containsExactly(1, 2);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = leaf(1, 2);
        x.mul(x).sum().backward();
        Tensor first = x.grad();
        assertThat(first.toDoubleArray()).containsExactly(2, 4);
        x.mul(3).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(5, 7);
        assertThat(x.grad()).as("accumulated in place, as PyTorch does").isSameAs(first);
    }

    @Test
    void aTensorUsedTwiceGetsTheSumOfBothPaths() {
        Tensor x = leaf(3);
        x.mul(x).add(x.mul(2)).sum().backward(); // x^2 + 2x
        assertThat(x.grad().toDoubleArray()).containsExactly(8);
    }

    @Test
    void theSameGradientReachingTwoLeavesIsCopiedForEach() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        a.add(b).sum().backward();
        assertThat(a.grad()).isNotSameAs(b.grad());
        try (Scope _ = GradMode.noGrad()) {
            a.grad().mulInPlace(10);
        }
        assertThat(b.grad().toDoubleArray()).containsExactly(1, 1);
    }

    @Test
    void zeroGradClearsTheGradient() {
        Tensor x = leaf(1, 2);
        x.mul(x).sum().backward();
        x.zeroGrad();
        assertThat(x.grad()).isNull();
        x.mul(x).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 4);
    }

    @Test
    void setGradReplacesTheGradientAndChecksItsShape() {
        Tensor x = leaf(1, 2);
        x.setGrad(Tensor.of(5.0, 6.0));
        x.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(6, 7);
        assertThatThrownBy(() -> x.setGrad(Tensor.of(1f, 2f))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setGrad: gradient of shape [2] (float32) for a tensor of shape [2] (float64)");
        assertThatThrownBy(() -> x.setGrad(Tensor.of(1.0))).hasMessageContaining("gradient of shape [1]");
    }

    @Test
    void leavesAreTensorsNoOpRecorded() {
        Tensor x = leaf(1, 2);
        Tensor c = Tensor.of(3.0, 4.0);
        Tensor y = x.mul(c);
        assertThat(x.isLeaf()).isTrue();
        assertThat(x.gradFn()).isNull();
        assertThat(c.isLeaf()).isTrue();
        assertThat(c.requiresGrad()).isFalse();
        assertThat(y.isLeaf()).isFalse();
        assertThat(y.requiresGrad()).isTrue();
        assertThat(y.gradFn().op()).isEqualTo("mul");
        assertThat(y.gradFn().nextNodes()).hasSize(2);
        assertThat(y.gradFn().nextNodes().get(0).isLeafAccumulator()).isTrue();
        assertThat(y.gradFn().nextNodes().get(1)).as("no edge to an input without grad").isNull();
        Tensor z = c.mul(c);
        assertThat(z.isLeaf()).as("an op on tensors without grad records nothing").isTrue();
        assertThat(z.requiresGrad()).isFalse();
    }

    @Test
    void nonLeavesDoNotKeepTheirGradientAndInputsWithoutGradGetNone() {
        Tensor x = leaf(1, 2);
        Tensor c = Tensor.of(3.0, 4.0);
        Tensor y = x.mul(c);
        y.sum().backward();
        assertThat(y.grad()).isNull();
        assertThat(c.grad()).isNull();
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 4);
    }

    @Test
    void retainGradKeepsANonLeafGradient() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2).retainGrad();
        Tensor z = y.mul(y).sum();
        z.backward();
        assertThat(y.grad().toDoubleArray()).containsExactly(4, 8);
        assertThat(x.grad().toDoubleArray()).containsExactly(8, 16);
        assertThat(x.retainGrad()).as("a no-op on a leaf").isSameAs(x);
        assertThatThrownBy(() -> Tensor.of(1.0).retainGrad()).isInstanceOf(AutogradException.class)
                .hasMessage("retainGrad: tensor of shape [1] does not require grad");
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(2, 3);
        Tensor d = x.mul(x).detach();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.isLeaf()).isTrue();
        assertThat(d.toDoubleArray()).containsExactly(4, 9);
        x.mul(d).sum().backward();
        assertThat(x.grad().toDoubleArray()).as("d is a constant").containsExactly(4, 9);
    }

    @Test
    void requiresGradIsRefusedOnANonLeaf() {
        Tensor y = leaf(1, 2).mul(2);
        assertThatThrownBy(() -> y.requiresGrad(true)).isInstanceOf(AutogradException.class)
                .hasMessage("requiresGrad: tensor of shape [2] is the result of 'mul', not a leaf; use "
                        + "detach().requiresGrad(true)");
        assertThat(y.detach().requiresGrad(true).requiresGrad()).isTrue();
    }

    @Test
    void requiresGradFalseStopsALeafFromReceivingGradients() {
        Tensor x = leaf(1, 2);
        Tensor w = leaf(3, 4).requiresGrad(false);
        x.mul(w).sum().backward();
        assertThat(w.grad()).isNull();
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 4);
    }

    @Test
    void backwardOfANonScalarNeedsAGradient() {
        Tensor y = leaf(1, 2).mul(2);
        assertThatThrownBy(y::backward).isInstanceOf(AutogradException.class)
                .hasMessage("backward: output has shape [2]; a gradient can be created implicitly only for a scalar "
                        + "output, so pass one of that shape");
        Tensor x = leaf(1, 2);
        x.mul(2).backward(Tensor.of(1.0, 10.0));
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 20);
    }

    @Test
    void aOneElementOutputOfAnyRankNeedsNoGradient() {
        Tensor x = leaf(3);
        x.mul(x).reshape(1, 1).backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(6);
    }

    @Test
    void backwardWithAGradientOfTheWrongShapeOrDTypeIsRefused() {
        Tensor y = leaf(1, 2).mul(2);
        assertThatThrownBy(() -> y.backward(Tensor.of(1.0, 2.0, 3.0))).isInstanceOf(AutogradException.class)
                .hasMessage("backward: gradient 0 has shape [3] and dtype float64, but its output has shape [2] "
                        + "and dtype float64");
        assertThatThrownBy(() -> y.backward(Tensor.of(1f, 2f))).isInstanceOf(AutogradException.class)
                .hasMessageContaining("dtype float32").hasMessageContaining("dtype float64");
        assertThatThrownBy(() -> y.backward(Tensor.of(1.0, 1.0).reshape(2, 1)))
                .hasMessageContaining("shape [2, 1]");
    }

    @Test
    void backwardOfATensorThatDoesNotRequireGradIsRefused() {
        assertThatThrownBy(() -> Tensor.of(1.0, 2.0).sum().backward()).isInstanceOf(AutogradException.class)
                .hasMessage("backward: output 0 of shape [] does not require grad and has no gradFn; nothing "
                        + "upstream of it requires grad");
    }

    @Test
    void aSecondBackwardThroughAFreedGraphIsRefusedNamingRetainGraph() {
        Tensor x = leaf(1, 2);
        Tensor z = x.mul(x).sum();
        z.backward();
        assertThatThrownBy(z::backward).isInstanceOf(AutogradException.class)
                .hasMessageContaining("'mul'").hasMessageContaining("a second time")
                .hasMessageContaining("retainGraph=true");
        assertThat(x.grad().toDoubleArray()).as("the failed pass added nothing").containsExactly(2, 4);
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(1, 2);
        Tensor z = x.mul(x).exp().sum();
        z.backward(null, BackwardOptions.DEFAULT.withRetainGraph(true));
        double[] once = x.grad().toDoubleArray();
        z.backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(2 * once[0], 2 * once[1]);
        assertThatThrownBy(z::backward).as("the second pass did not retain").hasMessageContaining("retainGraph");
    }

    @Test
    void aFailedBackwardLeavesNoStateBehind() {
        Tensor x = leaf(1, 2);
        Tensor z = x.mul(x).sum();
        HookHandle h = z.registerHook(g -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> z.backward(null, BackwardOptions.DEFAULT.withRetainGraph(true)))
                .hasMessage("boom");
        assertThat(GradMode.isEnabled()).isTrue();
        h.remove();
        z.backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 4);
    }

    @Test
    void multipleRootsBackpropagateTogether() {
        Tensor x = leaf(1, 2);
        Tensor a = x.mul(2);          // d/dx: 2 * v
        Tensor b = x.mul(x).sum();    // d/dx: 2x
        Autograd.backward(List.of(a, b), List.of(Tensor.of(1.0, 10.0), Tensor.scalar(1, DType.FLOAT64)),
                BackwardOptions.DEFAULT);
        assertThat(x.grad().toDoubleArray()).containsExactly(2 + 2, 20 + 4);
    }

    @Test
    void multipleRootsMayDependOnEachOther() {
        Tensor x = leaf(1, 2);
        Tensor a = x.mul(3);
        Tensor b = a.sum();
        Autograd.backward(List.of(b, a), List.of(Tensor.scalar(1, DType.FLOAT64), Tensor.of(1.0, 1.0)),
                BackwardOptions.DEFAULT);
        assertThat(x.grad().toDoubleArray()).containsExactly(6, 6);
    }

    @Test
    void multipleRootsTakeNullForTheGradientOfAScalar() {
        Tensor x = leaf(1, 2);
        Tensor a = x.mul(2);
        Tensor b = x.mul(x).sum();
        Autograd.backward(List.of(a, b), Arrays.asList(Tensor.of(1.0, 1.0), null), BackwardOptions.DEFAULT);
        assertThat(x.grad().toDoubleArray()).containsExactly(4, 6);
        assertThatThrownBy(() -> Autograd.backward(List.of(x.mul(2)), Arrays.asList((Tensor) null),
                BackwardOptions.DEFAULT)).isInstanceOf(AutogradException.class).hasMessageContaining("shape [2]");
    }

    @Test
    void multipleRootsNeedOneGradientEach() {
        Tensor x = leaf(1, 2);
        assertThatThrownBy(() -> Autograd.backward(List.of(x.sum(), x.mul(x).sum()),
                List.of(Tensor.scalar(1, DType.FLOAT64)), BackwardOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("backward: 2 outputs but 1 gradients");
    }

    @Test
    void gradientsFlowThroughViewsBackToTheBase() {
        Tensor x = Tensor.of(DType.FLOAT64, 0, 1, 2, 3, 4, 5).requiresGrad(true);
        Tensor m = x.reshape(2, 3);
        m.t().slice(0, 0, 3, 2).select(1, 1).mul(Tensor.of(10.0, 20.0)).sum().backward(); // m[1, 0] and m[1, 2]
        assertThat(x.grad().toDoubleArray()).containsExactly(0, 0, 0, 10, 0, 20);
        assertThat(x.grad().shape()).isEqualTo(Shape.of(6));
    }

    @Test
    void aDeepChainBackpropagatesWithoutRecursion() throws InterruptedException {
        // A small thread stack: an engine that recursed once per op would overflow long before 20,000 ops.
        double[] grad = new double[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                Tensor x = leaf(1);
                Tensor y = x;
                for (int i = 0; i < 20_000; i++) {
                    y = y.mul(1.0001).add(0.0);
                }
                y.sum().backward();
                grad[0] = x.grad().item();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "deep-chain", 256 * 1024);
        t.start();
        t.join();
        assertThat(failure[0]).isNull();
        assertThat(grad[0]).isCloseTo(Math.pow(1.0001, 20_000), org.assertj.core.api.Assertions.within(1e-6));
    }
}
