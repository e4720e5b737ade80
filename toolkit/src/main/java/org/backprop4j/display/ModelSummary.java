package org.backprop4j.display;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.HookHandle;
import org.backprop4j.array.Scope;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * A model as a table: each module (indented under its parent), its settings, its own parameter count and, when an
 * input shape is given, the shape of its output; then the totals. A {@link Module} shown in a notebook renders this
 * way without output shapes; {@code ModelSummary.of(model, 64, 1, 28, 28)} adds them by running one forward pass on
 * zeros, without gradients, in eval mode (the model's mode is restored after).
 *
 * <pre>{@code
 * display(ModelSummary.of(model, 32, 2));   // batch of 32 two-feature inputs
 * }</pre>
 */
public final class ModelSummary implements Displayable {
    private static final String TH = "<th style=\"text-align:left;padding:2px 10px;border-bottom:1px solid #ccc\">";
    private static final String TD = "<td style=\"text-align:left;padding:2px 10px;font-family:monospace\">";
    private static final String TD_NUM = "<td style=\"text-align:right;padding:2px 10px;font-family:monospace\">";

    /** One row: a module's path, type, settings, own parameter count, output shape (null when not run). */
    record Row(String path, String type, String settings, long parameters, Shape output, int depth) {
    }

    private final Module model;
    private final Shape input;
    private final List<Row> rows;

    private ModelSummary(Module model, Shape input, List<Row> rows) {
        this.model = model;
        this.input = input;
        this.rows = rows;
    }

    /** The model's structure and parameter counts, without running it. */
    public static ModelSummary of(Module model) {
        return new ModelSummary(model, null, rows(model, Map.of()));
    }

    /**
     * The structure with each module's output shape for an input of {@code inputShape} (batch dimension included).
     *
     * @throws RuntimeException whatever the model's forward pass throws for that shape (its message names the layer)
     */
    public static ModelSummary of(Module model, int... inputShape) {
        Shape input = Shape.of(inputShape);
        Map<Module, Shape> outputs = new IdentityHashMap<>();
        List<HookHandle> hooks = new ArrayList<>();
        for (Module m : model.namedModules().values()) {
            hooks.add(m.registerForwardHook((module, in, out) -> outputs.put(module, out.shape())));
        }
        boolean training = model.isTraining();
        try (Scope _ = GradMode.noGrad()) {
            model.eval();
            model.call(Tensor.zeros(inputShape));
        } finally {
            hooks.forEach(HookHandle::remove);
            model.train(training);
        }
        return new ModelSummary(model, input, rows(model, outputs));
    }

    private static List<Row> rows(Module model, Map<Module, Shape> outputs) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            Module m = e.getValue();
            long own = 0;
            for (Map.Entry<String, Parameter> p : m.namedParameters().entrySet()) {
                if (!p.getKey().contains(".")) {
                    own += p.getValue().numel();
                }
            }
            String text = m.toString();
            String type = m.getClass().getSimpleName();
            String settings = m.children().isEmpty() && text.startsWith(type + "(") && text.endsWith(")")
                    ? text.substring(type.length() + 1, text.length() - 1) : "";
            int depth = e.getKey().isEmpty() ? 0 : e.getKey().split("\\.").length;
            rows.add(new Row(e.getKey(), type, settings, own, outputs.get(m), depth));
        }
        return rows;
    }

    List<Row> rows() {
        return rows;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.ofText(text()).withHtml(html());
    }

    private long trainable() {
        return model.parameters().stream().filter(Tensor::requiresGrad).mapToLong(Tensor::numel).sum();
    }

    private String totals() {
        return String.format(Locale.ROOT, "%,d parameters (%,d trainable)", model.numParameters(), trainable())
                + (model.isTraining() ? ", training mode" : ", eval mode")
                + (input == null ? "" : ", input " + input);
    }

    private String text() {
        StringBuilder sb = new StringBuilder(input == null ? model.toString() : model.summary(input.toArray()));
        if (input == null) {
            sb.append('\n').append(totals());
        }
        return sb.toString();
    }

    private String html() {
        StringBuilder sb = new StringBuilder("<div class=\"backprop4j-model\"><div style=\"font-family:monospace;"
                + "margin-bottom:4px\"><b>" + Html.escape(model.getClass().getSimpleName()) + "</b> "
                + Html.escape(totals()) + "</div>");
        sb.append("<table style=\"border-collapse:collapse;font-size:12px\"><tr>").append(TH).append("Layer</th>")
                .append(TH).append("Type</th>").append(TH).append("Settings</th>");
        if (input != null) {
            sb.append(TH).append("Output shape</th>");
        }
        sb.append(TH.replace("left", "right")).append("Parameters</th></tr>");
        for (Row r : rows) {
            String name = r.path().isEmpty() ? "(model)" : r.path().substring(r.path().lastIndexOf('.') + 1);
            sb.append("<tr>").append(TD.replace("padding:2px 10px", "padding:2px 10px 2px " + (10 + 16 * r.depth())
                    + "px")).append(Html.escape(name)).append("</td>")
                    .append(TD).append(Html.escape(r.type())).append("</td>")
                    .append(TD).append(Html.escape(r.settings())).append("</td>");
            if (input != null) {
                sb.append(TD).append(r.output() == null ? "&ndash;" : Html.escape(r.output().toString())).append("</td>");
            }
            sb.append(TD_NUM).append(r.parameters() == 0 ? "" : String.format(Locale.ROOT, "%,d", r.parameters()))
                    .append("</td></tr>");
        }
        return sb.append("</table></div>").toString();
    }
}
