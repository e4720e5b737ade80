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
 * One square GEMM, {@code C = A B} with {@code n x n} row-major matrices (beta = 0), through a backend's
 * {@code sgemm}/{@code dgemm} exactly as the toolkit calls it: heap arrays, no copies.
 *
 * <ul>
 *   <li>{@code impl = openblas}: the OpenBLAS backend as {@code Backend.current()} would pick it (FFM downcall,
 *       small products handed to Java);</li>
 *   <li>{@code impl = openblas-raw}: the same with the hand-off disabled, every call going to OpenBLAS (to
 *       measure where the hand-off pays);</li>
 *   <li>{@code impl = java}: the pure-Java backend (Vector API kernels, as the forks add the module).</li>
 * </ul>
 *
 * {@code threads} is the toolkit's thread count ({@code Threads.set}); the benchmark itself calls from one thread.
 * Run with {@code benchmarks/run-gemm.sh}, which sets the C baseline beside it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1) // with the toolkit's JVM flags, which the runners add (Jvm.options)
@org.openjdk.jmh.annotations.Threads(1) // qualified: the toolkit's Threads is imported
@State(Scope.Thread)
public class GemmBenchmark {
    @Param({"openblas", "java"})
    public String impl;

    @Param({"s", "d"})
    public String precision;

    @Param({"1", "2"})
    public int threads;

    @Param({"8", "16", "32", "64", "128", "256", "512", "1024", "2048"})
    public int n;

    private Backend backend;
    private float[] af;
    private float[] bf;
    private float[] cf;
    private double[] ad;
    private double[] bd;
    private double[] cd;

    @Setup(Level.Trial)
    public void setUp() {
        switch (impl) {
            case "openblas" -> backend = Backend.openBlas();
            case "openblas-raw" -> {
                System.setProperty("backprop4j.openblas.smallWork", "0"); // read when OpenBLAS first loads
                backend = Backend.openBlas();
            }
            case "java" -> backend = Backend.java();
            default -> throw new IllegalArgumentException("GemmBenchmark: impl must be openblas, openblas-raw or "
                    + "java, got " + impl);
        }
        org.backprop4j.backend.Threads.set(threads);
        Random random = new Random(1);
        int count = n * n;
        if (precision.equals("s")) {
            af = new float[count];
            bf = new float[count];
            cf = new float[count];
            for (int i = 0; i < count; i++) {
                af[i] = random.nextFloat();
                bf[i] = random.nextFloat();
            }
        } else {
            ad = new double[count];
            bd = new double[count];
            cd = new double[count];
            for (int i = 0; i < count; i++) {
                ad[i] = random.nextDouble();
                bd[i] = random.nextDouble();
            }
        }
        System.out.println("backend: " + backend.info());
    }

    @Benchmark
    public Object gemm() {
        if (af != null) {
            backend.sgemm(false, false, n, n, n, 1f, af, 0, n, bf, 0, n, 0f, cf, 0, n);
            return cf;
        }
        backend.dgemm(false, false, n, n, n, 1.0, ad, 0, n, bd, 0, n, 0.0, cd, 0, n);
        return cd;
    }
}
