package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class HooksTest {
    @Test
    void aHookOnALeafObservesItsGradient() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        List<double[]> seen = new ArrayList<>();
        x.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return null;
        });
        x.mul(x).sum().backward();
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst()).containsExactly(2, 4);
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 4);
    }

    @Test
    void aHookOnALeafCanReplaceTheGradientItAccumulates() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        x.registerHook(g -> g.mul(10));
        x.mul(x).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(20, 40);
    }

    @Test
    void aHookOnANonLeafChangesWhatFlowsUpstream() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(3);
        List<double[]> seen = new ArrayList<>();
        y.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return g.neg();
        });
        y.mul(y).sum().backward();
        assertThat(seen.getFirst()).as("dz/dy = 2y").containsExactly(6, 12);
        assertThat(x.grad().toDoubleArray()).containsExactly(-18, -36);
        assertThat(y.grad()).isNull();
    }

    @Test
    void aHookSeesTheSumOfEveryPathOnce() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Tensor y = x.mul(2);
        int[] calls = {0};
        y.registerHook(g -> {
            calls[0]++;
            assertThat(g.item()).isEqualTo(1 + 3);
            return null;
        });
        y.add(y.mul(3)).sum().backward();
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void hooksRunInRegistrationOrderEachSeeingThePreviousResult() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        x.registerHook(g -> g.add(1));
        x.registerHook(g -> g.mul(10));
        x.mul(2).sum().backward();
        assertThat(x.grad().item()).isEqualTo((2 + 1) * 10);
    }

    @Test
    void removingAHookStopsIt() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        int[] calls = {0};
        HookHandle h = x.registerHook(g -> {
            calls[0]++;
            return g.mul(100);
        });
        x.mul(2).sum().backward();
        assertThat(x.grad().item()).isEqualTo(200);
        h.remove();
        x.zeroGrad();
        x.mul(2).sum().backward();
        assertThat(x.grad().item()).isEqualTo(2);
        assertThat(calls[0]).isEqualTo(1);
        h.remove(); // removing twice is harmless
    }

    @Test
    void removingOneHookKeepsTheOthers() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        HookHandle first = x.registerHook(g -> g.mul(2));
        x.registerHook(g -> g.add(1));
        first.remove();
        x.mul(1).sum().backward();
        assertThat(x.grad().item()).isEqualTo(2);
    }

    @Test
    void aHookReturningTheWrongShapeIsRefused() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(2);
        y.registerHook(g -> g.sum());
        assertThatThrownBy(() -> y.sum().backward()).isInstanceOf(AutogradException.class)
                .hasMessage("gradient hook on 'mul' returned shape [] (float64), expected [2] (float64)");
    }

    @Test
    void hooksNeedATensorThatRequiresGrad() {
        assertThatThrownBy(() -> Tensor.of(1.0).registerHook(g -> g)).isInstanceOf(AutogradException.class)
                .hasMessageContaining("registerHook: tensor of shape [1] does not require grad")
                .hasMessageContaining("requiresGrad(true)");
    }

    @Test
    void hooksAlsoRunInAutogradGrad() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        x.registerHook(g -> g.mul(5));
        assertThat(Autograd.grad(x.mul(2).sum(), x)[0].item()).isEqualTo(10);
    }
}
