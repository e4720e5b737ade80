package org.backprop4j.benchmarks.e2e;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import org.backprop4j.backend.Threads;

/**
 * Load-independent figures of one workload's training step, for comparing code changes on a shared machine:
 * process CPU time per step (what the step costs in core time, unlike wall time not inflated by other processes
 * waiting for the cores) and the part of it spent on the calling thread (the rest is the JVM's GC and compiler
 * threads, and the toolkit's workers), bytes allocated per step by all threads, and GC runs per 100 steps. Prints
 * {@code profile WORKLOAD THREADS CPU_US_PER_STEP MAIN_THREAD_CPU_US_PER_STEP WALL_US_PER_STEP ALLOC_KIB_PER_STEP GCS_PER_100}.
 *   java ... org.backprop4j.benchmarks.e2e.StepProfile WORKLOAD THREADS [STEPS]
 */
public final class StepProfile {
    private StepProfile() {
    }

    public static void main(String[] args) {
        Workloads w = Workloads.byId(args[0]);
        int threads = Integer.parseInt(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Threads.set(threads);
        Runnable step = w.trainingStep();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu0 = os.getProcessCpuTime();
        long main0 = mx.getCurrentThreadCpuTime();
        long alloc0 = mx.getTotalThreadAllocatedBytes();
        long gc0 = gcCount();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        long mainCpu = mx.getCurrentThreadCpuTime() - main0;
        long alloc = mx.getTotalThreadAllocatedBytes() - alloc0;
        long gcs = gcCount() - gc0;
        System.out.printf(java.util.Locale.ROOT, "profile %s %d %.1f %.1f %.1f %.1f %.1f%n", w.id, threads,
                cpu / 1e3 / steps, mainCpu / 1e3 / steps, wall / 1e3 / steps, alloc / 1024.0 / steps, gcs * 100.0 / steps);
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }
}
