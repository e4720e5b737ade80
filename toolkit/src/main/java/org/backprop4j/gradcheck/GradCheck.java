package org.backprop4j.gradcheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Node;
import org.backprop4j.array.Scope;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * Finite-difference gradient checks, like PyTorch's {@code gradcheck} and {@code gradgradcheck}. The analytical
 * Jacobian (one backward per output element) is compared with central differences
 * {@code (f(x + eps) - f(x - eps)) / 2 eps} for every element of every input that requires grad. Inputs must be
 * float64: in float32 the differences are swamped by rounding.
 *
 * {@snippet file="OptimSnippets.java" region="gradCheck"}
 */
public final class GradCheck {
    static final int MAX_REPORTED = 10;

    private GradCheck() {
    }

    /**
     * Checks the gradient of {@code fn} at {@code inputs} with the default options.
     *
     * @throws GradCheckException       if an analytical and a numerical derivative disagree
     * @throws IllegalArgumentException if no input requires grad, or one that does is not a float64 leaf
     */
    public static GradCheckReport check(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return check(GradCheckOptions.DEFAULT, fn, inputs);
    }

    /** Checks the gradient of {@code fn} at {@code inputs}. */
    public static GradCheckReport check(GradCheckOptions options, Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return checkOutputs(options, in -> List.of(fn.apply(in)), inputs);
    }

    /** Checks the gradients of every output of a function with several outputs. */
    public static GradCheckReport checkOutputs(GradCheckOptions options, Function<Tensor[], List<Tensor>> fn,
            Tensor... inputs) {
        return run(1, options, fn, inputs);
    }

    /** Checks the gradient of the gradient of {@code fn} with the default options. */
    public static GradCheckReport checkSecondOrder(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return checkSecondOrder(GradCheckOptions.DEFAULT, fn, inputs);
    }

    /**
     * Checks second derivatives: with random output gradients {@code v}, the function
     * {@code (x, v) -> v^T df/dx} (computed with {@code createGraph}) is put through {@link #check} in both
     * {@code x} and {@code v}, which covers Hessian-vector products.
     */
    public static GradCheckReport checkSecondOrder(GradCheckOptions options, Function<Tensor[], Tensor> fn,
            Tensor... inputs) {
        // The output gradients added below require grad; without this the check would pass comparing nothing.
        if (Arrays.stream(inputs).noneMatch(t -> t != null && t.requiresGrad())) {
            throw new IllegalArgumentException("GradCheck: no input requires grad; call requiresGrad(true) on the "
                    + "inputs to check");
        }
        List<Tensor> outs;
        try (Scope _ = GradMode.enableGrad()) {
            outs = List.of(fn.apply(inputs));
        }
        Rng rng = Rng.seeded(options.seed() + 1);
        int n = inputs.length;
        Tensor[] all = Arrays.copyOf(inputs, n + outs.size());
        for (int k = 0; k < outs.size(); k++) {
            all[n + k] = Tensor.randn(rng, DType.FLOAT64, outs.get(k).shape().toArray()).requiresGrad(true);
        }
        Function<Tensor[], List<Tensor>> gradient = in -> {
            Tensor[] x = Arrays.copyOf(in, n);
            List<Tensor> ys = List.of(fn.apply(x));
            List<Tensor> roots = new ArrayList<>();
            List<Tensor> seeds = new ArrayList<>();
            for (int k = 0; k < ys.size(); k++) {
                if (ys.get(k).requiresGrad()) {
                    roots.add(ys.get(k));
                    seeds.add(in[n + k].to(ys.get(k).dtype()));
                }
            }
            List<Tensor> diff = Arrays.stream(x).filter(Tensor::requiresGrad).toList();
            List<Tensor> result = new ArrayList<>();
            Tensor[] g = roots.isEmpty() ? new Tensor[diff.size()]
                    : Autograd.grad(roots, seeds, diff, BackwardOptions.DEFAULT.withCreateGraph(true)
                            .withAllowUnused(true));
            for (int i = 0; i < diff.size(); i++) {
                result.add(g[i] != null ? g[i] : Tensor.zerosLike(diff.get(i)));
            }
            return result;
        };
        return run(2, options, gradient, all);
    }

