package org.backprop4j.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.backend.Backend;
import org.backprop4j.backend.Threads;
import org.backprop4j.data.Batch;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.GradClipping;
import org.backprop4j.optim.SGD;
import org.backprop4j.parallel.DataParallel;
import org.backprop4j.tensor.Tensor;

/**
 * Training throughput of one workload of {@link Workloads} three ways in this JVM, alternating them repetition by
 * repetition so that a change of load on the machine meets all three alike:
 * <ul>
 * <li>{@code t1}: one model, one thread;</li>
 * <li>{@code blas2}: one model, two threads for its GEMMs and kernels ({@code Threads.set(2)});</li>
 * <li>{@code dp2}: {@code DataParallel} with two replicas, one thread each, on half the batch each.</li>
 * </ul>
 * Each step is {@code E2eBenchmark}'s: zero grads, forward, cross-entropy, backward, clipping for the recurrent
 * workloads, SGD with momentum.
 * Prints {@code result WORKLOAD CONFIG SAMPLES_PER_S} per configuration: the median of the repetitions, with the
 * median process CPU time per step.
 *   java ... org.backprop4j.benchmarks.e2e.DataParallelBenchmark WORKLOAD [REPETITIONS]
 */
public final class DataParallelBenchmark {
    private DataParallelBenchmark() {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * One way to train: its thread count, its step, and the wall times and process CPU times per step of its
     * repetitions. CPU time is what other processes on a shared machine disturb least: it shows the cost of a way
     * (threads that spin or wait count too), not its speed.
     */
    private record Config(String name, int threads, Runnable step, List<Double> seconds, List<Double> cpuSeconds) {
        void timed(int steps) {
            Threads.set(threads);
            long c0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.run();
            }
            seconds.add((System.nanoTime() - t0) / 1e9 / steps);
            cpuSeconds.add((OS.getProcessCpuTime() - c0) / 1e9 / steps);
        }
    }

    public static void main(String[] args) {
        Workloads w = Workloads.byId(args[0]);
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Rng rng = Rng.seeded(0);
        Batch batch = new Batch(w.input(rng), w.labels(rng));
        List<Config> configs = List.of(plain("t1", 1, w, batch), plain("blas2", 2, w, batch), parallel(w, batch));
        Threads.set(2);
        System.out.println("backend: " + Backend.current().info());
        for (int round = 0; round < 4; round++) {          // warm-up, about 2 s per configuration
            for (Config c : configs) {
                c.timed(calibrate(c, 0.5));
            }
        }
        int[] steps = new int[configs.size()];
        for (int i = 0; i < steps.length; i++) {
            configs.get(i).seconds().clear();
            configs.get(i).cpuSeconds().clear();
            steps[i] = calibrate(configs.get(i), 0.5);
        }
        for (int rep = 0; rep < repetitions; rep++) {
            for (int i = 0; i < steps.length; i++) {
                configs.get(i).timed(steps[i]);
            }
        }
        for (Config c : configs) {
            List<Double> sorted = new ArrayList<>(c.seconds());
            Collections.sort(sorted);
            double median = sorted.get(sorted.size() / 2);
            List<Double> cpu = new ArrayList<>(c.cpuSeconds());
            Collections.sort(cpu);
            System.out.printf(java.util.Locale.ROOT, "result %s %s %.1f (step %.2f ms, fastest %.2f, slowest %.2f; "
                    + "CPU %.2f ms per step)%n", w.id, c.name(), w.batch / median, median * 1e3, sorted.get(0) * 1e3,
                    sorted.get(sorted.size() - 1) * 1e3, cpu.get(cpu.size() / 2) * 1e3);
        }
    }

    /** Steps that take about {@code seconds}, from the last repetition's time (one step if none yet). */
    private static int calibrate(Config c, double seconds) {
        if (c.seconds().isEmpty()) {
            c.timed(1);
        }
        double per = c.seconds().get(c.seconds().size() - 1);
        return Math.max(1, (int) (seconds / per));
    }

    private static void clip(Workloads w, Module model) {
        if (w.clip) {
            GradClipping.clipGradNorm(model.parameters(), 1.0);
        }
    }

    private static Module model(Workloads w) {
        Module m = w.model();
        m.resetParameters(Rng.seeded(1));
        return m;
    }

    private static Config plain(String name, int threads, Workloads w, Batch b) {
        Module model = model(w);
        SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.01).withMomentum(0.9));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        return new Config(name, threads, () -> {
            sgd.zeroGrad();
            loss.forward(model.call(b.features()), b.labels()).backward();
            clip(w, model);
            sgd.step();
        }, new ArrayList<>(), new ArrayList<>());
    }

    private static Config parallel(Workloads w, Batch b) {
        Module model = model(w);
        DataParallel parallel = DataParallel.of(model, w::model, 2);
        SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.01).withMomentum(0.9));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        List<Batch> batches = List.of(b);
        return new Config("dp2", 2, () -> {
            sgd.zeroGrad();
            parallel.forwardBackward(batches, loss::forward);
            clip(w, model);
            sgd.step();
        }, new ArrayList<>(), new ArrayList<>());
    }
}
