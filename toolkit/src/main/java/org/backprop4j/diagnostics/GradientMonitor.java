package org.backprop4j.diagnostics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.backprop4j.autograd.HookHandle;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.ReLU;
import org.backprop4j.tensor.Tensor;

/**
 * Watches the gradients of a model. After each backward pass, {@link #record(long)} measures every parameter and
 * every layer (module that owns parameters): gradient 2-norm, mean and largest absolute gradient, weight norm, and
 * the update-to-weight ratio since the previous record; through forward hooks it also measures each module's most
 * recent output (mean, spread, histogram, and the fraction of dead units of {@code ReLU} modules). It flags layers
 * whose gradients vanish (below a threshold, or orders of magnitude below the last layer's), explode (above a
 * threshold) or are NaN or infinite, naming the layer. Not thread-safe: use it from the training thread.
 *
 * {@snippet file="TrainSnippets.java" region="monitor"}
 *
 * A training callback calls {@link #record(long)} after each backward pass and {@link #close()} at the end.
 */
public final class GradientMonitor implements AutoCloseable {
    private final Module model;
    private final MonitorOptions options;
    private final List<HookHandle> hooks = new ArrayList<>();
    private final Map<Module, Call> calls = new IdentityHashMap<>();
    private final Map<String, double[]> previousWeights = new HashMap<>();
    private final ArrayDeque<GradientSnapshot> history = new ArrayDeque<>();
    private long callCount;
    private boolean closed;

    /** A module's most recent call: when it finished (to order the layers) and its output (detached). */
    private static final class Call {
        long order;
        Tensor output;
    }

