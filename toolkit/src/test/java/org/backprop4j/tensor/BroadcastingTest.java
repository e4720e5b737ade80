package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;

/** NumPy broadcasting: shapes align at the right; a size-1 or missing dimension stretches. */
class BroadcastingTest {
    @Test
    void aColumnAndARowBroadcastToAMatrix() {
        Tensor col = Tensor.of(0f, 10f, 20f).reshape(3, 1);
        Tensor row = Tensor.of(1f, 2f, 3f, 4f).reshape(1, 4);
        Tensor sum = col.add(row);
        assertThat(sum.shape()).isEqualTo(Shape.of(3, 4));
        assertThat(sum.toFloatArray()).containsExactly(1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24);
        assertThat(row.add(col).toFloatArray()).containsExactly(sum.toFloatArray());
    }

    @Test
    void missingLeadingDimensionsStretch() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 24, 1).reshape(2, 3, 4);
        Tensor bias = Tensor.of(100f, 200f, 300f, 400f);
        Tensor y = x.add(bias);
        assertThat(y.shape()).isEqualTo(Shape.of(2, 3, 4));
        assertThat(y.get(1, 2, 3)).isEqualTo(23 + 400);
        assertThat(y.get(0, 1, 0)).isEqualTo(4 + 100);
        Tensor perRow = Tensor.of(1f, 2f, 3f).reshape(3, 1);
        assertThat(x.mul(perRow).get(1, 2, 1)).isEqualTo(21 * 3);
    }

    @Test
    void aScalarBroadcastsToAnything() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThat(x.sub(Tensor.scalar(1)).toFloatArray()).containsExactly(0, 1, 2, 3);
        assertThat(Tensor.scalar(1).sub(x).shape()).isEqualTo(Shape.of(2, 2));
        assertThat(Tensor.scalar(1).sub(x).toFloatArray()).containsExactly(0, -1, -2, -3);
        assertThat(Tensor.scalar(2).mul(Tensor.scalar(3)).shape()).isEqualTo(Shape.scalar());
    }

    @Test
    void bothOperandsMayStretchInDifferentDimensions() {
        Tensor a = Tensor.ones(2, 1, 3);
        Tensor b = Tensor.ones(4, 1);
        assertThat(a.add(b).shape()).isEqualTo(Shape.of(2, 4, 3));
        assertThat(a.add(b).toFloatArray()).containsOnly(2f);
    }

    @Test
    void sizeOneStretchesToZero() {
        assertThat(Tensor.ones(0, 3).add(Tensor.ones(1, 3)).shape()).isEqualTo(Shape.of(0, 3));
        assertThat(Tensor.ones(0).add(Tensor.scalar(1)).shape()).isEqualTo(Shape.of(0));
    }

    @Test
    void broadcastingAppliesToComparisonsAndWhere() {
        Tensor x = Tensor.of(new float[][] {{1, 5}, {3, 2}});
        Tensor limits = Tensor.of(2f, 4f);
        assertThat(x.gt(limits).toBooleanArray()).containsExactly(false, true, true, false);
        Tensor chosen = Tensor.where(x.gt(limits), x, Tensor.scalar(0));
        assertThat(chosen.toFloatArray()).containsExactly(0, 5, 3, 0);
        Tensor mask = Tensor.of(true, false).reshape(2, 1);
        assertThat(Tensor.where(mask, Tensor.scalar(1), Tensor.scalar(-1)).shape()).isEqualTo(Shape.of(2, 1));
    }

    @Test
    void broadcastingWorksOnStridedViews() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 6, 1).reshape(2, 3).t(); // [3, 2], non-contiguous
        Tensor row = Tensor.of(10f, 20f, 30f, 40f).slice(0, 0, 4, 2);  // [10, 30], stride 2
        assertThat(x.add(row).toFloatArray()).containsExactly(10, 33, 11, 34, 12, 35);
    }

    @Test
    void incompatibleShapesAreRefusedNamingTheDimension() {
        assertThatThrownBy(() -> Tensor.ones(2, 3).add(Tensor.ones(3, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("add: shapes [2, 3] and [3, 2] cannot be broadcast together: dimension -1 has sizes 3 "
                        + "and 2 (sizes must match or one of them must be 1)");
        assertThatThrownBy(() -> Tensor.ones(4, 2, 3).mul(Tensor.ones(5, 1, 3)))
                .hasMessageContaining("mul: shapes [4, 2, 3] and [5, 1, 3]").hasMessageContaining("dimension -3");
        assertThatThrownBy(() -> Tensor.ones(0).add(Tensor.ones(2))).hasMessageContaining("sizes 0 and 2");
    }
}
