package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;

/** Views share storage with their base: no copy is made, and writing through a view changes the base. */
class ViewsTest {
    private static Tensor grid(int rows, int cols) {
        return Tensor.arange(DType.FLOAT32, 0, rows * cols, 1).reshape(rows, cols);
    }

    @Test
    void transposeSwapsStridesOverTheSameStorage() {
        Tensor x = grid(2, 3);
        Tensor t = x.transpose(0, 1);
        assertThat(t.storage()).isSameAs(x.storage());
        assertThat(t.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(t.strides()).containsExactly(1, 3);
        assertThat(t.isContiguous()).isFalse();
        assertThat(t.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(x.t().strides()).containsExactly(1, 3);
        assertThat(x.transpose(-1, -2).shape()).isEqualTo(Shape.of(3, 2));

        t.select(0, 2).copyFrom(Tensor.of(20f, 50f));
        assertThat(x.toFloatArray()).containsExactly(0, 1, 20, 3, 4, 50);
    }

    @Test
    void permuteReordersDimensionsWithoutCopying() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 24, 1).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertThat(p.storage()).isSameAs(x.storage());
        assertThat(p.shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(p.strides()).containsExactly(1, 12, 4);
        assertThat(p.get(3, 1, 2)).isEqualTo(x.get(1, 2, 3));
        assertThat(x.permute(-1, 0, 1).shape()).isEqualTo(p.shape());

        p.select(0, 0).fill(-1);
        assertThat(x.get(1, 2, 0)).isEqualTo(-1);
        assertThat(x.get(1, 2, 1)).isEqualTo(21);
    }

    @Test
    void sliceWithAStepIsAStridedView() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 10, 1);
        Tensor s = x.slice(0, 1, 8, 3);
        assertThat(s.storage()).isSameAs(x.storage());
        assertThat(s.toFloatArray()).containsExactly(1, 4, 7);
        assertThat(s.strides()).containsExactly(3);
        assertThat(s.offset()).isEqualTo(1);

