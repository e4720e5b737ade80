package org.backprop4j.examples;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.CheckpointedSequential;
import org.backprop4j.nn.Dropout;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.tensor.Tensor;

/**
 * Gradient checkpointing on a 50-layer MLP with dropout: the same network as a plain {@link Sequential} and as a
 * {@link CheckpointedSequential} of sqrt(105 modules) = 10 segments gives the same loss and gradients bit for bit (dropout replays its
 * masks), while the checkpointed graph keeps a fraction of the activations. Prints the heap the graph holds after
 * the forward pass for both. {@code benchmarks/run-checkpoint.sh} measures peak memory and time more carefully.
 */
public final class CheckpointDemo {
    private CheckpointDemo() {
    }

    /** 50 blocks of Linear(128, 128), ReLU and, every tenth block, Dropout(0.1). */
    public static Module[] layers(long seed) {
        Rng.global().reseed(seed);
        List<Module> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add(new Linear(128, 128));
            out.add(new ReLU());
            if (i % 10 == 9) {
                out.add(new Dropout(0.1));
            }
        }
        return out.toArray(Module[]::new);
    }

    /** Bytes the graph of {@code loss} keeps alive: the live heap with it minus the live heap without it. */
    public static long graphBytes(Sequential model, Tensor x) {
        Tensor loss = model.call(x).square().mean();
        long with = live();
        loss.backward(); // frees the saved tensors, as a training step would
        loss = null;
        return with - live();
    }

    private static long live() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) {
        Sequential plain = new Sequential(layers(1));
        CheckpointedSequential checkpointed = CheckpointedSequential.withSqrtSegments(layers(1));
        Tensor x = Tensor.randn(Rng.seeded(2), 2048, 128);

        Rng.global().reseed(3);
        Tensor expected = plain.call(x).square().mean();
        expected.backward();
        Rng.global().reseed(3);
        Tensor actual = checkpointed.call(x).square().mean();
        actual.backward();
        List<Parameter> a = plain.parameters();
        List<Parameter> b = checkpointed.parameters();
        boolean same = expected.item() == actual.item();
        for (int i = 0; i < a.size(); i++) {
            same &= Arrays.equals(a.get(i).grad().toDoubleArray(), b.get(i).grad().toDoubleArray());
        }
        System.out.printf(Locale.ROOT, "loss %.6f both ways; gradients %s%n", actual.item(),
                same ? "identical bit for bit" : "DIFFERENT");
        plain.zeroGrad();
        checkpointed.zeroGrad();
        graphBytes(plain, x); // warm-up: buffers the kernels keep between calls
        System.out.printf(Locale.ROOT, "heap the graph holds after forward: plain %.1f MB, checkpointed in %d "
                + "segments %.1f MB%n", graphBytes(plain, x) / 1e6, checkpointed.segments(),
                graphBytes(checkpointed, x) / 1e6);
    }
}
