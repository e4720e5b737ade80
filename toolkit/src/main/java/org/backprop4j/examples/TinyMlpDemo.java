package org.backprop4j.examples;

import java.util.List;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * Trains a 2-16-16-1 tanh network to separate two interleaved spirals with plain gradient descent, printing the
 * loss as it goes down. Before training, the network's gradients are checked against finite differences.
 * Run with {@code ./run.sh} (optional arguments: steps, learning rate).
 */
public final class TinyMlpDemo {
    private TinyMlpDemo() {
    }

    /** Two spirals of {@code n} points each, labels +1 and -1. Returns {features [2n, 2], labels [2n, 1]}. */
    static Tensor[] spirals(Rng rng, int n) {
        double[][] x = new double[2 * n][2];
        double[][] y = new double[2 * n][1];
        for (int i = 0; i < n; i++) {
            double r = 0.1 + 0.9 * i / n;
            double angle = 3 * Math.PI * i / n;
            for (int c = 0; c < 2; c++) {
                double a = angle + c * Math.PI;
                x[2 * i + c][0] = r * Math.cos(a) + 0.02 * rng.nextGaussian();
                x[2 * i + c][1] = r * Math.sin(a) + 0.02 * rng.nextGaussian();
                y[2 * i + c][0] = c == 0 ? 1 : -1;
            }
        }
        return new Tensor[] {Tensor.of(x).to(DType.FLOAT32), Tensor.of(y).to(DType.FLOAT32)};
    }

    /** The network: three layers with tanh between; {@code p} holds w1, b1, w2, b2, w3, b3. */
    static Tensor forward(Tensor x, List<Tensor> p) {
        Tensor h = x.matmul(p.get(0)).add(p.get(1)).tanh();
        h = h.matmul(p.get(2)).add(p.get(3)).tanh();
        return h.matmul(p.get(4)).add(p.get(5));
    }

    /** Logistic loss for labels in {-1, +1}: mean softplus(-y f(x)), stable for large margins. */
    static Tensor loss(Tensor logits, Tensor y) {
        return logits.mul(y).neg().softplus().mean();
    }

    static List<Tensor> init(Rng rng, DType dtype) {
        int[][] shapes = {{2, 16}, {16}, {16, 16}, {16}, {16, 1}, {1}};
        return java.util.Arrays.stream(shapes).map(s -> {
            double scale = s.length == 2 ? 1 / Math.sqrt(s[0]) : 0;
            return Tensor.randn(rng, dtype, s).mul(scale).requiresGrad(true);
        }).toList();
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        double lr = args.length > 1 ? Double.parseDouble(args[1]) : 0.3;
        Rng rng = Rng.seeded(7);
        Tensor[] data = spirals(rng, 100);

        List<Tensor> p64 = init(Rng.seeded(1), DType.FLOAT64);
        Tensor x64 = data[0].slice(0, 0, 8).to(DType.FLOAT64);
        Tensor y64 = data[1].slice(0, 0, 8).to(DType.FLOAT64);
        var report = GradCheck.check(in -> loss(forward(x64, List.of(in)), y64), p64.toArray(Tensor[]::new));
        System.out.printf("Gradient check of the network in float64: %d derivatives agree with finite differences "
                + "(max |diff| %.1e)%n", report.compared(), report.maxAbsDiff());

        List<Tensor> params = init(Rng.seeded(1), DType.FLOAT32);
        long start = System.nanoTime();
        for (int step = 0; step <= steps; step++) {
            Tensor loss = loss(forward(data[0], params), data[1]);
            for (Tensor p : params) {
                p.zeroGrad();
            }
            loss.backward();
            try (Scope _ = GradMode.noGrad()) {
                for (Tensor p : params) {
                    p.addInPlace(p.grad(), -lr);
                }
            }
            if (step % Math.max(1, steps / 15) == 0) {
                System.out.printf("step %5d  loss %.4f%n", step, loss.item());
            }
        }
        try (Scope _ = GradMode.noGrad()) {
            Tensor predicted = forward(data[0], params).gt(0);
            double accuracy = predicted.eq(data[1].gt(0)).to(DType.FLOAT32).mean().item();
            System.out.printf("Trained %d steps in %.2f s; training accuracy %.1f%%%n", steps,
                    (System.nanoTime() - start) / 1e9, 100 * accuracy);
        }
    }
}
