package org.backprop4j.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.backprop4j.backend.Threads;

/**
 * One end-to-end workload in this (fresh) JVM: the time of the first 100 training steps from a cold start, then the
 * median throughput of 7 timed repetitions after warm-up, and the process's peak RSS (VmHWM). Prints one line,
 * {@code result WORKLOAD THREADS SAMPLES_PER_S FIRST100_MS PEAK_RSS_MIB}.
 *   java ... org.backprop4j.benchmarks.e2e.E2eBenchmark WORKLOAD THREADS
 */
public final class E2eBenchmark {
    private E2eBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        Workloads w = Workloads.byId(args[0]);
        int threads = Integer.parseInt(args[1]);
        Threads.set(threads);
        Runnable step = w.trainingStep();
        for (int i = 0; i < 100; i++) {
            step.run();
        }
        double first100 = (System.nanoTime() - start) / 1e6;
        int per = calibrate(step);
        List<Double> times = new ArrayList<>();
        for (int rep = 0; rep < 7; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < per; i++) {
                step.run();
            }
            times.add((System.nanoTime() - t0) / 1e9 / per);
        }
        Collections.sort(times);
        double median = times.get(3);
        System.out.printf(java.util.Locale.ROOT, "result %s %d %.1f %.1f %.1f%n", w.id, threads, w.batch / median,
                first100, peakRssMib());
    }

    /** Steps per repetition so that one lasts about half a second, after warming up for about two seconds. */
    private static int calibrate(Runnable step) {
        long t0 = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - t0 < 2_000_000_000L) {
            step.run();
            n++;
        }
        double per = (System.nanoTime() - t0) / 1e9 / n;
        return Math.max(1, (int) (0.5 / per));
    }

    private static double peakRssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
