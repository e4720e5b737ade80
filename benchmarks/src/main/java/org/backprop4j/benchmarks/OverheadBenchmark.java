package org.backprop4j.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Framework overhead on tiny float32 tensors, where the arithmetic is negligible and what is timed is the
 * bookkeeping around each op: shape checks, output allocation, graph recording, the backward walk.
 * {@code baselines/torch_overhead.py} times the same four workloads in PyTorch.
 *
 * <ul>
 *   <li>{@code addRequiresGrad}: {@code a + b} on one-element tensors, {@code a} requiring grad, so the op is
 *       recorded;</li>
 *   <li>{@code addNoGrad}: the same add inside {@code GradMode.noGrad()} (the scope is opened once per iteration,
 *       as a loop inside {@code torch.no_grad()} would);</li>
 *   <li>{@code addBackward}: {@code zeroGrad}, the add, and {@code backward()} into the leaf {@code a};</li>
 *   <li>{@code mlpSgdStep}: one training step of a 4-8-2 tanh MLP on one sample with a mean-squared-error loss:
 *       forward, {@code zeroGrad}, backward, and plain SGD ({@code p -= lr * grad}) under no-grad.</li>
 * </ul>
 *
 * Run with {@code benchmarks/run-overhead.sh}, or {@code java -jar benchmarks/target/benchmarks.jar Overhead}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(2) // with the toolkit's JVM flags, which the runners add (Jvm.options)
@Threads(1)
public class OverheadBenchmark {

    /** Two one-element operands; {@code a} requires grad. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Operands {
        Tensor a;
        Tensor b;

        @Setup(Level.Trial)
        public void setUp() {
            a = Tensor.ones(1).requiresGrad(true);
            b = Tensor.ones(1);
        }
    }

    /**
     * The operands with grad mode off. The scope is per thread, and JMH runs iteration-level set-up and tear-down
     * of thread-scoped state on the benchmark thread, so the timed calls see it.
     */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class NoGradOperands extends Operands {
        private Scope noGrad;

        @Setup(Level.Iteration)
        public void enterNoGrad() {
            noGrad = GradMode.noGrad();
            if (a.add(b).requiresGrad()) {
                throw new IllegalStateException("addNoGrad: grad mode is still on in the benchmark thread");
            }
        }

        @TearDown(Level.Iteration)
        public void exitNoGrad() {
            noGrad.close();
        }
    }

    /** A 4-8-2 MLP with its parameters, one input row and its regression target. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Mlp {
        static final double LEARNING_RATE = 0.01;

        Tensor x;
        Tensor target;
        Tensor w1;
        Tensor b1;
        Tensor w2;
        Tensor b2;
        List<Tensor> parameters;

        @Setup(Level.Trial)
        public void setUp() {
            Rng rng = Rng.seeded(0);
            x = Tensor.randn(rng, 1, 4);
            target = Tensor.randn(rng, 1, 2);
            // Uniform in +-1/sqrt(fan_in), as torch.nn.Linear initializes.
            w1 = Tensor.rand(rng, 4, 8).sub(0.5).mul(2 / Math.sqrt(4)).requiresGrad(true);
            b1 = Tensor.rand(rng, 8).sub(0.5).mul(2 / Math.sqrt(4)).requiresGrad(true);
            w2 = Tensor.rand(rng, 8, 2).sub(0.5).mul(2 / Math.sqrt(8)).requiresGrad(true);
            b2 = Tensor.rand(rng, 2).sub(0.5).mul(2 / Math.sqrt(8)).requiresGrad(true);
            parameters = List.of(w1, b1, w2, b2);
        }

        Tensor loss() {
            Tensor hidden = x.matmul(w1).add(b1).tanh();
            Tensor out = hidden.matmul(w2).add(b2);
            return out.sub(target).square().mean();
        }
    }

    @Benchmark
    public Tensor addRequiresGrad(Operands s) {
        return s.a.add(s.b);
    }

    @Benchmark
    public Tensor addNoGrad(NoGradOperands s) {
        return s.a.add(s.b);
    }

    @Benchmark
    public Tensor addBackward(Operands s) {
        s.a.zeroGrad();
        s.a.add(s.b).backward();
        return s.a.grad();
    }

    @Benchmark
    public void mlpSgdStep(Mlp m, Blackhole bh) {
        Tensor loss = m.loss();
        for (Tensor p : m.parameters) {
            p.zeroGrad();
        }
        loss.backward();
        try (Scope _ = GradMode.noGrad()) {
            for (Tensor p : m.parameters) {
                p.addInPlace(p.grad(), -Mlp.LEARNING_RATE);
            }
        }
        bh.consume(loss);
    }
}
