package org.backprop4j.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.backprop4j.backend.Backend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A batch of 64 small float32 products ({@code [64, n, n] @ [64, n, n]}, as a batched matmul makes), either as
 * one {@code sgemmBatch} call, which may split the batch over the backend's threads, or as a loop of
 * {@code sgemm} calls, one product at a time: what the batched entry point buys.
 * Run with {@code java -jar benchmarks/target/benchmarks.jar BatchedGemm}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1) // with the toolkit's JVM flags, which the runners add (Jvm.options)
@org.openjdk.jmh.annotations.Threads(1) // qualified: the toolkit's Threads is imported
@State(Scope.Thread)
public class BatchedGemmBenchmark {
    private static final int BATCH = 64;

    @Param({"openblas", "java"})
    public String impl;

    @Param({"2"})
    public int threads;

    @Param({"16", "32", "48", "64", "96"})
    public int n;

    private Backend backend;
    private float[] a;
    private float[] b;
    private float[] c;
    private int[] offsets;

    @Setup(Level.Trial)
    public void setUp() {
        backend = impl.equals("java") ? Backend.java() : Backend.openBlas();
        org.backprop4j.backend.Threads.set(threads);
        Random random = new Random(1);
        a = new float[BATCH * n * n];
        b = new float[BATCH * n * n];
        c = new float[BATCH * n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat();
            b[i] = random.nextFloat();
        }
        offsets = new int[BATCH];
        for (int t = 0; t < BATCH; t++) {
            offsets[t] = t * n * n;
        }
    }

    @Benchmark
    public float[] batchCall() {
        backend.sgemmBatch(false, false, n, n, n, 1f, a, offsets, n, b, offsets, n, 0f, c, offsets, n);
        return c;
    }

    @Benchmark
    public float[] loopOfCalls() {
        for (int t = 0; t < BATCH; t++) {
            backend.sgemm(false, false, n, n, n, 1f, a, offsets[t], n, b, offsets[t], n, 0f, c, offsets[t], n);
        }
        return c;
    }
}
