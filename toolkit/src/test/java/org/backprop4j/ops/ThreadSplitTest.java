package org.backprop4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Window;
import org.backprop4j.array.internal.Window3d;
import org.backprop4j.backend.Threads;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fused linear takes middling products in two column halves run at once with two threads, and the fused conv2d
 * splits its products over threads by columns, its weight gradient's sum into two fixed halves, and
 * its image-to-column loops (and max pooling's planes) by images, which must leave every value as it is: output and
 * all gradients bit for bit equal at 1 and 2 threads, for a convolution large enough to be split (16 x 8,192 x 150
 * multiply-adds) and a max pooling after it, and for linear layers of an MLP at batch 64, in float32 and float64.
 */
class ThreadSplitTest {
    @AfterEach
    void restoreThreads() {
        Threads.set(Runtime.getRuntime().availableProcessors());
    }

    /** Every result of the two-thread run equals the one-thread run's bit for bit. */
    private static void assertSameBits(String what, List<double[]> one, List<double[]> two) {
        assertThat(two).as(what).hasSameSizeAs(one);
        for (int i = 0; i < one.size(); i++) {
            assertThat(two.get(i)).as("%s, result %d", what, i).containsExactly(one.get(i));
        }
    }

    private static List<double[]> run(int threads, DType dtype, Window k) {
        Threads.set(threads);
        Tensor x = Tensor.randn(Rng.seeded(1), dtype, 32, 6, 20, 20).requiresGrad(true);
        Tensor w = Tensor.randn(Rng.seeded(2), dtype, 16, 6, 5, 5).requiresGrad(true);
        Tensor b = Tensor.randn(Rng.seeded(3), dtype, 16).requiresGrad(true);
        Tensor y = Convolution.conv2d(x, w, b, k, 1);
        Window3d pool = new Window3d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1});
        Tensor pooled = Pooling.maxPool(y, pool, false);
        pooled.backward(Tensor.randn(Rng.seeded(4), dtype, pooled.shape().toArray()));
        return List.of(y.toDoubleArray(), pooled.toDoubleArray(), x.grad().toDoubleArray(), w.grad().toDoubleArray(),
                b.grad().toDoubleArray());
    }

    @Test
    void oneAndTwoThreadsGiveTheSameBits() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Window k : new Window[] {Window.of(5, 1, 0, 1), Window.of(5, 2, 2, 1)}) {
                assertSameBits(dtype + " " + k, run(1, dtype, k), run(2, dtype, k));
            }
        }
    }

    private static List<double[]> batchNorm(int threads, DType dtype) {
        Threads.set(threads);
        // 32 x 16 x 12 x 12 = 73,728 elements: the channels are shared out over threads
        Tensor x = Tensor.randn(Rng.seeded(8), dtype, 32, 16, 12, 12).requiresGrad(true);
        Tensor w = Tensor.randn(Rng.seeded(9), dtype, 16).requiresGrad(true);
        Tensor b = Tensor.randn(Rng.seeded(10), dtype, 16).requiresGrad(true);
        Tensor runningMean = Tensor.zeros(dtype, 16);
        Tensor runningVar = Tensor.ones(dtype, 16);
        Tensor y = FusedBatchNorm.apply(x, runningMean, runningVar, w, b, 0.1, 1e-5, new int[] {0, 2, 3});
        y.backward(Tensor.randn(Rng.seeded(11), dtype, 32, 16, 12, 12));
        return List.of(y.toDoubleArray(), x.grad().toDoubleArray(), w.grad().toDoubleArray(),
                b.grad().toDoubleArray(), runningMean.toDoubleArray(), runningVar.toDoubleArray());
    }

    @Test
    void batchNormGivesTheSameBitsAtOneAndTwoThreads() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            assertSameBits(dtype.toString(), batchNorm(1, dtype), batchNorm(2, dtype));
        }
    }

    private static List<double[]> linear(int threads, DType dtype) {
        Threads.set(threads);
        Tensor x = Tensor.randn(Rng.seeded(5), dtype, 64, 784).requiresGrad(true);
        Tensor w = Tensor.randn(Rng.seeded(6), dtype, 256, 784).requiresGrad(true);
        Tensor b = Tensor.randn(Rng.seeded(7), dtype, 256).requiresGrad(true);
        Tensor y = LinAlg.linear(x, w, b);
        y.backward(Tensor.randn(Rng.seeded(8), dtype, 64, 256));
        return List.of(y.toDoubleArray(), x.grad().toDoubleArray(), w.grad().toDoubleArray(),
                b.grad().toDoubleArray());
    }

    @Test
    void linearGivesTheSameBitsAtOneAndTwoThreads() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            assertSameBits(dtype.toString(), linear(1, dtype), linear(2, dtype));
        }
    }

    private static List<double[]> elementwise(int threads, DType dtype) {
        Threads.set(threads);
        // an odd count, so the last chunk ends in a vector loop's scalar tail
        Tensor x = Tensor.randn(Rng.seeded(9), dtype, 300_001).requiresGrad(true);
        Tensor y = x.relu().add(x.tanh()).add(x.sigmoid()).add(x.exp());
        y.backward(Tensor.randn(Rng.seeded(10), dtype, 300_001));
        return List.of(y.toDoubleArray(), x.grad().toDoubleArray());
    }

    @Test
    void elementwiseLoopsGiveTheSameBitsAtOneAndTwoThreads() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            assertSameBits(dtype.toString(), elementwise(1, dtype), elementwise(2, dtype));
        }
    }
}
