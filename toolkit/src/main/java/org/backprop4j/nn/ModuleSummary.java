package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.HookHandle;
import org.backprop4j.tensor.Tensor;

/**
 * A model as a table (torchinfo's {@code summary}): each module, indented under its parent, with its type, its
 * settings, its own parameter count and, when an input shape is given, the shape of its output; then the totals.
 * With an input shape the model runs one forward pass on zeros, without gradients, in eval mode (its mode is
 * restored after). {@code toString()} is the plain-text table; in a notebook it shows as an HTML table.
 *
 * {@snippet file="NnSnippets.java" region="summary"}
 */
public final class ModuleSummary {
    /**
     * One module: its dotted path ({@code ""} for the model itself), type, settings, own parameter count, output
     * shape (null when the summary ran no input, or the module was not called) and nesting depth.
     */
    public record Row(String path, String type, String settings, long parameters, Shape output, int depth) {
    }

    private final Module model;
    private final Shape input;
    private final List<Row> rows;
    private final long total;
    private final long trainable;
    private final boolean training;

    private ModuleSummary(Module model, Shape input, Map<Module, Shape> outputs) {
        this.model = model;
        this.input = input;
        this.rows = rows(model, outputs);
        this.total = model.numParameters();
        this.trainable = model.parameters().stream().filter(Tensor::requiresGrad).mapToLong(Tensor::numel).sum();
        this.training = model.isTraining();
    }

    /** The model's structure and parameter counts, without running it. */
    public static ModuleSummary of(Module model) {
        return new ModuleSummary(model, null, Map.of());
    }

    /**
     * The structure with each module's output shape for an input of {@code inputShape} (batch dimension included).
     *
     * @throws RuntimeException whatever the model's forward pass throws for that shape (its message names the layer)
     */
    public static ModuleSummary of(Module model, int... inputShape) {
        Shape input = Shape.of(inputShape);
        Map<Module, Shape> outputs = new IdentityHashMap<>();
        List<HookHandle> hooks = new ArrayList<>();
        for (Module m : model.namedModules().values()) {
            hooks.add(m.registerForwardHook((module, in, out) -> outputs.put(module, out.shape())));
        }
        boolean wasTraining = model.isTraining();
        try (Scope _ = GradMode.noGrad()) {
            model.eval();
            model.call(Tensor.zeros(inputShape));
        } finally {
            hooks.forEach(HookHandle::remove);
            model.train(wasTraining);
        }
        return new ModuleSummary(model, input, outputs);
    }

    private static List<Row> rows(Module model, Map<Module, Shape> outputs) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            Module m = e.getValue();
            long own = m.ownParameters().values().stream().mapToLong(Tensor::numel).sum();
            String text = m.toString();
            String type = m.getClass().getSimpleName();
            String settings = m.children().isEmpty() && text.startsWith(type + "(") && text.endsWith(")")
                    ? text.substring(type.length() + 1, text.length() - 1) : "";
            int depth = e.getKey().isEmpty() ? 0 : e.getKey().split("\\.").length;
            rows.add(new Row(e.getKey(), type, settings, own, outputs.get(m), depth));
        }
        return List.copyOf(rows);
    }

    /** The summarized model. */
    public Module model() {
        return model;
    }

    /** The input shape the model ran on, or null when it did not run. */
    public Shape input() {
        return input;
    }

    /** One row per module, the model first, children after their parent. */
    public List<Row> rows() {
        return rows;
    }

    /** All parameters' elements. */
    public long totalParameters() {
        return total;
    }

    /** The elements of the parameters that require grad. */
    public long trainableParameters() {
        return trainable;
    }

    /** One line of totals: {@code 65 parameters (65 trainable), training mode, input [5, 2]}. */
    public String totals() {
        return String.format(Locale.ROOT, "%,d parameters (%,d trainable)", total, trainable)
                + (training ? ", training mode" : ", eval mode") + (input == null ? "" : ", input " + input);
    }

    /** Without an input shape: the model's nested description and the totals; with one: the per-layer table. */
    @Override
    public String toString() {
        if (input == null) {
            return model + "\n" + totals();
        }
        int nameWidth = "Layer".length();
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, label(r).length());
        }
        String format = "%-" + nameWidth + "s  %-20s  %12s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, format, "Layer", "Output shape", "Params"));
        sb.append("-".repeat(nameWidth + 36)).append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, format, label(r), r.output() == null ? "-" : r.output().toString(),
                    String.format(Locale.ROOT, "%,d", r.parameters())));
        }
        sb.append("-".repeat(nameWidth + 36)).append('\n');
        sb.append(String.format(Locale.ROOT, "Input shape: %s%nTotal parameters: %,d%nTrainable parameters: %,d%n",
                input, total, trainable));
        return sb.toString();
    }

    private static String label(Row r) {
        return "  ".repeat(Math.max(r.depth(), 0)) + (r.path().isEmpty() ? r.type()
                : r.path().substring(r.path().lastIndexOf('.') + 1) + " (" + r.type() + ")");
    }
}
