package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.backprop4j.array.DType;

/** to*Array reads the elements a tensor views, in row-major order, whatever its strides, offset and dtype. */
class ConversionsTest {
    private static Tensor transposed() {
        return Tensor.arange(DType.FLOAT32, 0, 6, 1).reshape(2, 3).t(); // [[0, 3], [1, 4], [2, 5]]
    }

    @Test
    void transposedViewsReadInTheirOwnOrder() {
        Tensor t = transposed();
        assertThat(t.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(t.toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(t.toLongArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(t.toBooleanArray()).containsExactly(false, true, true, true, true, true);
    }

    @Test
    void steppedSlicesWithAnOffsetReadOnlyTheirElements() {
        Tensor x = Tensor.of(DType.FLOAT64, 0, 1.5, 0, 3.5, 0, -2.5, 0);
        Tensor s = x.slice(0, 1, 7, 2);
        assertThat(s.offset()).isEqualTo(1);
        assertThat(s.toDoubleArray()).containsExactly(1.5, 3.5, -2.5);
        assertThat(s.toFloatArray()).containsExactly(1.5f, 3.5f, -2.5f);
        assertThat(s.toLongArray()).as("truncated toward zero").containsExactly(1, 3, -2);
        assertThat(x.slice(0, 0, 7, 2).toBooleanArray()).containsExactly(false, false, false, false);
    }

    @Test
    void contiguousViewsWithAnOffsetCopyTheRightRange() {
        Tensor rows = Tensor.arange(DType.FLOAT32, 0, 12, 1).reshape(4, 3).slice(0, 2, 4);
        assertThat(rows.isContiguous()).isTrue();
        assertThat(rows.toFloatArray()).containsExactly(6, 7, 8, 9, 10, 11);
        Tensor d = Tensor.arange(DType.FLOAT64, 0, 12, 1).reshape(4, 3).select(0, 1);
        assertThat(d.toDoubleArray()).containsExactly(3, 4, 5);
    }

    @Test
    void expandedViewsRepeatElements() {
        Tensor e = Tensor.of(7L, 8L).expand(3, 2);
        assertThat(e.toLongArray()).containsExactly(7, 8, 7, 8, 7, 8);
        assertThat(e.toFloatArray()).containsExactly(7, 8, 7, 8, 7, 8);
        Tensor b = Tensor.of(true, false).reshape(2, 1).expand(2, 2);
        assertThat(b.toBooleanArray()).containsExactly(true, true, false, false);
        assertThat(b.toDoubleArray()).containsExactly(1, 1, 0, 0);
    }

    @Test
    void permutedThreeDimensionalViews() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1).slice(0, 1, 4, 2); // [2, 2, 3]: x[:, :, 1] and x[:, :, 3]
        long[] expected = new long[12];
        int k = 0;
        for (int c : new int[] {1, 3}) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 3; b++) {
                    expected[k++] = a * 12 + b * 4 + c;
                }
            }
        }
        assertThat(p.toLongArray()).containsExactly(expected);
        double[] asDoubles = p.toDoubleArray();
        for (int i = 0; i < 12; i++) {
            assertThat(asDoubles[i]).isEqualTo(expected[i]);
        }
    }

    @Test
    void largeInt64ValuesSurviveToLongArray() {
        long big = (1L << 53) + 1; // not representable as a double
        Tensor t = Tensor.of(0L, big, -big).slice(0, 1, 3);
        assertThat(t.toLongArray()).containsExactly(big, -big);
    }

    @Test
    void arraysAreFreshCopies() {
        Tensor x = Tensor.of(1f, 2f);
        float[] a = x.toFloatArray();
        a[0] = 9;
        assertThat(x.toFloatArray()).containsExactly(1, 2);
    }

    @Test
    void emptyTensorsGiveEmptyArrays() {
        Tensor e = Tensor.zeros(0, 3).t();
        assertThat(e.toFloatArray()).isEmpty();
        assertThat(e.toDoubleArray()).isEmpty();
        assertThat(e.toLongArray()).isEmpty();
        assertThat(e.toBooleanArray()).isEmpty();
    }
}
