package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** What a node tells about itself for pictures of the graph: input shapes, its leaf, saved tensors. */
class NodeInspectionTest {
    @Test
    void nodesReportInputShapesLeavesAndSavedTensorsUntilTheyAreFreed() {
        Tensor a = Tensor.randn(2, 3).requiresGrad(true);
        Tensor b = Tensor.randn(3);
        Tensor y = a.mul(b);
        Node<Tensor> mul = y.gradFn();
        assertThat(mul.inputShapes()).containsExactly(Shape.of(2, 3), Shape.of(3));
        assertThat(mul.savedShapes()).containsExactly(Shape.of(2, 3), Shape.of(3));
        assertThat(mul.savedTensorsFreed()).isFalse();
        assertThat(mul.variable()).isNull();
        Node<Tensor> accumulator = mul.nextNodes().getFirst();
        assertThat(accumulator.variable()).isSameAs(a);
        assertThat(mul.nextNodes().get(1)).as("b needs no gradient").isNull();

        y.sum().backward();
        assertThat(mul.savedShapes()).isEmpty();
        assertThat(mul.savedTensorsFreed()).isTrue();
        assertThat(a.add(1).gradFn().savedTensorsFreed()).as("saved nothing, so freed nothing").isFalse();
    }
}
