package org.backprop4j.display;

import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.backprop4j.array.Shape;
import org.backprop4j.display.GraphWalk.Item;
import org.backprop4j.tensor.Tensor;

/**
 * The backward graph a tensor recorded, as a picture (like torchviz): grey boxes are ops with the shape they
 * produced, blue boxes the leaves that require grad (named when {@link #withParameters} names them), orange boxes
 * the tensors an op saved for its backward, the green box the tensor itself. Laid out by Graphviz {@code dot} as
 * SVG when it is installed (Debian package {@code graphviz}; {@code -Dbackprop4j.dot=/path/to/dot} or
 * {@link #withDot} picks one), otherwise shown as an HTML table. Only the {@value #DEFAULT_MAX_NODES} nodes nearest
 * the output are drawn (see {@link #withMaxNodes}); the rest are counted by op in one box, so a graph of any size
 * makes a small picture quickly.
 *
 * {@snippet file="TrainSnippets.java" region="graph"}
 */
public final class GraphView implements Displayable {
    public static final int DEFAULT_MAX_NODES = 100;
    private static final int MAX_SAVED_SHOWN = 4;

    private final Tensor root;
    private final Map<Tensor, String> names;
    private final int maxNodes;
    private final Path dot;

    private GraphView(Tensor root, Map<Tensor, String> names, int maxNodes, Path dot) {
        this.root = root;
        this.names = names;
        this.maxNodes = maxNodes;
        this.dot = dot;
    }

    /** The graph that produced {@code output} (a tensor that does not require grad shows that it has none). */
    public static GraphView of(Tensor output) {
        return new GraphView(Objects.requireNonNull(output, "GraphView.of: output"), Map.of(), DEFAULT_MAX_NODES,
                null);
    }

    /** Labels leaves with these names, e.g. {@code model.namedParameters()} (torchviz's {@code params}). */
    public GraphView withParameters(Map<String, ? extends Tensor> named) {
        Map<Tensor, String> byTensor = new IdentityHashMap<>();
        named.forEach((name, t) -> byTensor.put(t, name));
        return new GraphView(root, byTensor, maxNodes, dot);
    }

    /**
     * Draws at most {@code n} nodes, those nearest the output.
     *
     * @throws IllegalArgumentException unless {@code 1 <= n <= 5000}
     */
    public GraphView withMaxNodes(int n) {
        if (n < 1 || n > 5000) {
            throw new IllegalArgumentException("GraphView.withMaxNodes: " + n + " is outside [1, 5000]; larger "
                    + "pictures take Graphviz minutes and notebooks megabytes");
        }
        return new GraphView(root, names, n, dot);
    }

    /** Lays out with this Graphviz {@code dot} executable; a missing one gives the HTML table instead. */
    public GraphView withDot(Path executable) {
        return new GraphView(root, names, maxNodes, Objects.requireNonNull(executable, "GraphView.withDot"));
    }

    /** The Graphviz source of the picture. */
    public String toDot() {
        GraphWalk w = GraphWalk.of(root, maxNodes);
        StringBuilder sb = new StringBuilder("digraph backward {\n")
                // bounded effort: a leaf used by every step of a long chain makes dot's crossing minimization and
                // network simplex run for minutes on 150 nodes without these limits (and about a second with them)
                .append("  graph [mclimit=0.2 nslimit=2 nslimit1=2 searchsize=20 fontname=\"Helvetica\" fontsize=11 "
                        + "ranksep=0.3 nodesep=0.25];\n")
                .append("  node [shape=box style=\"filled,rounded\" fontname=\"Helvetica\" fontsize=10 height=0.2];\n")
                .append("  edge [arrowsize=0.6 color=\"#555555\"];\n")
                .append("  out [label=\"").append(escape("output\n" + describe(root))).append("\" fillcolor=\"#caff70\"];\n");
        for (Item it : w.items) {
            String label;
            String colour;
            if (it.leaf() != null) {
                label = leafName(it.leaf()) + "\n" + it.shape() + " " + it.leaf().dtype();
                colour = "#add8e6";
            } else {
                label = it.op() + "\n" + it.shape() + (it.savedFreed() ? "\n(saved tensors freed)" : "");
                colour = "#d3d3d3";
            }
            sb.append("  n").append(it.id()).append(" [label=\"").append(escape(label)).append("\" fillcolor=\"")
                    .append(colour).append("\"];\n");
            for (int input : it.inputs()) {
                sb.append("  ").append(input == GraphWalk.HIDDEN ? "hidden" : "n" + input).append(" -> n")
                        .append(it.id()).append(";\n");
            }
            List<Shape> saved = it.saved();
            for (int s = 0; s < Math.min(saved.size(), MAX_SAVED_SHOWN); s++) {
                String more = s == MAX_SAVED_SHOWN - 1 && saved.size() > MAX_SAVED_SHOWN
                        ? "\n+" + (saved.size() - MAX_SAVED_SHOWN) + " more" : "";
                sb.append("  s").append(it.id()).append('_').append(s).append(" [label=\"")
                        .append(escape("saved " + saved.get(s) + more))
                        .append("\" fillcolor=\"#ffa500\" fontsize=9 style=filled];\n")
                        .append("  s").append(it.id()).append('_').append(s).append(" -> n").append(it.id())
                        .append(" [style=dashed arrowhead=none];\n");
            }
        }
        if (!w.items.isEmpty()) {
            sb.append("  n0 -> out;\n");
        }
        if (w.hidden > 0) {
            sb.append("  hidden [shape=note style=filled fillcolor=\"#fff3c4\" label=\"")
                    .append(escape("\u2026 " + w.hiddenCount() + "\n" + w.hiddenOps())).append("\"];\n");
        }
        return sb.append("}\n").toString();
    }

