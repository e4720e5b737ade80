package org.backprop4j.benchmarks;

import java.util.concurrent.TimeUnit;

import org.backprop4j.nn.Conv2d;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A convolution layer's forward and backward: Conv2d(1 -> 32, 3x3) on a float32 batch of 64 MNIST-sized images
 * ([64, 1, 28, 28]); the loss is the output's sum, so backward computes the weight and bias gradients (the input
 * does not require grad). {@code baselines/torch_layers.py conv} times the same in PyTorch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1) // with the toolkit's JVM flags, which the runners add (Jvm.options)
@Threads(1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class ConvBenchmark {
    Conv2d conv;
    Tensor images;

    @Setup(Level.Trial)
    public void setUp() {
        conv = new Conv2d(1, 32, 3);
        conv.resetParameters(Rng.seeded(0));
        images = Tensor.randn(Rng.seeded(1), 64, 1, 28, 28);
    }

    @Benchmark
    public Tensor conv2dForwardBackward() {
        conv.zeroGrad();
        conv.call(images).sum().backward();
        return conv.weight().grad();
    }
}
