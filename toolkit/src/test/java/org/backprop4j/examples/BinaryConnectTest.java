package org.backprop4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.backprop4j.examples.BinaryConnectDemo.BinaryLinear;
import org.backprop4j.nn.Sequential;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A network whose forward pass sees only +-1 weights learns through the straight-through estimator. */
class BinaryConnectTest {
    @Test
    void aBinaryWeightNetworkLearnsTwoMoonsWithWeightsOfPlusOrMinusOne() {
        AdversarialDemo.Data train = AdversarialDemo.moons(300, 1);
        Sequential untrained = BinaryConnectDemo.binaryNetwork(3);
        double before = AdversarialDemo.score(untrained, train.x(), train.y()).accuracy();
        Sequential model = BinaryConnectDemo.train(BinaryConnectDemo.binaryNetwork(3), train, 300, 0.03);
        double after = AdversarialDemo.score(model, AdversarialDemo.moons(300, 2).x(),
                AdversarialDemo.moons(300, 2).y()).accuracy();
        assertThat(after).as("test accuracy after training, from " + before).isGreaterThan(0.85)
                .isGreaterThan(before + 0.1);
        for (int i : new int[] {2, 4}) {
            BinaryLinear layer = (BinaryLinear) model.get(i);
            Tensor w = layer.binaryWeight();
            assertThat(w.abs().eq(1).logicalNot().to(w.dtype()).sum().item()).as("weights other than +-1").isZero();
            assertThat(layer.weight.abs().max().item()).as("the clipped real-valued weights").isLessThanOrEqualTo(1);
        }
    }
}