    /** The graph as text, one node per line, nearest the output first. */
    public String toText() {
        GraphWalk w = GraphWalk.of(root, maxNodes);
        if (w.items.isEmpty()) {
            return noGraph();
        }
        StringBuilder sb = new StringBuilder("Backward graph of " + describe(root) + ": " + w.items.size() + (w.items.size() == 1 ? " node" : " nodes")
                + (w.hidden > 0 ? " shown, " + w.hiddenCount() : ""));
        for (Item it : w.items) {
            sb.append("\n#").append(it.id()).append(' ');
            if (it.leaf() != null) {
                sb.append("leaf ").append(leafName(it.leaf())).append(' ').append(it.shape()).append(' ')
                        .append(it.leaf().dtype()).append(" (requires grad)");
                continue;
            }
            sb.append(it.op()).append(' ').append(it.shape());
            if (!it.inputs().isEmpty()) {
                sb.append(" <- ").append(String.join(", ", it.inputs().stream().map(GraphView::ref).toList()));
            }
            if (!it.saved().isEmpty()) {
                sb.append("; saved ").append(it.saved().stream().map(Shape::toString).toList().toString()
                        .replaceAll("^\\[|\\]$", ""));
            } else if (it.savedFreed()) {
                sb.append("; saved tensors freed by backward");
            }
        }
        if (w.hidden > 0) {
            sb.append("\n\u2026 ").append(w.hiddenCount()).append(": ").append(w.hiddenOps());
        }
        return sb.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        String text = toText();
        if (root.gradFn() == null && !root.requiresGrad()) {
            return MimeBundle.ofText(text).withHtml("<pre>" + Html.escape(text) + "</pre>");
        }
        Optional<Path> executable = dot != null ? Optional.of(dot) : Graphviz.defaultDot();
        String reason;
        if (executable.isPresent()) {
            try {
                return MimeBundle.ofText(text).withSvg(Graphviz.svg(executable.get(), toDot()));
            } catch (IOException e) {
                reason = e.getMessage();
            }
        } else {
            reason = "Graphviz 'dot' is not on the PATH (nor set with -D" + Graphviz.PROPERTY + ")";
        }
        String hint = reason + "; install Graphviz (Debian package graphviz) for a picture";
        return MimeBundle.ofText(text + "\n(" + hint + ")").withHtml(html(hint));
    }

    private String html(String hint) {
        GraphWalk w = GraphWalk.of(root, maxNodes);
        String td = "<td style=\"padding:2px 8px;font-family:monospace;text-align:left\">";
        StringBuilder sb = new StringBuilder("<div class=\"backprop4j-graph\"><div style=\"font-family:monospace\"><b>"
                + "Backward graph</b> of " + Html.escape(describe(root)) + "</div><div style=\"color:#777;"
                + "font-size:11px\">" + Html.escape(hint) + "</div><table style=\"border-collapse:collapse;"
                + "font-size:12px\"><tr><th>#</th><th>op</th><th>shape</th><th>inputs</th><th>saved</th></tr>");
        for (Item it : w.items) {
            boolean leaf = it.leaf() != null;
            sb.append(leaf ? "<tr style=\"background:#add8e6\">" : "<tr>").append(td).append(it.id()).append("</td>")
                    .append(td).append(Html.escape(leaf ? "leaf " + leafName(it.leaf()) : it.op())).append("</td>")
                    .append(td).append(Html.escape(it.shape() + (leaf ? " " + it.leaf().dtype() : ""))).append("</td>")
                    .append(td).append(Html.escape(String.join(", ", it.inputs().stream().map(GraphView::ref)
                            .toList()))).append("</td>").append(td)
                    .append(Html.escape(it.savedFreed() ? "freed" : it.saved().stream().map(Shape::toString).toList()
                            .toString().replaceAll("^\\[\\]$", ""))).append("</td></tr>");
        }
        sb.append("</table>");
        if (w.hidden > 0) {
            sb.append("<div style=\"font-family:monospace\">\u2026 ").append(Html.escape(w.hiddenCount() + ": "
                    + w.hiddenOps())).append("</div>");
        }
        return sb.append("</div>").toString();
    }

    private String noGraph() {
        return describe(root) + " does not require grad, so it recorded no backward graph; call requiresGrad(true) "
                + "on the inputs (or use parameters) before computing it";
    }

    private String leafName(Tensor leaf) {
        String name = names.get(leaf);
        return name != null ? name : "leaf";
    }

    private static String ref(int id) {
        return id == GraphWalk.HIDDEN ? "\u2026" : "#" + id;
    }

    private static String describe(Tensor t) {
        return "Tensor " + t.shape() + " " + t.dtype();
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return toText();
    }
}
