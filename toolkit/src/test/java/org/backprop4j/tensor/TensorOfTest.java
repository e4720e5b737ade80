package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;

class TensorOfTest {
    @Test
    void flatArraysGiveOneDimensionalTensorsOfTheirType() {
        Tensor f = Tensor.of(1f, 2f, 3f);
        assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.shape()).isEqualTo(Shape.of(3));
        assertThat(f.toFloatArray()).containsExactly(1f, 2f, 3f);
        assertThat(Tensor.of(1.5, 2.5).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(Tensor.of(4L, -5L).dtype()).isEqualTo(DType.INT64);
        assertThat(Tensor.of(true, false).toBooleanArray()).containsExactly(true, false);
        assertThat(Tensor.of(new float[0]).shape()).isEqualTo(Shape.of(0));
    }

    @Test
    void flatFactoriesCopyTheirArgument() {
        float[] values = {1f, 2f};
        Tensor t = Tensor.of(values);
        values[0] = 9f;
        assertThat(t.toFloatArray()).containsExactly(1f, 2f);
        assertThat(t.storage().floats()).isNotSameAs(values);
    }

    @Test
    void ofWithADTypeConvertsLikeATensorCast() {
        assertThat(Tensor.of(DType.FLOAT32, 1, 2.5).toFloatArray()).containsExactly(1f, 2.5f);
        assertThat(Tensor.of(DType.INT64, 1.7, -1.7, 3).toLongArray()).as("truncates toward zero")
                .containsExactly(1, -1, 3);
        assertThat(Tensor.of(DType.BOOL, 0, 2, -0.5).toBooleanArray()).containsExactly(false, true, true);
        assertThat(Tensor.of(DType.FLOAT64, 0.1).toDoubleArray()).containsExactly(0.1);
    }

    @Test
    void nestedArraysGiveTheirShapeInRowMajorOrder() {
        Tensor m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(m.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(m.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(m.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(m.get(1, 0)).isEqualTo(4);

        Tensor d = Tensor.of(new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}, {{9, 10}, {11, 12}}});
        assertThat(d.shape()).isEqualTo(Shape.of(3, 2, 2));
        assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(d.get(2, 1, 0)).isEqualTo(11);

        Tensor l = Tensor.of(new long[][] {{1, 2}, {3, 4}});
        assertThat(l.dtype()).isEqualTo(DType.INT64);
        assertThat(l.toLongArray()).containsExactly(1, 2, 3, 4);

        assertThat(Tensor.of(new float[][][] {{{1}}}).shape()).isEqualTo(Shape.of(1, 1, 1));
        assertThat(Tensor.of(new double[][] {{0.1, 0.2}}).toDoubleArray()).containsExactly(0.1, 0.2);
    }

    @Test
    void nestedArraysMayHaveEmptyDimensions() {
        assertThat(Tensor.of(new float[2][0]).shape()).isEqualTo(Shape.of(2, 0));
        assertThat(Tensor.of(new float[0][3]).shape()).isEqualTo(Shape.of(0));
    }

    @Test
    void raggedNestedArraysAreRefusedNamingTheLevel() {
        assertThatThrownBy(() -> Tensor.of(new float[][] {{1, 2}, {3}})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("of: ragged nested array: level 1 has length 1 where 2 was expected (shape [2, 2])");
        assertThatThrownBy(() -> Tensor.of(new double[][] {{1}, {2, 3}})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ragged").hasMessageContaining("length 2 where 1 was expected");
        assertThatThrownBy(() -> Tensor.of(new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7}}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level 2");
        assertThatThrownBy(() -> Tensor.of(new float[][][] {{{1}, {2}}, {{3}}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level 1");
    }

    @Test
    void nullRowsAreRefused() {
        assertThatThrownBy(() -> Tensor.of(new float[][] {{1, 2}, null})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("of: null row at level 1");
    }

    @Test
    void ofStorageNeedsTheExactElementCount() {
        Storage s = Storage.of(new float[] {1, 2, 3, 4, 5, 6});
        Tensor t = Tensor.of(s, Shape.of(3, 2));
        assertThat(t.storage()).isSameAs(s);
        assertThat(t.strides()).containsExactly(2, 1);
        assertThatThrownBy(() -> Tensor.of(s, Shape.of(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("of: storage holds 6 elements but shape [5] needs 5");
    }

    @Test
    void asStridedMakesAnyInBoundsView() {
        Storage s = Storage.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7});
        Tensor diag = Tensor.asStrided(s, Shape.of(3), new int[] {3}, 1);
        assertThat(diag.toFloatArray()).containsExactly(1, 4, 7);
        assertThat(Tensor.asStrided(s, Shape.of(2, 2), new int[] {0, 1}, 6).toFloatArray()).containsExactly(6, 7, 6, 7);
        assertThat(Tensor.asStrided(s, Shape.of(0, 5), new int[] {100, 100}, 8).numel()).isZero();
    }

    @Test
    void asStridedRefusesViewsOutsideTheStorage() {
        Storage s = Storage.of(new float[8]);
        assertThatThrownBy(() -> Tensor.asStrided(s, Shape.of(3), new int[] {3}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reaches element 8")
                .hasMessageContaining("storage of 8");
        assertThatThrownBy(() -> Tensor.asStrided(s, Shape.of(2), new int[] {-1}, 4))
                .hasMessageContaining("negative stride -1 in dimension 0");
        assertThatThrownBy(() -> Tensor.asStrided(s, Shape.of(2, 2), new int[] {1}, 0))
                .hasMessageContaining("1 strides for shape [2, 2]");
        assertThatThrownBy(() -> Tensor.asStrided(s, Shape.of(1), new int[] {1}, -1)).hasMessageContaining("offset -1");
    }

    @Test
    void getReadsOneElementWithNegativeIndices() {
        Tensor m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(m.get(-1, -1)).isEqualTo(6);
        assertThat(m.get(0, 1)).isEqualTo(2);
        assertThat(Tensor.scalar(4).get()).isEqualTo(4);
        assertThatThrownBy(() -> m.get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("get: index 2 is out of range for dimension 0 of size 2 (shape [2, 3])");
        assertThatThrownBy(() -> m.get(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("get: 1 indices for a tensor of shape [2, 3]");
    }
}
