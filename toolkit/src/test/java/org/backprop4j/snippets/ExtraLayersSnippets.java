package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop4j.testing.TensorAssert.assertThat;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.nn.AdaptiveLogSoftmaxWithLoss;
import org.backprop4j.nn.FractionalMaxPool2d;
import org.backprop4j.nn.Hardshrink;
import org.backprop4j.nn.LPPool2d;
import org.backprop4j.nn.Softshrink;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;
import org.junit.jupiter.api.Test;

/** The examples of the shrinking activations, power-average and fractional pooling and the adaptive softmax. */
class ExtraLayersSnippets {
    private final Rng rng = Rng.seeded(9);

    @Test
    void shrink() {
        // @start region="shrink"
        Tensor x = Tensor.of(-1.0, -0.5, 0.2, 0.5, 2.0);
        Tensor hard = new Hardshrink().call(x);       // [-1, 0, 0, 0, 2]: kept where |x| > 0.5
        Tensor soft = new Softshrink(0.5).call(x);    // [-0.5, 0, 0, 0, 1.5]: moved 0.5 towards 0
        // @end
        assertThat(hard.toDoubleArray()).containsExactly(-1, 0, 0, 0, 2);
        assertThat(soft.toDoubleArray()).containsExactly(-0.5, 0, 0, 0, 1.5);
    }

    @Test
    void lpPool() {
        // @start region="lpPool"
        var pool = new LPPool2d(2, 2);                    // p = 2: the 2-norm of every 2x2 window
        Tensor y = pool.call(Tensor.ones(1, 3, 4, 6));    // [1, 3, 2, 3], each sqrt(4) = 2
        // @end
        assertThat(y).hasShape(1, 3, 2, 3);
        assertThat(y.toDoubleArray()).containsOnly(2.0);
    }

    @Test
    void fractional() {
        Tensor x = Tensor.randn(rng, 2, 3, 9, 9);
        // @start region="fractional"
        var pool = new FractionalMaxPool2d(new int[] {2}, null, new double[] {0.5}, null, Rng.seeded(1));
        ValuesAndIndices p = pool.forwardWithIndices(x);     // [2, 3, 4, 4]: floor(9 * 0.5) per side
        Tensor fixed = Tensor.rand(Rng.seeded(2), DType.FLOAT32, 2, 3, 2);   // PyTorch's _random_samples
        var repeatable = new FractionalMaxPool2d(new int[] {3}, new int[] {5}, null, fixed, null);
        // @end
        assertThat(p.values()).hasShape(2, 3, 4, 4);
        assertThat(repeatable.call(x).toDoubleArray()).containsExactly(repeatable.call(x).toDoubleArray());
    }

    @Test
    void adaptiveLogSoftmax() {
        Tensor hidden = Tensor.randn(rng, 32, 64);
        Tensor words = Tensor.randint(rng, 0, 1000, 32);
        // @start region="adaptiveLogSoftmax"
        // 1000 classes: 100 frequent ones in the head, then clusters [100, 400) and [400, 1000)
        var asm = new AdaptiveLogSoftmaxWithLoss(64, 1000, new int[] {100, 400});
        AdaptiveLogSoftmaxWithLoss.ASMOutput out = asm.forward(hidden, words);
        out.loss().backward();                 // mean negative log-likelihood of the targets
        Tensor best = asm.predict(hidden);     // int64 [32]
        // @end
        assertThat(out.output()).hasShape(32);
        assertThat(best).hasShape(32);
        assertThat(asm.namedParameters().keySet()).containsExactly("head.weight", "tail.0.0.weight",
                "tail.0.1.weight", "tail.1.0.weight", "tail.1.1.weight");
    }
}
