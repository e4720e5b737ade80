package org.backprop4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Imports point down the layers of the repository's ARCHITECTURE.md: this test reads its table and checks every
 * main source file of the toolkit against its layer's row. A row lists the layers a layer may name DIRECTLY (by
 * import, static import or fully qualified name; comments and strings do not count); reaching a layer through
 * another one does not make it allowed. A layer is a package under {@code org.backprop4j} with its sub-packages.
 * The table itself may hold one circle, the one the document states (the {@code Tensor} facade and the op
 * families); any other cycle is a failure.
 */
class ArchitectureTest {
    /** The one pair of layers that may import each other, as ARCHITECTURE.md says and explains. */
    private static final Set<String> ALLOWED_CIRCLE = Set.of("tensor", "ops");

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z]+)`\\s*\\|.*\\|\\s*([^|]*?)\\s*\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`([a-z]+)`");

    /** The "may import directly" column of ARCHITECTURE.md's layer table, by layer. */
    private static final Map<String, Set<String>> TABLE = readTable(architectureFile());

    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("ARCHITECTURE.md")) && Files.isDirectory(d.resolve("toolkit"))) {
                return d;
            }
        }
        throw new IllegalStateException("no ARCHITECTURE.md above " + dir);
    }

    private static Path architectureFile() {
        return repositoryRoot().resolve("ARCHITECTURE.md");
    }

    /** Rows {@code | `layer` | holds | `a`, `b` |} (or {@code nothing}) of the table under the "Toolkit layers" heading. */
    static Map<String, Set<String>> readTable(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return parseTable(lines, file.toString());
    }

    static Map<String, Set<String>> parseTable(List<String> lines, String where) {
        Map<String, Set<String>> table = new java.util.TreeMap<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Toolkit layers");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (!inSection || !row.matches()) {
                continue;
            }
            Set<String> allowed = new java.util.TreeSet<>();
            String column = row.group(2).strip();
            if (!column.equals("nothing")) {
                Matcher name = NAME.matcher(column);
                while (name.find()) {
                    allowed.add(name.group(1));
                }
                if (allowed.isEmpty()) {
                    throw new IllegalStateException(where + ": the row of '" + row.group(1) + "' names no layer "
                            + "(write `a`, `b` or nothing): " + line);
                }
            }
            if (table.put(row.group(1), Set.copyOf(allowed)) != null) {
                throw new IllegalStateException(where + ": layer '" + row.group(1) + "' has two rows");
            }
        }
        if (table.isEmpty()) {
            throw new IllegalStateException(where + ": no layer table under a '## Toolkit layers' heading");
        }
        return Map.copyOf(table);
    }

    @Test
    void theTableNamesOnlyLayersItHasRowsFor() {
        Set<String> unknown = new java.util.TreeSet<>();
        TABLE.values().forEach(unknown::addAll);
        unknown.removeAll(TABLE.keySet());
        assertThat(unknown).as("layers named in 'may import directly' without a row of their own").isEmpty();
        assertThat(TABLE).containsKeys("backend", "array", "autograd", "tensor", "ops", "nn", "optim", "data");
    }

    @Test
    void theOnlyCircleInTheTableIsTheOneItStates() {
        assertThat(circles(TABLE)).as("layers that reach themselves through the table").containsExactly(
                new java.util.TreeSet<>(ALLOWED_CIRCLE));
        assertThat(TABLE.get("backend")).isEmpty();
        assertThat(TABLE.get("array")).containsExactly("backend");
        assertThat(TABLE.get("autograd")).containsExactly("array");
    }

    @Test
    void aSecondCircleIsFound() {
        Map<String, Set<String>> table = new java.util.HashMap<>(TABLE);
        table.put("array", Set.of("backend", "nn"));
        assertThat(circles(table)).hasSize(1).first().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories
                .collection(String.class)).contains("array", "nn", "autograd", "tensor", "ops");
    }

    /** The strongly connected groups of more than one layer (Tarjan's algorithm, small enough to stay recursive). */
    static List<Set<String>> circles(Map<String, Set<String>> table) {
        Map<String, Integer> index = new java.util.HashMap<>();
        Map<String, Integer> low = new java.util.HashMap<>();
        java.util.Deque<String> stack = new java.util.ArrayDeque<>();
        List<Set<String>> out = new ArrayList<>();
        for (String layer : new java.util.TreeSet<>(table.keySet())) {
            if (!index.containsKey(layer)) {
                connect(layer, table, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> table, Map<String, Integer> index,
            Map<String, Integer> low, java.util.Deque<String> stack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : new java.util.TreeSet<>(table.getOrDefault(v, Set.of()))) {
            if (!index.containsKey(w)) {
                connect(w, table, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new java.util.TreeSet<>();
            String w;
            do {
                w = stack.pop();
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                out.add(group);
            }
        }
    }

    @Test
    void aTableRowIsReadWithItsLayersOrNothing() {
        Map<String, Set<String>> table = parseTable(List.of("## Toolkit layers", "| layer | holds | may |",
                "|---|---|---|", "| `backend` | GEMM | nothing |", "| `nn` | `Module`, layers | `array`, `tensor` |",
                "## Rules", "| `zoo` | x | `nn` |"), "test");
        assertThat(table).containsOnlyKeys("backend", "nn");
        assertThat(table.get("backend")).isEmpty();
        assertThat(table.get("nn")).containsExactlyInAnyOrder("array", "tensor");
    }

    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.backprop4j\\.([A-Za-z_$][\\w$]*)");

    private static Path toolkitDir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        for (Path candidate : List.of(base, base.resolve("toolkit"))) {
            if (Files.isDirectory(candidate.resolve("src/main/java/org/backprop4j"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no toolkit main sources under " + base.toAbsolutePath());
    }

    /** The hand-written sources, and those the build generates from templates (the backend's float/double twins). */
    private static List<Path> mainSources() {
        Path toolkit = toolkitDir();
        Path generated = toolkit.resolve("target/generated-sources/twins");
        assertThat(generated.resolve("org/backprop4j")).as("the generated sources (run the build first)")
                .isDirectory();
        return List.of(toolkit.resolve("src/main/java"), generated);
    }

    @Test
    void importsPointDownTheLayers() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (Path src : mainSources()) {
            try (Stream<Path> paths = Files.walk(src.resolve("org/backprop4j"))) {
                for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    files++;
                    violations.addAll(violations(src.relativize(file).toString(), Files.readString(file)));
                }
            }
        }
        assertThat(files).as("source files scanned").isGreaterThan(30);
        assertThat(violations).as("references that break the layering of ARCHITECTURE.md").isEmpty();
    }

    @Test
    void aReferenceUpTheLayersIsReportedWithFileAndImport() {
        String source = """
                package org.backprop4j.backend;

                import java.util.List;
                import org.backprop4j.tensor.Tensor;

                final class Bad {
                    Object o = org.backprop4j.ops.Kernels.class;
                }
                """;
        assertThat(violations("org/backprop4j/backend/Bad.java", source)).containsExactly(
                "org/backprop4j/backend/Bad.java:4: import org.backprop4j.tensor.Tensor; (backend may import "
                        + "nothing else of org.backprop4j)",
                "org/backprop4j/backend/Bad.java:7: Object o = org.backprop4j.ops.Kernels.class; (backend may "
                        + "import nothing else of org.backprop4j)");
    }

    @Test
    void aLayerReachableOnlyThroughAnotherIsRefused() {
        // nn may import ops, and ops may import backend: nn still may not import backend directly.
        String source = """
                package org.backprop4j.nn;
                import org.backprop4j.ops.Convolution;
                import org.backprop4j.backend.Backend;
                import org.backprop4j.array.internal.Check;
                """;
        assertThat(violations("org/backprop4j/nn/X.java", source)).containsExactly("org/backprop4j/nn/X.java:3: "
                + "import org.backprop4j.backend.Backend; (nn may import directly only array, autograd, ops, tensor)");
    }

    @Test
    void staticImportsAreChecked() {
        String source = """
                package org.backprop4j.ops;
                import static org.backprop4j.examples.TinyMlpDemo.main;
                import static org.backprop4j.gradcheck.GradCheck.check;
                import org.backprop4j.autograd.Graph;
                """;
        assertThat(violations("org/backprop4j/ops/X.java", source)).hasSize(2)
                .anyMatch(v -> v.contains(":2: import static org.backprop4j.examples.TinyMlpDemo.main;"))
                .anyMatch(v -> v.contains(":3: import static org.backprop4j.gradcheck.GradCheck.check;")
                        && v.contains("(ops may import directly only array, autograd, backend, tensor)"));
    }

    @Test
    void commentsAndStringsDoNotCount() {
        String source = """
                package org.backprop4j.autograd;
                /** See {@code org.backprop4j.ops.Elementwise}. */
                final class Y {
                    // org.backprop4j.ops.Kernels
                    String s = "org.backprop4j.ops.";
                    char c = '"';
                    String t = \"""
                        org.backprop4j.backend.Backend
                        \""";
                    /* org.backprop4j.examples */ int i;
                }
                """;
        assertThat(violations("org/backprop4j/autograd/Y.java", source)).isEmpty();
    }

    @Test
    void aPackageWithoutARuleIsReported() {
        assertThat(violations("org/backprop4j/zoo/Z.java", "package org.backprop4j.zoo;\nclass Z {}\n"))
                .containsExactly("org/backprop4j/zoo/Z.java: package 'zoo' has no row in ARCHITECTURE.md's table "
                        + "(add a row for it)");
    }

    /** The references in {@code source} (of {@code file}) that its package may not make. */
    static List<String> violations(String file, String source) {
        String code = stripCommentsAndStrings(source);
        List<String> found = new ArrayList<>();
        String own = null;
        Matcher pkg = Pattern.compile("\\bpackage\\s+org\\.backprop4j\\.([\\w$]+)").matcher(code);
        if (pkg.find()) {
            own = pkg.group(1);
        }
        if (own == null) {
            return List.of(file + ": not in a package under org.backprop4j");
        }
        Set<String> allowed = TABLE.get(own);
        if (allowed == null) {
            return List.of(file + ": package '" + own + "' has no row in ARCHITECTURE.md's table (add a row for "
                    + "it)");
        }
        String[] codeLines = code.split("\n", -1);
        String[] sourceLines = source.split("\n", -1);
        for (int i = 0; i < codeLines.length; i++) {
            if (codeLines[i].stripLeading().startsWith("package ")) {
                continue;
            }
            Matcher m = REFERENCE.matcher(codeLines[i]);
            while (m.find()) {
                String target = m.group(1);
                if (target.equals(own) || allowed.contains(target)) {
                    continue;
                }
                String rule = allowed.isEmpty() ? own + " may import nothing else of org.backprop4j"
                        : own + " may import directly only " + String.join(", ", allowed.stream().sorted().toList());
                found.add(file + ":" + (i + 1) + ": " + sourceLines[i].strip() + " (" + rule + ")");
                break;
            }
        }
        return found;
    }

    /** {@code source} with comments and string, text-block and char literals blanked, keeping line breaks. */
    static String stripCommentsAndStrings(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(source, i, end, out);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !source.startsWith("\"\"\"", end)) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 3);
                blank(source, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && source.charAt(end) != c && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
                blank(source, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(String source, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(source.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