    private GradientMonitor(Module model, MonitorOptions options, boolean hook) {
        this.model = Objects.requireNonNull(model, "GradientMonitor: model");
        this.options = Objects.requireNonNull(options, "GradientMonitor: options");
        if (hook) {
            Map<String, List<String>> owners = layers(model);
            for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
                Module m = e.getValue();
                if (m.children().isEmpty() || owners.containsKey(e.getKey())) {
                    hooks.add(m.registerForwardHook((module, input, output) -> called(module, output)));
                }
            }
        }
    }

    /** A monitor of {@code model} with the default options; attach it before the forward pass. */
    public static GradientMonitor attach(Module model) {
        return attach(model, MonitorOptions.DEFAULT);
    }

    /** A monitor of {@code model}: registers forward hooks on its leaf modules and the modules that own parameters. */
    public static GradientMonitor attach(Module model, MonitorOptions options) {
        return new GradientMonitor(model, options, true);
    }

    /**
     * One look at the gradients {@code model} holds now (after {@code backward()}), with no hooks: no activation
     * statistics, no update ratios, layers in declaration order.
     */
    public static GradientSnapshot inspect(Module model) {
        return new GradientMonitor(model, MonitorOptions.DEFAULT.withTrackUpdates(false).withActivations(false),
                false).record(0);
    }

    private void called(Module module, Tensor output) {
        Call c = calls.computeIfAbsent(module, m -> new Call());
        c.order = ++callCount;
        c.output = options.activations() ? output.detach() : null;
    }

    public Module model() {
        return model;
    }

    public MonitorOptions options() {
        return options;
    }

    /**
     * Measures the model's gradients, weights and latest activations, labelled {@code step}, adds the snapshot to
     * the history and returns it. Call it after {@code backward()} and before {@code zeroGrad()}.
     *
     * @throws IllegalStateException if the monitor was closed
     */
    public GradientSnapshot record(long step) {
        if (closed) {
            throw new IllegalStateException("GradientMonitor.record(" + step + "): the monitor of "
                    + model.getClass().getSimpleName() + " was closed");
        }
        Map<String, Module> modules = model.namedModules();
        Map<String, Parameter> parameters = model.namedParameters();
        List<ParameterStats> parameterStats = new ArrayList<>();
        Map<String, LayerSums> sums = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            String name = e.getKey();
            ParameterStats p = measure(name, e.getValue(), sums.computeIfAbsent(layerOf(name), k -> new LayerSums()));
            parameterStats.add(p);
        }
        List<String> order = new ArrayList<>(sums.keySet());
        List<String> declared = List.copyOf(order);
        order.sort(Comparator.comparingLong(path -> orderOf(modules.get(path), declared.indexOf(path))));
        List<LayerStats> layers = new ArrayList<>();
        for (String path : order) {
            layers.add(sums.get(path).toStats(path, typeOf(modules.get(path))));
        }
        GradientSnapshot snapshot = new GradientSnapshot(step, layers, parameterStats, activations(modules),
                Flags.of(model, layers, parameterStats, options));
        history.addLast(snapshot);
        while (history.size() > options.historySize()) {
            history.removeFirst();
        }
        return snapshot;
    }

    private ParameterStats measure(String name, Parameter p, LayerSums layer) {
        Tensor g = p.gradForUpdate();
        Moments grad = g == null ? null : Moments.of(g);
        double[] w = p.toDoubleArray();
        double weightSquares = 0;
        for (double v : w) {
            weightSquares += v * v;
        }
        double update = Double.NaN;
        double previousSquares = Double.NaN;
        double[] previous = previousWeights.get(name);
        if (options.trackUpdates()) {
            if (previous != null && previous.length == w.length) {
                update = 0;
                previousSquares = 0;
                for (int i = 0; i < w.length; i++) {
                    update += (w[i] - previous[i]) * (w[i] - previous[i]);
                    previousSquares += previous[i] * previous[i];
                }
            }
            previousWeights.put(name, w);
        }
        layer.add(name, grad, weightSquares, update, previousSquares);
        return new ParameterStats(name, p.shape(), grad != null, grad == null ? Double.NaN : grad.norm(),
                grad == null ? Double.NaN : grad.meanAbs(), grad == null ? Double.NaN : grad.maxAbs,
                grad == null ? 0 : grad.nonFinite, Math.sqrt(weightSquares),
                Math.sqrt(update) / Math.sqrt(previousSquares));
    }

    private List<ActivationStats> activations(Map<String, Module> modules) {
        List<Map.Entry<String, Call>> seen = new ArrayList<>();
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            Call c = calls.get(e.getValue());
            if (c != null && c.output != null) {
                seen.add(Map.entry(e.getKey(), c));
            }
        }
        seen.sort(Comparator.comparingLong(e -> e.getValue().order));
        List<ActivationStats> out = new ArrayList<>();
        for (Map.Entry<String, Call> e : seen) {
            Module m = modules.get(e.getKey());
            out.add(ActivationStats.of(e.getKey(), typeOf(m), e.getValue().output, m instanceof ReLU,
                    options.histogramBins()));
        }
        return out;
    }

    /** The call order of {@code module} in the latest forward pass; never-called modules after, as declared. */
    private long orderOf(Module module, int declared) {
        Call c = module == null ? null : calls.get(module);
        return c != null ? c.order : Long.MAX_VALUE / 2 + declared;
    }

    private static String typeOf(Module m) {
        return m == null ? "?" : m.getClass().getSimpleName();
    }

    /** Parameter names by the path of the module that owns them. */
    private static Map<String, List<String>> layers(Module model) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : model.namedParameters().keySet()) {
            out.computeIfAbsent(layerOf(name), k -> new ArrayList<>()).add(name);
        }
        return out;
    }

    static String layerOf(String parameterName) {
        int dot = parameterName.lastIndexOf('.');
        return dot < 0 ? "" : parameterName.substring(0, dot);
    }

    /** The snapshots recorded so far, oldest first (at most {@link MonitorOptions#historySize()}). */
    public List<GradientSnapshot> history() {
        return List.copyOf(history);
    }

    /**
     * The most recent snapshot.
     *
     * @throws IllegalStateException if nothing was recorded yet
     */
    public GradientSnapshot latest() {
        if (history.isEmpty()) {
            throw new IllegalStateException("GradientMonitor.latest: nothing recorded yet; call record(step) after "
                    + "loss.backward()");
        }
        return history.getLast();
    }

    /** Removes the forward hooks and lets go of the activations and weight copies it held; the history stays. */
    @Override
    public void close() {
        for (HookHandle h : hooks) {
            h.remove();
        }
        hooks.clear();
        calls.clear();
        previousWeights.clear();
        closed = true;
    }

    /** Sums over one layer's parameters, from which its statistics follow. */
    private static final class LayerSums {
        final List<String> names = new ArrayList<>();
        boolean hasGradient;
        double gradSquares;
        double gradAbs;
        long gradCount;
        double gradMax;
        long nonFinite;
        double weightSquares;
        double updateSquares;
        double previousSquares;

        void add(String name, Moments grad, double weightSquares, double update, double previous) {
            names.add(name);
            if (grad != null) {
                hasGradient = true;
                gradSquares += grad.sumSquares;
                gradAbs += grad.sumAbs;
                gradCount += grad.count;
                gradMax = Math.max(gradMax, grad.maxAbs);
                nonFinite += grad.nonFinite;
            }
            this.weightSquares += weightSquares;
            updateSquares += update;          // NaN without a previous record, and then stays NaN
            previousSquares += previous;
        }

        LayerStats toStats(String path, String type) {
            return new LayerStats(path, type, names, hasGradient,
                    hasGradient ? Math.sqrt(gradSquares) : Double.NaN,
                    hasGradient ? (gradCount == 0 ? 0 : gradAbs / gradCount) : Double.NaN,
                    hasGradient ? gradMax : Double.NaN, nonFinite, Math.sqrt(weightSquares),
                    Math.sqrt(updateSquares) / Math.sqrt(previousSquares));
        }
    }
}
