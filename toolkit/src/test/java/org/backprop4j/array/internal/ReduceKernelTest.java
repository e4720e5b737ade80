package org.backprop4j.array.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Sums over leading dimensions of a contiguous tensor take a row-by-row loop; every other reduction the general one.
 * Both must give the sums an element-by-element reference gives, in float32 and float64, at an offset, and for shapes
 * where the fast loop does not apply (a strided view, trailing or middle dimensions, everything).
 */
class ReduceKernelTest {
    /** Column sums of {@code x} seen as {@code [rows, cols]}, element by element in double. */
    private static double[] reference(Tensor x, int rows, int cols) {
        double[] v = x.contiguous().to(DType.FLOAT64).toDoubleArray();
        double[] out = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c] += v[r * cols + c];
            }
        }
        return out;
    }

    @Test
    void leadingSumsMatchTheReferenceInBothPrecisionsAndAtAnOffset() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor big = Tensor.randn(Rng.seeded(1), 9, 4, 37).to(dtype);
            Tensor x = big.slice(0, 2, 9);   // contiguous, offset 2 * 4 * 37
            assertThat(x.isContiguous()).isTrue();
            assertThat(x.offset()).isEqualTo(2 * 4 * 37);
            double[] over0 = x.sum(0).toDoubleArray();
            assertThat(over0).containsExactly(reference(x, 7, 4 * 37),
                    Offset.offset(dtype == DType.FLOAT32 ? 1e-5 : 1e-12));
            double[] over01 = x.sum(new int[] {0, 1}, false).toDoubleArray();
            assertThat(over01).containsExactly(reference(x, 7 * 4, 37),
                    Offset.offset(dtype == DType.FLOAT32 ? 1e-5 : 1e-12));
            // the general loop, on the same values: a strided view of the same sum, and the last dimension
            double[] strided = x.transpose(1, 2).contiguous().transpose(1, 2).sum(0).toDoubleArray();
            assertThat(strided).containsExactly(over0, Offset.offset(1e-5));
            Tensor t = x.transpose(0, 2).contiguous();   // [37, 4, 7]
            double[] last = t.sum(2).toDoubleArray();
            assertThat(last).containsExactly(t.transpose(0, 2).contiguous().sum(0).transpose(0, 1).contiguous()
                    .toDoubleArray(), Offset.offset(1e-5));
            assertThat(x.sum().item()).isCloseTo(java.util.Arrays.stream(over0).sum(),
                    Offset.offset(1e-4));
        }
    }
}
