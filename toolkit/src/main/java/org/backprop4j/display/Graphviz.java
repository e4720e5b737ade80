package org.backprop4j.display;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Graphviz {@code dot} to lay out a graph as SVG. The executable is the system property
 * {@value #PROPERTY} when set, else {@code dot} on the {@code PATH}; a run that takes longer than
 * {@value #TIMEOUT_SECONDS} seconds is killed, so a picture can never hang a notebook.
 */
final class Graphviz {
    static final String PROPERTY = "backprop4j.dot";
    static final int TIMEOUT_SECONDS = 20;

    private Graphviz() {
    }

    /** The {@code dot} to run when none is given: the system property, else the first on the PATH. */
    static Optional<Path> defaultDot() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "dot");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code source} laid out by {@code dot} as SVG.
     *
     * @throws IOException naming the executable and why when it is missing, fails, or times out
     */
    static String svg(Path dot, String source) throws IOException {
        if (!Files.isRegularFile(dot) || !Files.isExecutable(dot)) {
            throw new IOException("Graphviz: " + dot + " is not an executable file");
        }
        Path dir = Files.createTempDirectory("backprop4j-graph");
        Path in = dir.resolve("graph.dot");
        Path out = dir.resolve("graph.svg");
        Path err = dir.resolve("dot.err");
        try {
            Files.writeString(in, source, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(dot.toString(), "-Tsvg", in.toString()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("Graphviz: " + dot + " took more than " + TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("Graphviz: interrupted while " + dot + " ran", e);
            }
            if (p.exitValue() != 0) {
                String message = Files.readString(err, StandardCharsets.UTF_8).strip();
                throw new IOException("Graphviz: " + dot + " exited with " + p.exitValue()
                        + (message.isEmpty() ? "" : ": " + message.lines().findFirst().orElse("")));
            }
            String svg = Files.readString(out, StandardCharsets.UTF_8);
            int start = svg.indexOf("<svg");
            return start < 0 ? svg : svg.substring(start);   // drop the XML prolog and DOCTYPE for inline use
        } finally {
            for (Path f : new Path[] {in, out, err, dir}) {
                Files.deleteIfExists(f);
            }
        }
    }
}