        s.copyFrom(Tensor.of(-1f, -4f, -7f));
        assertThat(x.toFloatArray()).containsExactly(0, -1, 2, 3, -4, 5, 6, -7, 8, 9);
    }

    @Test
    void sliceBoundsCountFromTheEndAndClampLikePython() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 10, 1);
        assertThat(x.slice(0, -3, 10).toFloatArray()).containsExactly(7, 8, 9);
        assertThat(x.slice(0, 5, 100).toFloatArray()).containsExactly(5, 6, 7, 8, 9);
        assertThat(x.slice(0, -100, 2).toFloatArray()).containsExactly(0, 1);
        assertThat(x.slice(0, 6, 2).numel()).isZero();
        assertThat(x.slice(0, 0, 10, 4).toFloatArray()).containsExactly(0, 4, 8);
        assertThat(x.slice(0, 0, 9, 4).toFloatArray()).containsExactly(0, 4, 8);
        assertThat(x.slice(0, 0, 8, 4).toFloatArray()).containsExactly(0, 4);
    }

    @Test
    void slicingAnInnerDimensionOfAMatrix() {
        Tensor x = grid(3, 4);
        Tensor cols = x.slice(1, 1, 4, 2);
        assertThat(cols.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(cols.strides()).containsExactly(4, 2);
        assertThat(cols.toFloatArray()).containsExactly(1, 3, 5, 7, 9, 11);
        cols.zero();
        assertThat(x.toFloatArray()).containsExactly(0, 0, 2, 0, 4, 0, 6, 0, 8, 0, 10, 0);
    }

    @Test
    void selectRemovesADimension() {
        Tensor x = grid(3, 4);
        Tensor col = x.select(1, 2);
        assertThat(col.storage()).isSameAs(x.storage());
        assertThat(col.shape()).isEqualTo(Shape.of(3));
        assertThat(col.strides()).containsExactly(4);
        assertThat(col.offset()).isEqualTo(2);
        assertThat(col.toFloatArray()).containsExactly(2, 6, 10);
        assertThat(x.select(0, -1).toFloatArray()).containsExactly(8, 9, 10, 11);

        x.select(0, 1).select(0, 3).fill(100);
        assertThat(x.get(1, 3)).isEqualTo(100);
    }

    @Test
    void expandUsesStrideZeroAndNoNewStorage() {
        Tensor col = Tensor.of(1f, 2f, 3f).reshape(3, 1);
        Tensor e = col.expand(3, 4);
        assertThat(e.storage()).isSameAs(col.storage());
        assertThat(e.strides()).containsExactly(1, 0);
        assertThat(e.toFloatArray()).containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
        Tensor lead = Tensor.of(5f, 6f).expand(2, 3, 2);
        assertThat(lead.strides()).containsExactly(0, 0, 1);
        assertThat(lead.toFloatArray()).containsExactly(5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6);
        assertThat(col.expand(-1, 2).shape()).isEqualTo(Shape.of(3, 2));
        assertThat(col.expand(3, 1)).as("expanding to the same shape is the tensor itself").isSameAs(col);

        col.copyFrom(Tensor.of(7f, 8f, 9f).reshape(3, 1));
        assertThat(e.toFloatArray()).as("the expanded view sees writes to its base")
                .containsExactly(7, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9);
    }

    @Test
    void reshapeAndViewOfContiguousDataShareStorage() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 12, 1);
        Tensor r = x.reshape(3, 4);
        Tensor v = x.view(2, -1, 3);
        assertThat(r.storage()).isSameAs(x.storage());
        assertThat(v.storage()).isSameAs(x.storage());
        assertThat(v.shape()).isEqualTo(Shape.of(2, 2, 3));
        assertThat(r.flatten().storage()).isSameAs(x.storage());
        assertThat(r.unsqueeze(0).squeeze().storage()).isSameAs(x.storage());

        r.select(0, 2).select(0, 1).fill(-5);
        assertThat(x.get(9)).isEqualTo(-5);
        assertThat(v.get(1, 1, 0)).isEqualTo(-5);
    }

    @Test
    void viewOfAContiguousSliceKeepsItsOffset() {
        Tensor x = grid(4, 3);
        Tensor rows = x.slice(0, 1, 3);
        assertThat(rows.isContiguous()).isTrue();
        Tensor flat = rows.view(6);
        assertThat(flat.storage()).isSameAs(x.storage());
        assertThat(flat.offset()).isEqualTo(3);
        assertThat(flat.toFloatArray()).containsExactly(3, 4, 5, 6, 7, 8);
    }

    @Test
    void viewCanSplitAndMergeDimensionsThatAreContiguousInANonContiguousTensor() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 24, 1).reshape(2, 3, 4).permute(1, 0, 2); // [3, 2, 4]
        Tensor split = x.view(3, 2, 2, 2);
        assertThat(split.storage()).isSameAs(x.storage());
        assertThat(split.toFloatArray()).containsExactly(x.toFloatArray());
        Tensor sliced = grid(4, 6).slice(1, 0, 4); // rows with gaps: [4, 4] strides [6, 1]
        assertThat(sliced.view(4, 2, 2).storage()).isSameAs(sliced.storage());
        assertThat(sliced.view(4, 2, 2).toFloatArray()).containsExactly(sliced.toFloatArray());
    }

    @Test
    void reshapeOfNonContiguousDataCopies() {
        Tensor x = grid(2, 3);
        Tensor t = x.t();
        Tensor r = t.reshape(6);
        assertThat(r.storage()).isNotSameAs(x.storage());
        assertThat(r.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        r.fill(0);
        assertThat(x.toFloatArray()).as("the copy is independent").containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(t.contiguous().storage()).isNotSameAs(x.storage());
        assertThat(x.contiguous()).isSameAs(x);
    }

    @Test
    void viewOfNonContiguousDataFailsAndPointsToReshape() {
        Tensor t = grid(2, 3).t();
        assertThatThrownBy(() -> t.view(6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("view: shape [6]").hasMessageContaining("shape [3, 2] and strides [1, 3]")
                .hasMessageContaining("use reshape");
    }

    @Test
    void viewsOfViewsCompose() {
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 24, 1).reshape(4, 6);
        Tensor v = x.t().slice(0, 1, 6, 2).select(1, 3); // column 3 of x^T rows 1, 3, 5 = x[3, 1], x[3, 3], x[3, 5]
        assertThat(v.storage()).isSameAs(x.storage());
        assertThat(v.toFloatArray()).containsExactly(19, 21, 23);
        v.copyFrom(Tensor.scalar(0));
        assertThat(x.select(0, 3).toFloatArray()).containsExactly(18, 0, 20, 0, 22, 0);
    }

    @Test
    void detachSharesStorage() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor d = x.detach();
        assertThat(d.storage()).isSameAs(x.storage());
        assertThat(d.requiresGrad()).isFalse();
        d.fill(3);
        assertThat(x.toFloatArray()).containsExactly(3, 3);
    }

    @Test
    void cloneCopies() {
        Tensor x = Tensor.of(1f, 2f);
        Tensor c = x.clone();
        assertThat(c.storage()).isNotSameAs(x.storage());
        c.fill(0);
        assertThat(x.toFloatArray()).containsExactly(1, 2);
    }
}
