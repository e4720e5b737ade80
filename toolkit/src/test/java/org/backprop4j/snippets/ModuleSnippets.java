package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop4j.nn.functional.F.conv2d;
import static org.backprop4j.nn.functional.F.crossEntropy;
import static org.backprop4j.nn.functional.F.linear;
import static org.backprop4j.nn.functional.F.maxPool2d;
import static org.backprop4j.nn.functional.F.relu;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The examples of writing a module and of the functional API. */
class ModuleSnippets {
    // @start region="module"
    class Mlp extends Module {
        final Linear hidden = new Linear(4, 8);
        final Linear out = new Linear(8, 2);
        public Tensor forward(Tensor x) {
            return out.call(hidden.call(x).relu());
        }
    }
    // @end

    @Test
    void module() {
        Mlp mlp = new Mlp();
        assertThat(mlp.namedParameters().keySet())
                .containsExactly("hidden.weight", "hidden.bias", "out.weight", "out.bias");
        assertThat(mlp.call(Tensor.randn(Rng.seeded(1), 3, 4)).shape().toArray()).containsExactly(3, 2);
    }

    @Test
    void functional() {
        Rng rng = Rng.seeded(2);
        Tensor x = Tensor.randn(rng, 4, 1, 28, 28);
        Tensor w1 = Tensor.randn(rng, 8, 1, 3, 3).mul(0.3).requiresGrad(true);
        Tensor b1 = Tensor.zeros(8).requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, 10, 8 * 14 * 14).mul(0.01).requiresGrad(true);
        Tensor b2 = Tensor.zeros(10).requiresGrad(true);
        Tensor labels = Tensor.of(new long[] {1, 4, 7, 9});
        // @start region="functional"
        Tensor h = maxPool2d(relu(conv2d(x, w1, b1, 1, 1)), 2);         // [N, 8, 14, 14]
        Tensor logits = linear(h.flatten(1), w2, b2);
        Tensor loss = crossEntropy(logits, labels);
        // @end
        assertThat(h.shape().toArray()).containsExactly(4, 8, 14, 14);
        loss.backward();
        assertThat(w1.grad().abs().sum().item()).isPositive();
    }
}
