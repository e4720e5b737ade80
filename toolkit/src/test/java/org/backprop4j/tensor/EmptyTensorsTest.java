package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;

/** Tensors with a zero-sized dimension go through ops like any other, as in PyTorch. */
class EmptyTensorsTest {
    @Test
    void matmulWithAnEmptyOuterDimension() {
        assertThat(Tensor.ones(3, 2).matmul(Tensor.ones(2, 0)).shape()).isEqualTo(Shape.of(3, 0));
        assertThat(Tensor.ones(0, 2).matmul(Tensor.ones(2, 3)).shape()).isEqualTo(Shape.of(0, 3));
        assertThat(Tensor.ones(4, 0, 2).matmul(Tensor.ones(2, 3)).shape()).isEqualTo(Shape.of(4, 0, 3));
    }

    @Test
    void matmulWithAnEmptySharedDimensionIsZero() {
        Tensor p = Tensor.ones(3, 0).matmul(Tensor.ones(0, 2));
        assertThat(p.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(p.toFloatArray()).containsOnly(0f);
    }

    @Test
    void gradientsThroughAnEmptyMatmul() {
        Tensor w = Tensor.ones(DType.FLOAT64, 2, 0).requiresGrad(true);
        Tensor x = Tensor.ones(DType.FLOAT64, 3, 2).requiresGrad(true);
        x.matmul(w).sum().backward();
        assertThat(w.grad().shape()).isEqualTo(Shape.of(2, 0));
        assertThat(x.grad().toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void reductionsOfNothing() {
        assertThat(Tensor.zeros(0).sum().item()).isZero();
        assertThat(Tensor.zeros(0, 3).sum(0).toFloatArray()).containsExactly(0, 0, 0);
        assertThat(Tensor.zeros(0).mean().item()).isNaN();
        assertThat(Tensor.zeros(2, 0).prod(1).toFloatArray()).containsExactly(1, 1);
    }

    @Test
    void elementwiseOpsAndJoins() {
        Tensor e = Tensor.zeros(0, 3);
        assertThat(e.exp().shape()).isEqualTo(Shape.of(0, 3));
        assertThat(e.add(Tensor.ones(3)).shape()).isEqualTo(Shape.of(0, 3));
        assertThat(Tensor.cat(List.of(e, Tensor.ones(2, 3)), 0).shape()).isEqualTo(Shape.of(2, 3));
        assertThat(e.t().reshape(3, 0).shape()).isEqualTo(Shape.of(3, 0));
        assertThat(e.toString()).isEqualTo("tensor([], size=[0, 3])");
    }
}
