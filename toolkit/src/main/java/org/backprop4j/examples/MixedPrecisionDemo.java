package org.backprop4j.examples;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.backprop4j.array.LowPrecision;
import org.backprop4j.array.Scope;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.Sequential;
import org.backprop4j.ops.Autocast;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.GradScaler;
import org.backprop4j.tensor.LowPrecisionTensor;
import org.backprop4j.tensor.Tensor;

/**
 * Mixed-precision training of the two-moons classifier of {@link AdversarialDemo}: the same network, seed and Adam
 * steps in float32, under bfloat16 autocast, and under float16 autocast with dynamic loss scaling (a
 * {@link GradScaler} starting at 2^16, so the first steps overflow float16 and are skipped until the scale has backed
 * off). Parameters stay float32 throughout (master weights). Prints each run's final loss, accuracy, skipped steps
 * and CPU time, and the bytes of the weights in float32 and in 16-bit storage. Run with
 * {@code scripts/run-example.sh MixedPrecisionDemo}.
 */
public final class MixedPrecisionDemo {
    private MixedPrecisionDemo() {
    }

    /** How a run computes: plain float32, or autocast to a 16-bit format (float16 with loss scaling). */
    public enum Mode {
        FLOAT32(null), BFLOAT16(LowPrecision.BFLOAT16), FLOAT16_SCALED(LowPrecision.FLOAT16);

        private final LowPrecision format;

        Mode(LowPrecision format) {
            this.format = format;
        }

        /** The autocast format, or null for float32. */
        public LowPrecision format() {
            return format;
        }
    }

    /**
     * One training run: the loss before each step, the final accuracy and loss (evaluated in float32), the steps the
     * scaler skipped, the loss scale after each step (empty without scaling) and the CPU time of the steps.
     */
    public record Run(Mode mode, double[] losses, double accuracy, double finalLoss, int skipped, double[] scales,
            long cpuNanos) {
    }

    /** Trains {@link AdversarialDemo#network} with Adam (lr 0.01, full batch) for {@code steps} steps in {@code mode}. */
    public static Run train(Mode mode, AdversarialDemo.Data data, int steps, long seed) {
        Sequential model = AdversarialDemo.network(seed);
        Adam adam = new Adam(model.parameters(), 0.01);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        GradScaler scaler = mode == Mode.FLOAT16_SCALED ? new GradScaler() : null;
        double[] losses = new double[steps];
        List<Double> scales = new ArrayList<>();
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long start = bean.getCurrentThreadCpuTime();
        for (int step = 0; step < steps; step++) {
            adam.zeroGrad();
            Tensor loss;
            try (Scope _ = mode.format() == null ? Autocast.disable() : Autocast.enable(mode.format())) {
                loss = ce.forward(model.call(data.x()), data.y());
            }
            losses[step] = loss.item();
            if (scaler == null) {
                loss.backward();
                adam.step();
            } else {
                scaler.scale(loss).backward();
                scaler.step(adam);
                scaler.update();
                scales.add(scaler.getScale());
            }
        }
        long cpu = bean.getCurrentThreadCpuTime() - start;
        model.eval();
        AdversarialDemo.Score s = AdversarialDemo.score(model, data.x(), data.y());
        return new Run(mode, losses, s.accuracy(), s.loss(), scaler == null ? 0 : scaler.skippedSteps(),
                scales.stream().mapToDouble(Double::doubleValue).toArray(), cpu);
    }

    /** Bytes of {@code model}'s parameters as float32 and as 16-bit {@link LowPrecisionTensor}s. */
    public static long[] weightBytes(Sequential model, LowPrecision format) {
        long full = 0;
        long half = 0;
        for (Parameter p : model.parameters()) {
            full += 4L * p.numel();
            half += LowPrecisionTensor.of(p, format).nbytes();
        }
        return new long[] {full, half};
    }

    public static void main(String[] args) {
        AdversarialDemo.Data data = AdversarialDemo.moons(1000, 1);
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        for (Mode mode : Mode.values()) {
            Run r = train(mode, data, steps, 7);
            System.out.printf(Locale.ROOT, "%-15s final loss %.4f  accuracy %.1f%%  skipped steps %d  CPU %.0f ms%n",
                    mode, r.finalLoss(), 100 * r.accuracy(), r.skipped(), r.cpuNanos() / 1e6);
        }
        long[] bytes = weightBytes(AdversarialDemo.network(7), LowPrecision.BFLOAT16);
        System.out.printf(Locale.ROOT, "weights: %d bytes as float32, %d bytes as bfloat16%n", bytes[0], bytes[1]);
    }
}
