package org.backprop4j.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.TaskContext;
import org.backprop4j.backend.Threads;
import org.backprop4j.nn.Module;

/**
 * The model replicas of one executor JVM, kept between steps so that a step does not rebuild the model: one per
 * task running at once, per training run (the runs of the last few trainers; older ones are dropped).
 */
final class Replicas {
    /** A model built by the factory and its layout, checked against the driver's once. */
    record Replica(Module model, StateLayout layout) {
    }

    private static final int RUNS_KEPT = 4;
    private static final Map<String, Deque<Replica>> POOLS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Replica>> eldest) {
            return size() > RUNS_KEPT;
        }
    };

    private Replicas() {
    }

    /**
     * Prepares the task's JVM (Java version, thread count) and takes a replica for {@code run}, building one when
     * none is free.
     *
     * @throws IllegalStateException if the factory builds a model unlike the driver's ({@code signature})
     * @throws UnsupportedOperationException if the executor runs a Java older than 25.0.3
     */
    static Replica take(String run, ModelFactory factory, String signature) {
        TaskContext task = TaskContext.get();
        String where = "the executor on host " + ArrowShards.host();
        SparkSetup.requireSupportedJava(Runtime.version(), where);
        int cpus = task == null ? 1 : task.cpus();
        if (Threads.get() != cpus) {
            // BLAS and the loop kernels use the task's cores only: the executor runs other tasks beside this one.
            Threads.set(cpus);
        }
        synchronized (POOLS) {
            Replica free = POOLS.computeIfAbsent(run, r -> new ArrayDeque<>()).pollFirst();
            if (free != null) {
                return free;
            }
        }
        Module model = factory.create();
        StateLayout layout = StateLayout.of(model);
        StateLayout.requireSame(signature, layout.signature(), "on " + where);
        return new Replica(model, layout);
    }

    /** Returns a replica for the next task of {@code run}. */
    static void give(String run, Replica replica) {
        synchronized (POOLS) {
            POOLS.computeIfAbsent(run, r -> new ArrayDeque<>()).addFirst(replica);
        }
    }
}
