package org.backprop4j.benchmarks;

import java.util.concurrent.TimeUnit;

import org.backprop4j.nn.LSTM;
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
 * A recurrent layer's forward and backward: LSTM(32 -> 128), one layer, on a float32 sequence of 50 steps and a
 * batch of 32 ([50, 32, 32], time-major) from zero initial states; the loss is the output sequence's sum, so backward
 * runs through all 50 steps and computes the gradients of the four parameters (the input does not require grad).
 * {@code baselines/torch_layers.py lstm_forward_backward} times the same in PyTorch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1) // with the toolkit's JVM flags, which the runners add (Jvm.options)
@Threads(1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class LstmBenchmark {
    LSTM lstm;
    Tensor sequence;

    @Setup(Level.Trial)
    public void setUp() {
        lstm = new LSTM(32, 128);
        lstm.resetParameters(Rng.seeded(0));
        sequence = Tensor.randn(Rng.seeded(1), 50, 32, 32);
    }

    @Benchmark
    public Tensor lstmForwardBackward() {
        lstm.zeroGrad();
        lstm.call(sequence).sum().backward();
        return lstm.weightHh(0, false).grad();
    }
}
