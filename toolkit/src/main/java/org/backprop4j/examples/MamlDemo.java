package org.backprop4j.examples;

import java.util.Locale;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MSELoss;
import org.backprop4j.nn.Maml;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.optim.Adam;
import org.backprop4j.tensor.Tensor;

/**
 * MAML on Finn et al.'s sine-wave regression (2017): each task is {@code y = A sin(x - phase)} with amplitude
 * {@code A} in [0.1, 5], phase in [0, pi] and {@code x} in [-5, 5]; a 1-40-40-1 ReLU network is meta-trained so that
 * {@code K = 10} examples and a few gradient steps fit a new task. Prints the mean squared error on new tasks after
 * 0, 1, 5 and 10 adaptation steps, for the meta-trained network (second- and first-order) and for a network trained
 * from scratch on the same {@code K} examples with the same steps. Arguments: meta-iterations (default 4000).
 */
public final class MamlDemo {
    /** Shots per task. */
    public static final int K = 10;
    /** The inner learning rate, the paper's. */
    public static final double INNER_LR = 0.01;

    private MamlDemo() {
    }

    /** One sine wave. */
    public record Task(double amplitude, double phase) {
        /** Amplitude uniform in [0.1, 5], phase uniform in [0, pi]. */
        public static Task sample(Rng rng) {
            return new Task(0.1 + 4.9 * rng.nextDouble(), Math.PI * rng.nextDouble());
        }

        /** {@code n} points with {@code x} uniform in [-5, 5]: {x [n, 1], y [n, 1]}, float32. */
        public Tensor[] points(Rng rng, int n) {
            Tensor x = Tensor.rand(rng, DType.FLOAT32, n, 1).mul(10).sub(5);
            return new Tensor[] {x, x.sub(phase).sin().mul(amplitude)};
        }
    }

    /** Meta-training settings: the paper's are 70,000 iterations of 25 tasks, one inner step, Adam at 0.001. */
    public record Settings(int iterations, int tasksPerIteration, int innerSteps, double metaLr, Maml.Order order) {
        public static Settings of(int iterations, Maml.Order order) {
            return new Settings(iterations, 10, 1, 0.001, order);
        }
    }

    /** The paper's regressor: two hidden layers of 40 ReLU units. */
    public static Sequential network(long seed) {
        Rng.global().reseed(seed);
        return new Sequential(new Linear(1, 40), new ReLU(), new Linear(40, 40), new ReLU(), new Linear(40, 1));
    }

    /**
     * Meta-trains {@code model} in place: per iteration, each task adapts on {@code K} support points and is scored
     * on {@code K} query points of the same wave; Adam follows the mean query loss's gradient with respect to the
     * initial parameters.
     */
    public static Sequential metaTrain(Sequential model, Settings s, long seed) {
        Rng rng = Rng.seeded(seed);
        MSELoss mse = new MSELoss();
        Adam adam = new Adam(model.parameters(), s.metaLr());
        for (int it = 0; it < s.iterations(); it++) {
            adam.zeroGrad();
            Tensor metaLoss = null;
            for (int t = 0; t < s.tasksPerIteration(); t++) {
                Task task = Task.sample(rng);
                Tensor[] support = task.points(rng, K);
                Tensor[] query = task.points(rng, K);
                Map<String, Tensor> fast = Maml.adapt(model.namedParameters(),
                        p -> mse.forward(model.functionalCall(p, support[0]), support[1]), s.innerSteps(), INNER_LR,
                        s.order());
                Tensor l = mse.forward(model.functionalCall(fast, query[0]), query[1]);
                metaLoss = metaLoss == null ? l : metaLoss.add(l);
            }
            metaLoss.div(s.tasksPerIteration()).backward();
            adam.step();
        }
        return model;
    }

    /**
     * The mean squared error on {@code tasks} new waves (100 query points each) after {@code steps[i]} adaptation
     * steps of {@code INNER_LR} on {@code K} support points, starting from {@code model}'s parameters, which stay
     * as they are.
     */
    public static double[] adaptedMse(Sequential model, int tasks, int[] steps, long seed) {
        Rng rng = Rng.seeded(seed);
        MSELoss mse = new MSELoss();
        double[] sum = new double[steps.length];
        for (int t = 0; t < tasks; t++) {
            Task task = Task.sample(rng);
            Tensor[] support = task.points(rng, K);
            Tensor[] query = task.points(rng, 100);
            for (int i = 0; i < steps.length; i++) {
                Map<String, Tensor> fast = Maml.adapt(model.namedParameters(),
                        p -> mse.forward(model.functionalCall(p, support[0]), support[1]), steps[i], INNER_LR,
                        Maml.Order.FIRST);
                try (Scope _ = GradMode.noGrad()) {
                    sum[i] += mse.forward(model.functionalCall(fast, query[0]), query[1]).item();
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= tasks;
        }
        return sum;
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int[] steps = {0, 1, 5, 10};
        System.out.printf(Locale.ROOT, "Sine-wave regression, K = %d, inner lr %.2f; MSE on 200 new tasks after n "
                + "adaptation steps%n", K, INNER_LR);
        System.out.println("| start | n = 0 | n = 1 | n = 5 | n = 10 |");
        System.out.println("|---|---|---|---|---|");
        print("scratch (random init)", adaptedMse(network(1), 200, steps, 99));
        for (Maml.Order order : Maml.Order.values()) {
            long start = System.nanoTime();
            Sequential model = metaTrain(network(1), Settings.of(iterations, order), 7);
            double seconds = (System.nanoTime() - start) / 1e9;
            print(String.format(Locale.ROOT, "MAML, %s order (%d iterations of 10 tasks, %.0f s)",
                    order.name().toLowerCase(Locale.ROOT), iterations, seconds), adaptedMse(model, 200, steps, 99));
        }
    }

    private static void print(String label, double[] mse) {
        StringBuilder sb = new StringBuilder("| ").append(label);
        for (double v : mse) {
            sb.append(String.format(Locale.ROOT, " | %.3f", v));
        }
        System.out.println(sb.append(" |"));
    }
}
