package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MSELoss;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Tanh;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GraphView with Graphviz (installed by test.sh through scripts/lib.sh; {@code apt-get install graphviz} by hand)
 * and without it (a dot path that does not exist).
 */
class GraphViewTest {
    private static final Path MISSING_DOT = Path.of("/nonexistent/graphviz/dot");

    private static Path dot() {
        return Graphviz.defaultDot().filter(Files::isExecutable).orElseThrow(() -> new AssertionError(
                "Graphviz 'dot' is not on the PATH: install the Debian package graphviz (test.sh does)"));
    }

    private record Net(Sequential model, Tensor loss) {
    }

    /** Linear(3, 4), Tanh, Linear(4, 2) on [5, 3], mean squared error against zeros. */
    private static Net net() {
        Rng.global().reseed(21);
        Sequential m = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2));
        return new Net(m, new MSELoss().forward(m.call(Tensor.randn(5, 3)), Tensor.zeros(5, 2)));
    }

    @Test
    void theSvgNamesTheOpsTheirShapesTheLeavesAndTheSavedTensors(@TempDir Path dir) throws IOException {
        Net n = net();
        GraphView view = GraphView.of(n.loss()).withParameters(n.model().namedParameters()).withDot(dot());
        MimeBundle b = view.toMimeBundle();
        assertThat(b.mimeTypes()).containsExactly(MimeBundle.PLAIN, MimeBundle.SVG);
        String svg = b.text(MimeBundle.SVG);
        assertThat(svg).startsWith("<svg").contains(">linear<", ">tanh<", ">sub<", ">div<", ">output<")
                .contains(">[5, 4]<", ">[5, 2]<")
                .contains(">0.weight<", ">[4, 3] float32<", ">2.bias<", ">[2] float32<")
                .contains(">saved [5, 3]<", ">saved [5, 4]<");
        assertThat(svg.length()).isLessThan(100_000);
        Display.save(view, dir.resolve("graph.svg"));
        assertThat(Files.readString(dir.resolve("graph.svg"))).isEqualTo(svg);
        assertThat(b.plainText()).startsWith("Backward graph of Tensor [] float32: 11 nodes\n#0 div [] <- #1")
                .contains("#7 leaf 2.bias [2] float32 (requires grad)")
                .contains("#8 linear [5, 4] <- #9, #10; saved [5, 3], [4, 3]");
    }

    @Test
    void withoutGraphvizItShowsATableAndSaysWhatToInstall() {
        Net n = net();
        MimeBundle b = GraphView.of(n.loss()).withParameters(n.model().namedParameters()).withDot(MISSING_DOT)
                .toMimeBundle();
        assertThat(b.mimeTypes()).containsExactly(MimeBundle.PLAIN, MimeBundle.HTML);
        assertThat(b.plainText()).endsWith("(Graphviz: /nonexistent/graphviz/dot is not an executable file; install "
                + "Graphviz (Debian package graphviz) for a picture)");
        assertThat(b.text(MimeBundle.HTML)).contains("Backward graph", "linear", "[5, 4]", "leaf 0.weight",
                "[[5, 3], [4, 3]]", "install Graphviz (Debian package graphviz)");
        assertThatThrownBy(() -> Display.save(GraphView.of(n.loss()).withDot(MISSING_DOT), Path.of("g.svg")))
                .hasMessageContaining("cannot be saved as g.svg");

        String before = System.getProperty(Graphviz.PROPERTY);
        System.setProperty(Graphviz.PROPERTY, MISSING_DOT.toString());
        try {
            assertThat(GraphView.of(n.loss()).toMimeBundle().has(MimeBundle.HTML)).as("-Dbackprop4j.dot").isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(Graphviz.PROPERTY);
            } else {
                System.setProperty(Graphviz.PROPERTY, before);
            }
        }
    }

    @Test
    void aGraphOfTwentyThousandNodesIsSummarizedIntoASmallPicture() {
        Tensor t = Tensor.randn(Rng.seeded(22), 4).requiresGrad(true);
        Tensor acc = t;
        for (int i = 0; i < 10_000; i++) {
            acc = acc.mul(1.0001).add(t);        // every step also uses the leaf: the hardest shape for a layout
        }
        GraphView view = GraphView.of(acc.sum()).withDot(dot());
        MimeBundle b = view.toMimeBundle();
        assertThat(b.plainText().lines().count()).isEqualTo(GraphView.DEFAULT_MAX_NODES + 2);
        assertThat(b.plainText()).startsWith("Backward graph of Tensor [] float32: 100 nodes shown, 19,902 more "
                + "nodes").endsWith("\u2026 19,902 more nodes: add \u00d79951, mul \u00d79951");
        assertThat(b.text(MimeBundle.SVG)).as("laid out within Graphviz's time limit").contains("19,902 more nodes");
        assertThat(b.text(MimeBundle.SVG).length()).isLessThan(400_000);
        assertThat(view.toDot().length()).isLessThan(60_000);
    }

    @Test
    void maxNodesCutsTheGraphNearTheOutput() {
        Net n = net();
        GraphView view = GraphView.of(n.loss()).withMaxNodes(3);
        assertThat(view.toText()).isEqualTo("""
                Backward graph of Tensor [] float32: 3 nodes shown, 8 more nodes
                #0 div [] <- #1; saved [], []
                #1 sum [] <- #2
                #2 powScalar [5, 2] <- \u2026; saved [5, 2]
                \u2026 8 more nodes: leaf \u00d74, linear \u00d72, sub \u00d71, tanh \u00d71""");
        assertThat(view.toDot()).contains("hidden -> n2;").contains("label=\"\u2026 8 more nodes\\n");
        assertThatThrownBy(() -> GraphView.of(n.loss()).withMaxNodes(0))
                .hasMessageStartingWith("GraphView.withMaxNodes: 0 is outside [1, 5000]");
    }

    @Test
    void leavesTensorsWithoutAGraphAndFreedGraphsSayWhatTheyAre() {
        Tensor plain = Tensor.randn(3);
        assertThat(GraphView.of(plain).toText()).isEqualTo("Tensor [3] float32 does not require grad, so it recorded "
                + "no backward graph; call requiresGrad(true) on the inputs (or use parameters) before computing it");
        assertThat(GraphView.of(plain).toMimeBundle().mimeTypes()).containsExactly(MimeBundle.PLAIN, MimeBundle.HTML);
        Tensor leaf = Tensor.randn(2, 2).requiresGrad(true);
        assertThat(GraphView.of(leaf).withParameters(Map.of("w", leaf)).toText()).isEqualTo(
                "Backward graph of Tensor [2, 2] float32: 1 node\n#0 leaf w [2, 2] float32 (requires grad)");

        Tensor y = leaf.tanh().sum();
        y.backward();
        assertThat(GraphView.of(y).toText()).contains("#1 tanh [2, 2] <- #2; saved tensors freed by backward");
        assertThat(GraphView.of(y).toDot()).contains("(saved tensors freed)");
        assertThat(GraphView.of(y).withParameters(Map.of("quote\"d", leaf)).toDot()).contains("quote\\\"d\\n");
    }
}
