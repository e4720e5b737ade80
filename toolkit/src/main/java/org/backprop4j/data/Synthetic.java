package org.backprop4j.data;

import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;

/** The generated datasets of {@link Datasets}; see there for their definitions. */
final class Synthetic {
    private Synthetic() {
    }

    static void checkCount(String name, int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException(name + ": n must be at least " + min + ", got " + n);
        }
    }

    static void checkNoise(String name, double noise) {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException(name + ": noise must be a finite number >= 0, got " + noise);
        }
    }

    static TensorDataset twoSpirals(int n, double noise, long seed) {
        checkCount("twoSpirals", n, 1);
        checkNoise("twoSpirals", noise);
        Rng rng = Rng.seeded(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = rng.nextDouble();
            double r = 0.1 + 0.9 * t;
            double a = 3 * Math.PI * t + c * Math.PI;
            x[2 * i] = (float) (r * Math.cos(a) + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (r * Math.sin(a) + noise * rng.nextGaussian());
            y[i] = c;
        }
        return named("twoSpirals", x, y, List.of("spiral 0", "spiral 1"));
    }

    static TensorDataset twoMoons(int n, double noise, long seed) {
        checkCount("twoMoons", n, 1);
        checkNoise("twoMoons", noise);
        Rng rng = Rng.seeded(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = Math.PI * rng.nextDouble();
            double px = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = c == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = (float) (px + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (py + noise * rng.nextGaussian());
            y[i] = c;
        }
        return named("twoMoons", x, y, List.of("upper moon", "lower moon"));
    }

    private static TensorDataset named(String name, float[] x, long[] y, List<String> classes) {
        return new TensorDataset(Tensor.of(Storage.of(x), Shape.of(y.length, 2)), Tensor.of(y), classes,
                name + "(" + y.length + ")");
    }

    static TensorDataset regression(int n, double noise, long seed) {
        checkCount("regression", n, 1);
        checkNoise("regression", noise);
        Rng rng = Rng.seeded(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double xi = Math.PI * (2 * rng.nextDouble() - 1);
            x[i] = (float) xi;
            y[i] = (float) (Math.sin(xi) + noise * rng.nextGaussian());
        }
        return new TensorDataset(Tensor.of(Storage.of(x), Shape.of(n, 1)), Tensor.of(Storage.of(y), Shape.of(n, 1)),
                List.of(), "regression(" + n + ")");
    }

    static void checkLength(String name, int length) {
        if (length < 10) {
            throw new IllegalArgumentException(name + ": length must be at least 10 (the marked positions lie in "
                    + "tenths of the sequence), got " + length);
        }
    }

    static TensorDataset addingProblem(int n, int length, long seed) {
        checkCount("addingProblem", n, 1);
        checkLength("addingProblem", length);
        Rng rng = Rng.seeded(seed);
        int tenth = length / 10;
        int fourTenths = 4 * length / 10;
        float[] x = new float[Math.multiplyExact(n, 2 * length)];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int base = i * 2 * length;
            for (int t = 0; t < length; t++) {
                x[base + 2 * t + 1] = rng.nextFloat();
            }
            int p0 = (int) rng.nextLong(tenth);
            int p1 = tenth + (int) rng.nextLong(fourTenths);
            x[base + 2 * p0] = 1;
            x[base + 2 * p1] = 1;
            y[i] = (x[base + 2 * p0 + 1] + x[base + 2 * p1 + 1]) / 2;
        }
        return new TensorDataset(Tensor.of(Storage.of(x), Shape.of(n, length, 2)),
                Tensor.of(Storage.of(y), Shape.of(n, 1)), List.of(),
                "addingProblem(n=" + n + ", length=" + length + ")");
    }

    static TensorDataset temporalOrder(int n, int length, long seed) {
        checkCount("temporalOrder", n, 1);
        checkLength("temporalOrder", length);
        Rng rng = Rng.seeded(seed);
        int tenth = length / 10;
        float[] x = new float[Math.multiplyExact(n, 6 * length)];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int p0 = tenth + (int) rng.nextLong(tenth);
            int v0 = (int) rng.nextLong(2);
            int p1 = length / 2 + (int) rng.nextLong(tenth);
            int v1 = (int) rng.nextLong(2);
            int base = i * 6 * length;
            for (int t = 0; t < length; t++) {
                int symbol = 2 + (int) rng.nextLong(4);
                if (t == p0) {
                    symbol = v0;
                } else if (t == p1) {
                    symbol = v1;
                }
                x[base + 6 * t + symbol] = 1;
            }
            y[i] = v0 + 2L * v1;
        }
        return new TensorDataset(Tensor.of(Storage.of(x), Shape.of(n, length, 6)), Tensor.of(y),
                List.of("AA", "BA", "AB", "BB"), "temporalOrder(n=" + n + ", length=" + length + ")");
    }
}
