package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A checkpointed stack of layers computes what the plain Sequential computes, bit for bit, dropout included. */
class CheckpointedSequentialTest {
    /** 50 layers: Linear, ReLU, and every fifth a Dropout, half of them with their own generator. */
    private static Module[] layers(Rng own) {
        List<Module> out = new ArrayList<>();
        for (int i = 0; out.size() < 50; i++) {
            out.add(new Linear(24, 24));
            out.add(new ReLU());
            if (i % 2 == 0) {
                out.add(i % 4 == 0 ? new Dropout(0.1, own) : new Dropout(0.1));
            }
        }
        return out.subList(0, 50).toArray(Module[]::new);
    }

    private static List<Tensor> stepGrads(Sequential net, Tensor x, Rng own) {
        Rng.global().reseed(31);
        own.reseed(32);
        net.zeroGrad();
        Tensor loss = net.call(x).square().mean();
        loss.backward();
        List<Tensor> grads = new ArrayList<>(List.of(loss));
        for (Parameter p : net.parameters()) {
            grads.add(p.grad());
        }
        return grads;
    }

    @Test
    void fiftyLayersWithDropoutGiveThePlainLossAndGradientsBitForBit() {
        Rng own = Rng.seeded(1);
        Rng.global().reseed(2);
        Sequential plain = new Sequential(layers(own));
        CheckpointedSequential checkpointed = CheckpointedSequential.withSqrtSegments(layers(own));
        assertThat(checkpointed.segments()).isEqualTo(7);
        assertThat(checkpointed.stateDict().keySet()).containsExactlyElementsOf(plain.stateDict().keySet());
        checkpointed.loadStateDict(plain.stateDict(), true);

        Tensor x = Tensor.randn(Rng.seeded(3), 8, 24);
        List<Tensor> expected = stepGrads(plain, x, own);
        List<Tensor> actual = stepGrads(checkpointed, x, own);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as(i == 0 ? "loss" : "gradient " + i).isBitwiseEqualTo(expected.get(i));
        }
    }

    @Test
    void evaluationRunsPlainlyAndGivesTheSameOutput() {
        Rng own = Rng.seeded(4);
        Rng.global().reseed(5);
        Sequential plain = new Sequential(layers(own));
        CheckpointedSequential checkpointed = new CheckpointedSequential(3, layers(own));
        checkpointed.loadStateDict(plain.stateDict(), true);
        plain.eval();
        checkpointed.eval();
        Tensor x = Tensor.randn(Rng.seeded(6), 4, 24);
        assertThat(checkpointed.call(x)).isBitwiseEqualTo(plain.call(x));
    }

    @Test
    void moreSegmentsThanLayersCheckpointsEachLayer() {
        Rng.global().reseed(7);
        Linear a = new Linear(3, 3);
        Linear b = new Linear(3, 3);
        var net = new CheckpointedSequential(10, a, new ReLU(), b);
        Tensor x = Tensor.randn(Rng.seeded(8), 2, 3);
        net.call(x).sum().backward();
        Map<String, Tensor> grads = Map.of("a", a.weight.grad(), "b", b.weight.grad());
        a.zeroGrad();
        b.zeroGrad();
        b.call(a.call(x).relu()).sum().backward();
        assertThat(grads.get("a")).isBitwiseEqualTo(a.weight.grad());
        assertThat(grads.get("b")).isBitwiseEqualTo(b.weight.grad());
    }

    @Test
    void segmentsBelowOneAreRefused() {
        assertThatThrownBy(() -> new CheckpointedSequential(0, new ReLU()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CheckpointedSequential: segments must be at least 1, got 0");
    }
}
