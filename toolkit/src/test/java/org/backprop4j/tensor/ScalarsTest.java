package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;

/** Rank-0 tensors: results of full reductions, operands that broadcast, and sources of item(). */
class ScalarsTest {
    @Test
    void aScalarHasRankZeroAndOneElement() {
        Tensor s = Tensor.scalar(2.5);
        assertThat(s.dim()).isZero();
        assertThat(s.numel()).isEqualTo(1);
        assertThat(s.shape()).isEqualTo(Shape.scalar());
        assertThat(s.strides()).isEmpty();
        assertThat(s.isContiguous()).isTrue();
        assertThat(s.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(s.item()).isEqualTo(2.5);
    }

    @Test
    void fullReductionsGiveScalars() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThat(x.sum().shape()).isEqualTo(Shape.scalar());
        assertThat(x.sum().item()).isEqualTo(10);
        assertThat(x.mean().item()).isEqualTo(2.5);
        assertThat(x.max().item()).isEqualTo(4);
        assertThat(x.argmax().dim()).isZero();
        assertThat(x.argmax().item()).isEqualTo(3);
        assertThat(Tensor.of(1f, 2f).dot(Tensor.of(3f, 4f)).item()).isEqualTo(11);
    }

    @Test
    void scalarsTakePartInOps() {
        Tensor s = Tensor.scalar(4);
        assertThat(s.sqrt().item()).isEqualTo(2);
        assertThat(s.add(1).item()).isEqualTo(5);
        assertThat(s.mul(Tensor.of(1f, 2f)).toFloatArray()).containsExactly(4, 8);
        assertThat(s.sum().item()).isEqualTo(4);
        assertThat(s.sum().shape()).isEqualTo(Shape.scalar());
        assertThat(s.reshape(1, 1).shape()).isEqualTo(Shape.of(1, 1));
        assertThat(s.unsqueeze(0).shape()).isEqualTo(Shape.of(1));
        assertThat(Tensor.of(7f).reshape().shape()).isEqualTo(Shape.scalar());
        assertThat(Tensor.of(7f).squeeze().item()).isEqualTo(7);
        assertThat(s.expand(2, 3).toFloatArray()).containsOnly(4f).hasSize(6);
        assertThat(s.eq(4).item()).isEqualTo(1);
    }

    @Test
    void scalarsFlowThroughAutograd() {
        Tensor x = Tensor.scalar(3).requiresGrad(true);
        Tensor y = x.mul(x).add(x);
        y.backward();
        assertThat(x.grad().shape()).isEqualTo(Shape.scalar());
        assertThat(x.grad().item()).isEqualTo(7);
    }

    @Test
    void itemWorksForAnyOneElementTensorAndEveryDType() {
        assertThat(Tensor.ones(1, 1, 1).mul(6).item()).isEqualTo(6);
        assertThat(Tensor.of(5L).item()).isEqualTo(5);
        assertThat(Tensor.of(true).item()).isEqualTo(1);
        assertThat(Tensor.scalar(0.1, DType.FLOAT64).item()).isEqualTo(0.1);
        assertThat(Tensor.arange(DType.FLOAT32, 0, 5, 1).slice(0, 3, 4).item()).as("a view with an offset")
                .isEqualTo(3);
    }

    @Test
    void itemOfSeveralElementsIsRefused() {
        assertThatThrownBy(() -> Tensor.ones(2, 3).item()).isInstanceOf(IllegalStateException.class)
                .hasMessage("item: tensor of shape [2, 3] has 6 elements; only a one-element tensor converts "
                        + "to a number");
        assertThatThrownBy(() -> Tensor.ones(0).item()).hasMessageContaining("has 0 elements");
    }
}
