package org.backprop4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.backprop4j.array.Rng;
import org.backprop4j.autograd.HookHandle;
import org.backprop4j.backend.Threads;
import org.backprop4j.nn.CheckpointedSequential;
import org.backprop4j.nn.Conv2d;
import org.backprop4j.nn.ConvOptions;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.tensor.Tensor;

/**
 * Memory and time of one training step (forward, mean-square loss, backward) of a deep network, plainly and with
 * gradient checkpointing ({@link CheckpointedSequential}, about sqrt(layers) segments); see benchmarks/README.md.
 *
 * <pre>
 * CheckpointMemory [mlp|cnn] [layers] [steps]     the table: live heap after forward, peak live heap, time per step
 * CheckpointMemory step mlp|cnn plain|checkpointed [layers]   one warm-up and one step, for benchmarks/run-checkpoint.sh's
 *                                                  search of the smallest -Xmx that runs it
 * </pre>
 *
 * Live heap is what a full collection ({@code System.gc()}) leaves, less what was live before the step (the model
 * and its input). The peak is the largest of the live heaps sampled after every layer's forward (recomputations
 * included) and whenever a gradient reaches a parameter; the samples are taken in a separate, untimed step.
 */
public final class CheckpointMemory {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    /** The MLP's width and batch: activations (1 MB a layer) outweigh weights (64 kB), as in the CNN. */
    private static final int WIDTH = 128;
    private static final int BATCH = 2048;

    private CheckpointMemory() {
    }

    /**
     * The network and its input: {@code layers} Linear(128, 128)+ReLU on [2048, 128], or Conv2d 16->16 3x3 (padding
     * 1)+ReLU on [16, 16, 32, 32].
     */
    record Workload(String net, int layers, boolean checkpointed) {
        Sequential model() {
            Rng.global().reseed(1);
            List<Module> modules = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                modules.add(net.equals("mlp") ? new Linear(WIDTH, WIDTH)
                        : new Conv2d(16, 16, 3, ConvOptions.DEFAULT.withPadding(1)));
                modules.add(new ReLU());
            }
            Module[] m = modules.toArray(Module[]::new);
            return checkpointed ? new CheckpointedSequential(segments(), m) : new Sequential(m);
        }

        int segments() {
            return (int) Math.round(Math.sqrt(layers));
        }

        Tensor input() {
            return net.equals("mlp") ? Tensor.randn(Rng.seeded(2), BATCH, WIDTH) : Tensor.randn(Rng.seeded(2), 16, 16, 32, 32);
        }
    }

    static Tensor step(Sequential model, Tensor x) {
        model.zeroGrad();
        Tensor loss = model.call(x).square().mean();
        loss.backward();
        return loss;
    }

    static long live() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /**
     * {live after forward, peak live} in bytes above the live heap once the step is over and its gradients cleared
     * (measured last, so that buffers the kernels keep between calls count on both sides).
     */
    static long[] memory(Sequential model, Tensor x) {
        step(model, x); // first-use allocations (kernel buffers, the thread pool) are not the step's
        step(model, x);
        model.zeroGrad();
        long[] peak = {0};
        List<HookHandle> handles = new ArrayList<>();
        for (Module layer : model.children()) {
            handles.add(layer.registerForwardHook((m, in, out) -> peak[0] = Math.max(peak[0], live())));
        }
        for (Parameter p : model.parameters()) {
            handles.add(p.registerHook(g -> {
                peak[0] = Math.max(peak[0], live());
                return null;
            }));
        }
        Tensor loss = model.call(x).square().mean();
        long afterForward = live();
        loss.backward();
        peak[0] = Math.max(peak[0], live());
        handles.forEach(HookHandle::remove);
        loss = null;
        model.zeroGrad();
        long base = live();
        return new long[] {afterForward - base, peak[0] - base};
    }

    /**
     * Median {CPU, wall} milliseconds per step over {@code steps}, after two warm-up steps. With one toolkit thread
     * every kernel runs on the calling thread, so its CPU time is the step's compute, which other processes on a
     * shared machine do not inflate as they do the wall time.
     */
    static double[] time(Sequential model, Tensor x, int steps) {
        step(model, x);
        step(model, x);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] cpu = new double[steps];
        double[] wall = new double[steps];
        for (int i = 0; i < steps; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            step(model, x);
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new double[] {cpu[steps / 2], wall[steps / 2]};
    }

    /** True when both models' gradients are the same bit for bit. */
    static boolean sameGradients(Sequential a, Sequential b, Tensor x) {
        step(a, x);
        step(b, x);
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            if (!Arrays.equals(pa.get(i).grad().toDoubleArray(), pb.get(i).grad().toDoubleArray())) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("step")) {
            Workload w = new Workload(args[1], args.length > 3 ? Integer.parseInt(args[3]) : 50,
                    args[2].equals("checkpointed"));
            Sequential model = w.model();
            Tensor x = w.input();
            step(model, x);
            step(model, x);
            System.out.println("ok");
            return;
        }
        Threads.set(1);
        String net = args.length > 0 ? args[0] : "mlp";
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Workload plainW = new Workload(net, layers, false);
        Workload ckptW = new Workload(net, layers, true);
        Sequential plain = plainW.model();
        Sequential ckpt = ckptW.model();
        Tensor x = plainW.input();
        long[] mp = memory(plain, x);
        long[] mc = memory(ckpt, x);
        double[] tp = time(plain, x, steps);
        double[] tc = time(ckpt, x, steps);
        boolean same = sameGradients(plain, ckpt, x);
        System.out.printf(Locale.ROOT, "%s, %d layers, %s; checkpointed in %d segments; one thread%n", net, layers,
                net.equals("mlp") ? "Linear(" + WIDTH + ", " + WIDTH + ")+ReLU, batch [" + BATCH + ", " + WIDTH + "], float32"
                        : "Conv2d(16, 16, 3x3, padding 1)+ReLU, batch [16, 16, 32, 32], float32", ckptW.segments());
        System.out.println("| run | live heap after forward | peak live heap | CPU per step | wall per step |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| plain | %.1f MB | %.1f MB | %.0f ms | %.0f ms |%n", mp[0] / 1e6, mp[1] / 1e6,
                tp[0], tp[1]);
        System.out.printf(Locale.ROOT, "| checkpointed | %.1f MB | %.1f MB | %.0f ms | %.0f ms |%n", mc[0] / 1e6,
                mc[1] / 1e6, tc[0], tc[1]);
        System.out.printf(Locale.ROOT, "checkpointed / plain: memory after forward %.2f, peak %.2f, CPU time %.2f, wall "
                + "time %.2f (medians of %d steps); gradients %s%n", (double) mc[0] / mp[0], (double) mc[1] / mp[1],
                tc[0] / tp[0], tc[1] / tp[1], steps, same ? "identical bit for bit" : "DIFFERENT");
    }
}
