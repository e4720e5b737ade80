package org.backprop4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.WideLayout;
import org.backprop4j.array.internal.Window;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * conv2d with stride 1 and no dilation runs over the wide columns of {@link WideLayout}; these tests hold its output
 * and its three gradients to the column-exact composite (im2col, a product, the bias), differentiated op by op, on
 * shapes that take several blocks, odd halves, padding on one axis only and non-square kernels.
 */
class WideConvolutionTest {

    /** Output, input, weight and bias gradients of conv2d on the given tensors. */
    private static List<double[]> fused(Tensor x, Tensor w, Tensor b, Tensor gy, Window k) {
        Tensor xs = x.detach().requiresGrad(true);
        Tensor ws = w.detach().requiresGrad(true);
        Tensor bs = b.detach().requiresGrad(true);
        Tensor y = Convolution.conv2d(xs, ws, bs, k, 1);
        y.backward(gy);
        return List.of(y.toDoubleArray(), xs.grad().toDoubleArray(), ws.grad().toDoubleArray(),
                bs.grad().toDoubleArray());
    }

    /** The same through im2col, matmul and a broadcast add. */
    private static List<double[]> composite(Tensor x, Tensor w, Tensor b, Tensor gy, Window k) {
        Tensor xs = x.detach().requiresGrad(true);
        Tensor ws = w.detach().requiresGrad(true);
        Tensor bs = b.detach().requiresGrad(true);
        int o = w.size(0);
        Tensor cols = Convolution.im2col(xs, k, 0);
        Tensor y = ws.reshape(o, cols.size(1)).matmul(cols).reshape(gy.shape().toArray()).add(bs.reshape(1, o, 1, 1));
        y.backward(gy);
        return List.of(y.toDoubleArray(), xs.grad().toDoubleArray(), ws.grad().toDoubleArray(),
                bs.grad().toDoubleArray());
    }

    private static void assertClose(String what, List<double[]> actual, List<double[]> expected, double tolerance) {
        String[] names = {"output", "input gradient", "weight gradient", "bias gradient"};
        for (int i = 0; i < expected.size(); i++) {
            double[] e = expected.get(i);
            double scale = 1;
            for (double v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(actual.get(i)).as("%s: %s", what, names[i]).hasSameSizeAs(e)
                    .containsExactly(e, within(tolerance * scale));
        }
    }

    private static void check(DType dtype, int n, int c, int h, int w, int o, Window k, double tolerance) {
        Rng rng = Rng.seeded(n * 1000L + c * 100L + h);
        Tensor x = Tensor.randn(rng, dtype, n, c, h, w);
        Tensor weight = Tensor.randn(rng, dtype, o, c, k.kernelH(), k.kernelW());
        Tensor bias = Tensor.randn(rng, dtype, o);
        Tensor gy = Tensor.randn(rng, dtype, n, o, k.outHeight(h), k.outWidth(w));
        String what = dtype + " [" + n + ", " + c + ", " + h + ", " + w + "] -> " + o + ", " + k;
        assertClose(what, fused(x, weight, bias, gy, k), composite(x, weight, bias, gy, k), tolerance);
    }

    @Test
    void matchesTheColumnExactFormOnEveryPadding() {
        Window[] windows = {
            new Window(3, 5, 1, 1, 1, 2, 1, 1),  // padding on both axes, wider than tall
            new Window(2, 3, 1, 1, 0, 1, 1, 1),  // padding along the width only
            new Window(3, 1, 1, 1, 2, 0, 1, 1),  // a column kernel, padding larger than half of it
            Window.of(1, 1, 0, 1),               // 1x1: no unused columns at all
            Window.of(5, 1, 0, 1)};              // LeNet's kernel, unpadded
        for (Window k : windows) {
            assertThat(WideLayout.fits(k)).as("%s takes the wide layout", k).isTrue();
            check(DType.FLOAT64, 9, 8, 16, 20, 5, k, 1e-12);   // one image per block, nine blocks
            check(DType.FLOAT64, 5, 2, 9, 11, 3, k, 1e-12);    // several images per block, five images
            check(DType.FLOAT32, 7, 3, 12, 13, 4, k, 2e-5);
        }
    }

    @Test
    void aNonFiniteInputReachesTheSameWeightGradientsAsTheColumnExactForm() {
        // x[0, 0, 1, 0] sits under output columns that the wide layout computes and leaves out for some taps
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                Window k = Window.of(3, 1, 0, 1);
                double[] values = Tensor.randn(Rng.seeded(5), DType.FLOAT64, 2, 1, 6, 7).toDoubleArray();
                values[7] = bad;
                Tensor x = Tensor.of(dtype, values).reshape(2, 1, 6, 7);
                Tensor weight = Tensor.randn(Rng.seeded(6), dtype, 2, 1, 3, 3);
                Tensor bias = Tensor.randn(Rng.seeded(7), dtype, 2);
                Tensor gy = Tensor.randn(Rng.seeded(8), dtype, 2, 2, 4, 5);
                List<double[]> ours = fused(x, weight, bias, gy, k);
                List<double[]> exact = composite(x, weight, bias, gy, k);
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < exact.get(i).length; j++) {
                        double e = exact.get(i)[j];
                        double a = ours.get(i)[j];
                        assertThat(Double.isNaN(a)).as("%s %s: result %d, element %d NaN", dtype, bad, i, j)
                                .isEqualTo(Double.isNaN(e));
                        assertThat(Double.isInfinite(a)).as("%s %s: result %d, element %d infinite", dtype, bad, i, j)
                                .isEqualTo(Double.isInfinite(e));
                    }
                }
                assertThat(Arrays.stream(exact.get(2)).anyMatch(v -> !Double.isFinite(v)))
                        .as("the case makes some weight gradients non-finite").isTrue();
            }
        }
    }
}
