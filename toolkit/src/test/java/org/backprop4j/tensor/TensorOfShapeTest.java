package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import org.backprop4j.array.DType;
import org.junit.jupiter.api.Test;

class TensorOfShapeTest {
    @Test
    void valuesFillTheShapeInRowMajorOrder() {
        Tensor f = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(f).hasShape(2, 3).hasDtype(DType.FLOAT32);
        assertThat(f.get(1, 0)).isEqualTo(4.0);
        assertThat(Tensor.of(new double[] {1, 2, 3, 4}, 2, 1, 2)).hasShape(2, 1, 2).hasDtype(DType.FLOAT64)
                .hasValues(1, 2, 3, 4);
        assertThat(Tensor.of(new long[] {7, 8}, 2, 1)).hasShape(2, 1).hasDtype(DType.INT64);
        assertThat(Tensor.of(new boolean[] {true, false, true, true}, 2, 2).toBooleanArray())
                .containsExactly(true, false, true, true);
        assertThat(Tensor.of(new double[] {5})).as("no shape: 1-D, as before").hasShape(1);
        assertThat(Tensor.of(new double[] {5}, new int[0])).as("an empty shape: a scalar").hasShape();
        assertThat(Tensor.of(new float[0], 0, 3)).hasShape(0, 3);
    }

    @Test
    void theValuesAreCopied() {
        double[] values = {1, 2};
        Tensor t = Tensor.of(values, 1, 2);
        values[0] = 9;
        assertThat(t).hasValues(1, 2);
    }

    @Test
    void aCountThatDoesNotFitTheShapeIsAnErrorNamingBoth() {
        assertThatThrownBy(() -> Tensor.of(new float[] {1, 2, 3, 4, 5}, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tensor.of: 5 float32 values cannot fill shape [2, 3], which holds 6; pass as many "
                        + "values as the product of the dimensions");
        assertThatThrownBy(() -> Tensor.of(new long[] {1, 2}, 3))
                .hasMessageContaining("2 int64 values cannot fill shape [3], which holds 3");
        assertThatThrownBy(() -> Tensor.of(new double[] {1, 2}, -1, 2))
                .hasMessage("Tensor.of: shape [-1, 2] has a negative dimension; give every dimension explicitly");
    }
}
