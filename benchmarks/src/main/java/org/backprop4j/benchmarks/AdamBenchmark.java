package org.backprop4j.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.backprop4j.optim.Adam;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Adam step (PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay) on one float32
 * parameter of {@code size} elements whose gradient is already there, with the update loop on {@code threads}
 * cores ({@code Threads.set}). {@code baselines/torch_optim.py} times {@code torch.optim.Adam}'s
 * step on the same tensor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(1) // with the toolkit's JVM flags, which the runners add (Jvm.options)
@org.openjdk.jmh.annotations.Threads(1) // qualified: the toolkit's Threads is imported
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class AdamBenchmark {
    @Param({"1000000", "10000000"})
    int size;

    @Param({"1", "2"})
    int threads;

    Tensor parameter;
    Adam adam;

    @Setup(Level.Trial)
    public void setUp() {
        org.backprop4j.backend.Threads.set(threads);
        parameter = Tensor.randn(Rng.seeded(0), DType.FLOAT32, size).requiresGrad(true);
        parameter.setGrad(Tensor.randn(Rng.seeded(1), DType.FLOAT32, size));
        adam = new Adam(List.of(parameter), Adam.Options.DEFAULT);
    }

    @Benchmark
    public Tensor adamStep() {
        adam.step();
        return parameter;
    }
}
