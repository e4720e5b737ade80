package org.backprop4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.function.Function;

import org.backprop4j.backend.Backend;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * matmul on strided views (transposed, sliced with offsets into a larger tensor, stepped, broadcast batches) gives
 * the product of their contiguous copies, in float32 and float64, on whichever backend this test run selected
 * (the suite runs once per backend), and on sizes on both sides of the backends' small-size thresholds.
 */
class MatmulViewsTest {
    /** {@code a @ b} by the definition, in double precision, over contiguous copies. */
    private static double[] reference(Tensor a, Tensor b) {
        double[] x = a.contiguous().toDoubleArray();
        double[] y = b.contiguous().toDoubleArray();
        int n = a.size(-2);
        int k = a.size(-1);
        int m = b.size(-1);
        int batches = x.length / Math.max(1, n * k);
        double[] out = new double[batches * n * m];
        for (int t = 0; t < batches; t++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += x[t * n * k + i * k + p] * y[t * k * m + p * m + j];
                    }
                    out[t * n * m + i * m + j] = sum;
                }
            }
        }
        return out;
    }

    /** Checks {@code a @ b}; batch dimensions, if any, are {@code a}'s or {@code b}'s (whichever has more). */
    private static void check(String what, Tensor a, Tensor b, double tolerance) {
        Tensor product = a.matmul(b);
        Tensor left = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor wider = left.dim() >= b.dim() ? left : b;
        int[] batch = java.util.Arrays.copyOf(wider.shape().toArray(), wider.dim() - 2);
        double[] expected = reference(left.expand(withMatrix(batch, left)), b.expand(withMatrix(batch, b)));
        double[] actual = product.toDoubleArray();
        assertThat(actual).as("%s on %s: %s @ %s", what, Backend.current().name(), a.shape(), b.shape())
                .hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tolerance * (1 + Math.abs(expected[i])))) {
                fail("%s on %s: %s @ %s: element %d is %s, expected %s", what, Backend.current().name(), a.shape(),
                        b.shape(), i, actual[i], expected[i]);
            }
        }
    }

    private static int[] withMatrix(int[] batch, Tensor t) {
        int[] dims = java.util.Arrays.copyOf(batch, batch.length + 2);
        dims[batch.length] = t.size(-2);
        dims[batch.length + 1] = t.size(-1);
        return dims;
    }

    @Test
    void viewsMultiplyAsTheirContiguousCopies() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            double tolerance = dtype == DType.FLOAT32 ? 1e-4 : 1e-12;
            Rng rng = Rng.seeded(11);
            for (int size : new int[] {1, 3, 4, 7, 40, 130}) {
                Function<int[], Tensor> randn = dims -> Tensor.randn(rng, dtype, dims);
                Tensor big = randn.apply(new int[] {size + 5, size + 9});
                Tensor a = big.slice(0, 2, 2 + size).slice(1, 3, 3 + size); // offset, padded rows
                Tensor b = randn.apply(new int[] {size + 2, size}).t(); // column-major
                check("slices and a transpose", a, b.slice(1, 0, size), tolerance);
                check("transposed left", a.t(), randn.apply(new int[] {size, 5}), tolerance);
                check("stepped rows (copied)", big.slice(0, 0, size + 5, 2).slice(1, 0, size),
                        randn.apply(new int[] {size, 3}), tolerance);
                Tensor batch = randn.apply(new int[] {3, size, size + 1});
                check("batched with a broadcast right side", batch, randn.apply(new int[] {size + 1, 2}),
                        tolerance);
                check("batched, permuted", batch.permute(0, 2, 1), randn.apply(new int[] {3, size, 4}),
                        tolerance);
                check("vector @ matrix", randn.apply(new int[] {size}), randn.apply(new int[] {size, 6}),
                        tolerance);
            }
        }
    }
}
