package org.backprop4j.nn.functional;

import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.function.Supplier;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.FractionalMaxPool2d;
import org.backprop4j.nn.FractionalMaxPool3d;
import org.backprop4j.nn.Hardshrink;
import org.backprop4j.nn.LPPool1d;
import org.backprop4j.nn.LPPool2d;
import org.backprop4j.nn.ReLU6;
import org.backprop4j.nn.Softshrink;
import org.backprop4j.nn.Tanhshrink;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The functions of {@link F} for ReLU6, the shrinking activations, power-average and fractional max pooling against
 * their modules: the same output and the same input gradient, bit for bit.
 */
class FShrinkAndPoolTest {
    private static Tensor leaf(int seed, int... shape) {
        return Tensor.randn(Rng.seeded(seed), shape).mul(2).detach().requiresGrad(true);
    }

    private static void agree(String what, Tensor x, Supplier<Tensor> module, Supplier<Tensor> functional) {
        x.zeroGrad();
        Tensor expected = module.get();
        Tensor upstream = Tensor.randn(Rng.seeded(99), expected.dtype(), expected.shape().toArray());
        expected.backward(upstream);
        Tensor expectedGrad = x.grad().clone();
        x.zeroGrad();
        Tensor actual = functional.get();
        actual.backward(upstream);
        assertThat(actual).as(what).isBitwiseEqualTo(expected);
        assertThat(x.grad()).as(what + ": gradient").isBitwiseEqualTo(expectedGrad);
    }

    @Test
    void activations() {
        Tensor x = leaf(1, 3, 5);
        agree("relu6", x, () -> new ReLU6().call(x), () -> F.relu6(x));
        agree("hardshrink", x, () -> new Hardshrink().call(x), () -> F.hardshrink(x));
        agree("hardshrink 1.5", x, () -> new Hardshrink(1.5).call(x), () -> F.hardshrink(x, 1.5));
        agree("softshrink", x, () -> new Softshrink().call(x), () -> F.softshrink(x));
        agree("softshrink 0.2", x, () -> new Softshrink(0.2).call(x), () -> F.softshrink(x, 0.2));
        agree("tanhshrink", x, () -> new Tanhshrink().call(x), () -> F.tanhshrink(x));
    }

    @Test
    void pooling() {
        Tensor x1 = leaf(2, 2, 3, 9);
        agree("lpPool1d", x1, () -> new LPPool1d(2, 3).call(x1), () -> F.lpPool1d(x1, 2, 3));
        agree("lpPool1d stride, ceil", x1, () -> new LPPool1d(4, 2, 3, true).call(x1),
                () -> F.lpPool1d(x1, 4, 2, 3, true));
        Tensor x2 = leaf(3, 2, 2, 6, 7);
        agree("lpPool2d", x2, () -> new LPPool2d(2, 2).call(x2), () -> F.lpPool2d(x2, 2, 2));
        agree("lpPool2d stride, ceil", x2, () -> new LPPool2d(2, 3, 2, true).call(x2),
                () -> F.lpPool2d(x2, 2, 3, 2, true));
        Tensor samples2 = Tensor.rand(Rng.seeded(4), 2, 2, 2);
        agree("fractionalMaxPool2d", x2, () -> new FractionalMaxPool2d(new int[] {2}, new int[] {3, 4}, null,
                samples2, null).call(x2), () -> F.fractionalMaxPool2d(x2, new int[] {2}, new int[] {3, 4}, samples2));
        Tensor x3 = leaf(5, 1, 2, 5, 6, 5);
        Tensor samples3 = Tensor.rand(Rng.seeded(6), 1, 2, 3);
        agree("fractionalMaxPool3d", x3, () -> new FractionalMaxPool3d(new int[] {2, 2, 1}, new int[] {3}, null,
                samples3, null).call(x3), () -> F.fractionalMaxPool3d(x3, new int[] {2, 2, 1}, new int[] {3},
                samples3));
    }
}