    private static GradCheckReport run(int order, GradCheckOptions options, Function<Tensor[], List<Tensor>> fn,
            Tensor[] inputs) {
        List<Integer> diff = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null && t.requiresGrad()) {
                if (t.dtype() != DType.FLOAT64 || !t.isLeaf()) {
                    throw new IllegalArgumentException("GradCheck: input " + i + " (shape " + t.shape() + ", "
                            + t.dtype() + ") must be a float64 leaf; create it with DType.FLOAT64 and "
                            + "requiresGrad(true)");
                }
                diff.add(i);
            }
        }
        if (diff.isEmpty()) {
            throw new IllegalArgumentException("GradCheck: no input requires grad; call requiresGrad(true) on the "
                    + "inputs to check");
        }
        List<Tensor> outputs = evaluate(fn, inputs);
        List<String> ops = opsOf(outputs);
        Tensor[] diffInputs = diff.stream().map(i -> inputs[i]).toArray(Tensor[]::new);
        return options.fastMode()
                ? fast(order, options, fn, inputs, diff, diffInputs, outputs, ops)
                : full(order, options, fn, inputs, diff, diffInputs, outputs, ops);
    }

    private static List<Tensor> evaluate(Function<Tensor[], List<Tensor>> fn, Tensor[] inputs) {
        try (Scope _ = GradMode.enableGrad()) {
            return fn.apply(inputs);
        }
    }

    private static GradCheckReport full(int order, GradCheckOptions o, Function<Tensor[], List<Tensor>> fn,
            Tensor[] inputs, List<Integer> diff, Tensor[] diffInputs, List<Tensor> outputs, List<String> ops) {
        // analytical[d][out][e * outNumel + j] = d output[out][j] / d input[diff[d]][e]
        double[][][] analytical = new double[diff.size()][outputs.size()][];
        for (int d = 0; d < diff.size(); d++) {
            for (int out = 0; out < outputs.size(); out++) {
                analytical[d][out] = new double[diffInputs[d].numel() * outputs.get(out).numel()];
            }
        }
        for (int out = 0; out < outputs.size(); out++) {
            Tensor y = outputs.get(out);
            if (!y.requiresGrad()) {
                continue;
            }
            int m = y.numel();
            for (int j = 0; j < m; j++) {
                double[] seed = new double[m];
                seed[j] = 1;
                Tensor v = Tensor.of(seed).to(y.dtype()).reshape(y.shape().toArray());
                Tensor[] grads = Autograd.grad(List.of(y), List.of(v), List.of(diffInputs),
                        BackwardOptions.DEFAULT.withRetainGraph(true).withAllowUnused(true));
                for (int d = 0; d < diff.size(); d++) {
                    if (grads[d] != null) {
                        double[] g = grads[d].toDoubleArray();
                        for (int e = 0; e < g.length; e++) {
                            analytical[d][out][e * m + j] = g[e];
                        }
                    }
                }
            }
        }
        Tensor[] probe = probes(inputs);
        long compared = 0;
        double maxDiff = 0;
        List<GradCheckReport.Mismatch> mismatches = new ArrayList<>();
        for (int d = 0; d < diff.size(); d++) {
            int i = diff.get(d);
            double[] base = probe[i].toDoubleArray();
            for (int e = 0; e < base.length; e++) {
                probe[i].storage().setDouble(e, base[e] + o.eps());
                List<double[]> plus = values(fn, probe);
                probe[i].storage().setDouble(e, base[e] - o.eps());
                List<double[]> minus = values(fn, probe);
                probe[i].storage().setDouble(e, base[e]);
                for (int out = 0; out < outputs.size(); out++) {
                    int m = outputs.get(out).numel();
                    for (int j = 0; j < m; j++) {
                        double numerical = (plus.get(out)[j] - minus.get(out)[j]) / (2 * o.eps());
                        double a = analytical[d][out][e * m + j];
                        double diffAbs = Math.abs(a - numerical);
                        compared++;
                        maxDiff = Math.max(maxDiff, Double.isNaN(diffAbs) ? Double.POSITIVE_INFINITY : diffAbs);
                        if (!(diffAbs <= o.atol() + o.rtol() * Math.abs(numerical))
                                && mismatches.size() < MAX_REPORTED) {
                            mismatches.add(new GradCheckReport.Mismatch(i, inputs[i].shape().toString(),
                                    unravel(e, inputs[i].shape()), out, unravel(j, outputs.get(out).shape()), a,
                                    numerical));
                        }
                    }
                }
            }
        }
        return finish(new GradCheckReport(order, compared, maxDiff, List.copyOf(mismatches), ops));
    }

    private static GradCheckReport fast(int order, GradCheckOptions o, Function<Tensor[], List<Tensor>> fn,
            Tensor[] inputs, List<Integer> diff, Tensor[] diffInputs, List<Tensor> outputs, List<String> ops) {
        Rng rng = Rng.seeded(o.seed());
        List<Tensor> roots = new ArrayList<>();
        List<Tensor> seeds = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        for (Tensor y : outputs) {
            Tensor seed = Tensor.randn(rng, DType.FLOAT64, y.shape().toArray()).to(y.dtype());
            v.add(seed.toDoubleArray());
            if (y.requiresGrad()) {
                roots.add(y);
                seeds.add(seed);
            }
        }
        double[][] u = new double[diff.size()][];
        for (int d = 0; d < diff.size(); d++) {
            u[d] = Tensor.randn(rng, DType.FLOAT64, diffInputs[d].shape().toArray()).toDoubleArray();
        }
        double analytical = 0;
        if (!roots.isEmpty()) {
            Tensor[] grads = Autograd.grad(roots, seeds, List.of(diffInputs),
                    BackwardOptions.DEFAULT.withRetainGraph(true).withAllowUnused(true));
            for (int d = 0; d < diff.size(); d++) {
                if (grads[d] != null) {
                    double[] g = grads[d].toDoubleArray();
                    for (int e = 0; e < g.length; e++) {
                        analytical += g[e] * u[d][e];
                    }
                }
            }
        }
        Tensor[] probe = probes(inputs);
        double[][] base = new double[inputs.length][];
        for (int d = 0; d < diff.size(); d++) {
            base[diff.get(d)] = probe[diff.get(d)].toDoubleArray();
        }
        double numerical = (project(fn, probe, diff, base, u, o.eps(), v) - project(fn, probe, diff, base, u,
                -o.eps(), v)) / (2 * o.eps());
        double diffAbs = Math.abs(analytical - numerical);
        List<GradCheckReport.Mismatch> mismatches = diffAbs <= o.atol() + o.rtol() * Math.abs(numerical) ? List.of()
                : List.of(new GradCheckReport.Mismatch(-1, "(all, along a random direction)", new int[0], -1,
                        new int[0], analytical, numerical));
        return finish(new GradCheckReport(order, 1, diffAbs, mismatches, ops));
    }

    private static double project(Function<Tensor[], List<Tensor>> fn, Tensor[] probe, List<Integer> diff,
            double[][] base, double[][] u, double step, List<double[]> v) {
        for (int d = 0; d < diff.size(); d++) {
            int i = diff.get(d);
            for (int e = 0; e < base[i].length; e++) {
                // added rather than set: an input passed twice moves along the sum of its directions
                probe[i].storage().setDouble(e, probe[i].storage().getDouble(e) + step * u[d][e]);
            }
        }
        List<double[]> y = values(fn, probe);
        double sum = 0;
        for (int out = 0; out < y.size(); out++) {
            for (int j = 0; j < y.get(out).length; j++) {
                sum += v.get(out)[j] * y.get(out)[j];
            }
        }
        for (int d = 0; d < diff.size(); d++) {
            int i = diff.get(d);
            for (int e = 0; e < base[i].length; e++) {
                probe[i].storage().setDouble(e, base[i][e]);
            }
        }
        return sum;
    }

    private static GradCheckReport finish(GradCheckReport report) {
        if (!report.passed()) {
            throw new GradCheckException(report);
        }
        return report;
    }

    /**
     * Contiguous copies of the inputs, perturbed in place for the numerical derivatives. A tensor passed twice gets
     * one copy, so that perturbing it moves both uses, as the analytical gradient (summed over the uses) assumes.
     */
    private static Tensor[] probes(Tensor[] inputs) {
        Tensor[] probe = new Tensor[inputs.length];
        Map<Tensor, Tensor> copies = new IdentityHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            probe[i] = t == null ? null
                    : copies.computeIfAbsent(t, s -> s.detach().clone().requiresGrad(s.requiresGrad()));
        }
        return probe;
    }

    private static List<double[]> values(Function<Tensor[], List<Tensor>> fn, Tensor[] inputs) {
        List<double[]> result = new ArrayList<>();
        for (Tensor y : evaluate(fn, inputs)) {
            result.add(y.toDoubleArray());
        }
        return result;
    }

    static int[] unravel(int flat, Shape shape) {
        int[] index = new int[shape.rank()];
        for (int d = shape.rank() - 1; d >= 0; d--) {
            index[d] = flat % shape.dim(d);
            flat /= shape.dim(d);
        }
        return index;
    }

    /** The names of the ops in the graphs behind {@code outputs}, each once, nearest first. */
    public static List<String> opsOf(List<Tensor> outputs) {
        Set<String> names = new LinkedHashSet<>();
        Map<Node<Tensor>, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node<Tensor>> queue = new ArrayDeque<>();
        for (Tensor y : outputs) {
            if (y.gradFn() != null && seen.put(y.gradFn(), true) == null) {
                queue.add(y.gradFn());
            }
        }
        while (!queue.isEmpty()) {
            Node<Tensor> n = queue.poll();
            if (!n.isLeafAccumulator()) {
                names.add(n.op());
            }
            for (Node<Tensor> next : n.nextNodes()) {
                if (next != null && seen.put(next, true) == null) {
                    queue.add(next);
                }
            }
        }
        return List.copyOf(names);
    }
}
