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
 * Imports point down the layers of ARCHITECTURE.md: each package of the toolkit may refer only to the packages its
 * row allows, and to what those may use in turn (the table names each layer's direct neighbours below it, e.g. nn
 * uses autograd's no-grad scope through ops' layer; STYLE.md: "imports point down") — by import, static import or
 * fully qualified name; comments and strings do not count — and nothing refers to {@code examples}.
 */
class ArchitectureTest {
    private static final String ROOT = "org.backprop4j.";

    /** The "may use" column of ARCHITECTURE.md's package table. {@code examples} may use the whole toolkit. */
    private static final Map<String, Set<String>> TABLE = Map.ofEntries(
            Map.entry("backend", Set.of()),
            Map.entry("tensor", Set.of("autograd", "ops", "backend")),
            Map.entry("autograd", Set.of("tensor")),
            Map.entry("ops", Set.of("tensor", "autograd", "backend")),
            Map.entry("nn", Set.of("tensor", "ops")),
            Map.entry("optim", Set.of("tensor", "nn")),
            Map.entry("gradcheck", Set.of("tensor", "autograd", "nn")),
            Map.entry("data", Set.of("tensor")),
            Map.entry("train", Set.of("nn", "optim", "data", "io")),
            Map.entry("io", Set.of("tensor", "nn", "optim")),
            Map.entry("display", Set.of("backend", "tensor", "autograd", "ops", "nn", "optim", "gradcheck", "data",
                    "train", "io")),
            Map.entry("examples", Set.of("backend", "tensor", "autograd", "ops", "nn", "optim", "gradcheck", "data",
                    "train", "io", "display")));

    /** The table's relation closed transitively: what a package may use, it may use through. */
    private static final Map<String, Set<String>> ALLOWED = closure(TABLE);

    static Map<String, Set<String>> closure(Map<String, Set<String>> direct) {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (String from : direct.keySet()) {
            Set<String> reach = new java.util.TreeSet<>();
            java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(direct.get(from));
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (!next.equals(from) && reach.add(next)) {
                    todo.addAll(direct.getOrDefault(next, Set.of()));
                }
            }
            out.put(from, Set.copyOf(reach));
        }
        return Map.copyOf(out);
    }

    @Test
    void theLayersStayLayeredAfterClosure() {
        assertThat(ALLOWED.get("backend")).isEmpty();
        assertThat(ALLOWED.get("nn")).contains("autograd", "tensor", "ops").doesNotContain("optim", "data", "train");
        assertThat(ALLOWED.get("ops")).doesNotContain("nn", "optim", "gradcheck");
        assertThat(ALLOWED.get("data")).doesNotContain("nn", "optim");
        assertThat(ALLOWED.values()).noneMatch(s -> s.contains("examples"));
    }

    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.backprop4j\\.([A-Za-z_$][\\w$]*)");

    private static Path mainSources() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        for (Path candidate : List.of(base.resolve("src/main/java"), base.resolve("toolkit/src/main/java"))) {
            if (Files.isDirectory(candidate.resolve("org/backprop4j"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no toolkit main sources under " + base.toAbsolutePath());
    }

    @Test
    void importsPointDownTheLayers() throws IOException {
        Path src = mainSources();
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(src.resolve("org/backprop4j"))) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                files++;
                violations.addAll(violations(src.relativize(file).toString(), Files.readString(file)));
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
                "org/backprop4j/backend/Bad.java:4: import org.backprop4j.tensor.Tensor; (backend may use nothing "
                        + "else of org.backprop4j)",
                "org/backprop4j/backend/Bad.java:7: Object o = org.backprop4j.ops.Kernels.class; (backend may use "
                        + "nothing else of org.backprop4j)");
    }

    @Test
    void referencesToExamplesAndStaticImportsAreChecked() {
        String source = """
                package org.backprop4j.ops;
                import static org.backprop4j.examples.TinyMlpDemo.main;
                import static org.backprop4j.gradcheck.GradCheck.check;
                import org.backprop4j.autograd.Graph;
                """;
        assertThat(violations("org/backprop4j/ops/X.java", source)).hasSize(2)
                .anyMatch(v -> v.contains(":2: import static org.backprop4j.examples.TinyMlpDemo.main;"))
                .anyMatch(v -> v.contains(":3: import static org.backprop4j.gradcheck.GradCheck.check;")
                        && v.contains("(ops may use autograd, backend, tensor)"));
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
                        + "(add its rule to ArchitectureTest)");
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
        Set<String> allowed = ALLOWED.get(own);
        if (allowed == null) {
            return List.of(file + ": package '" + own + "' has no row in ARCHITECTURE.md's table (add its rule to "
                    + "ArchitectureTest)");
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
                if (target.equals(own) || allowed.contains(target) && !target.equals("examples")) {
                    continue;
                }
                String rule = allowed.isEmpty() ? own + " may use nothing else of org.backprop4j"
                        : own + " may use " + String.join(", ", allowed.stream().sorted().toList());
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
