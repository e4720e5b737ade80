package org.backprop4j.kernel;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;


/**
 * IPython-style magics: a line that starts with {@code %} runs a line magic, a first line that starts with
 * {@code %%} a cell magic; the Java between them runs as usual, in order.
 *
 * <ul>
 * <li>{@code %classpath path[:path...]} and {@code %jars path-or-glob...}: add jars or class folders</li>
 * <li>{@code %time statement} and {@code %%time}: run and report the cell thread's CPU time and the wall time</li>
 * <li>{@code %load file.jsh}: run a file of Java snippets</li>
 * <li>{@code %env}, {@code %env NAME}: show environment variables</li>
 * <li>{@code %lsmagic}: list the magics</li>
 * </ul>
 */
final class Magics {
    static final List<String> LINE_MAGICS = List.of("classpath", "env", "jars", "load", "lsmagic", "time");
    static final List<String> CELL_MAGICS = List.of("time");

    private final CellEvaluator evaluator;
    private final Path workingDirectory;
    private final Map<String, String> environment;

    Magics(CellEvaluator evaluator, Path workingDirectory, Map<String, String> environment) {
        this.evaluator = evaluator;
        this.workingDirectory = workingDirectory;
        this.environment = environment;
    }

    /** True if any line of {@code code} is a magic (so is-complete checks skip those lines). */
    static boolean isMagicLine(String line) {
        return line.stripLeading().startsWith("%");
    }

    /**
     * Runs a cell on the calling thread (the worker): its magics and its Java, in order.
     *
     * @return the value of the last step, or {@link CellEvaluator#NO_VALUE}
     */
    Object run(String cell, String label) throws CellException {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length && lines[first].stripLeading().startsWith("%%")) {
            String[] words = lines[first].strip().substring(2).split("\\s+", 2);
            if (!CELL_MAGICS.contains(words[0])) {
                throw unknown("%%" + words[0]);
            }
            String[] body = Arrays.copyOfRange(lines, first + 1, lines.length);
            int bodyLine = first + 2;
            return timed(() -> runLines(body, label, bodyLine));
        }
        return runLines(lines, label, 1);
    }

    private Object runLines(String[] lines, String label, int firstLine) throws CellException {
        Object value = CellEvaluator.NO_VALUE;
        StringBuilder code = new StringBuilder();
        int codeStart = firstLine;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (isMagicLine(line)) {
                if (!code.toString().isBlank()) {
                    value = evaluator.evaluate(code.toString(), label, codeStart);
                }
                code.setLength(0);
                codeStart = firstLine + i + 1;
                value = lineMagic(line.strip().substring(1), label, firstLine + i);
            } else {
                code.append(line).append('\n');
            }
        }
        if (!code.toString().isBlank()) {
            value = evaluator.evaluate(code.toString(), label, codeStart);
        }
        return value;
    }

    private Object lineMagic(String text, String label, int line) throws CellException {
        if (text.startsWith("%")) {
            String name = text.substring(1).split("\\s+", 2)[0];
            throw CELL_MAGICS.contains(name)
                    ? CellException.usage("%%" + name + " is a cell magic: it must be the first line of the cell")
                    : unknown("%%" + name);
        }
        String[] words = text.split("\\s+", 2);
        String name = words[0];
        String args = words.length > 1 ? words[1].strip() : "";
        switch (name) {
            case "classpath" -> {
                for (String p : args.split("[" + File.pathSeparator + "\\s]+")) {
                    if (!p.isBlank()) {
                        addToClasspath(resolve(p, "%classpath"));
                    }
                }
                if (args.isBlank()) {
                    throw CellException.usage("%classpath needs a jar or folder, e.g. %classpath lib/extra.jar");
                }
                return CellEvaluator.NO_VALUE;
            }
            case "jars" -> {
                if (args.isBlank()) {
                    throw CellException.usage("%jars needs jar files or a glob, e.g. %jars lib/*.jar");
                }
                for (String pattern : args.split("\\s+")) {
                    for (Path jar : glob(pattern)) {
                        addToClasspath(jar);
                    }
                }
                return CellEvaluator.NO_VALUE;
            }
            case "time" -> {
                if (args.isBlank()) {
                    throw CellException.usage("%time needs a statement or expression on its line, e.g. "
                            + "%time x.matmul(w)");
                }
                return timed(() -> evaluator.evaluate(args, label, line));
            }
            case "load" -> {
                if (args.isBlank()) {
                    throw CellException.usage("%load needs a file, e.g. %load setup.jsh");
                }
                Path file = resolve(args, "%load");
                String source;
                try {
                    source = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw CellException.usage("%load: cannot read " + file + ": " + e.getMessage());
                }
                return evaluator.evaluate(source, file.getFileName().toString(), 1);
            }
            case "env" -> {
                env(args);
                return CellEvaluator.NO_VALUE;
            }
            case "lsmagic" -> {
                System.out.println("Line magics: " + String.join(" ", LINE_MAGICS.stream().map(m -> "%" + m)
                        .toList()));
                System.out.println("Cell magics: " + String.join(" ", CELL_MAGICS.stream().map(m -> "%%" + m)
                        .toList()));
                return CellEvaluator.NO_VALUE;
            }
            default -> throw unknown("%" + name);
        }
    }

    private void env(String args) throws CellException {
        if (args.isEmpty()) {
            new TreeMap<>(environment).forEach((k, v) -> System.out.println(k + "=" + v));
        } else if (args.contains("=") || args.split("\\s+").length > 1) {
            throw CellException.usage("%env cannot set variables: a running JVM cannot change its own environment."
                    + " Set them in the kernel spec's \"env\" or before starting Jupyter, or use System.setProperty"
                    + " for Java properties");
        } else {
            String v = environment.get(args);
            if (v == null) {
                throw CellException.usage("%env: " + args + " is not set");
            }
            System.out.println(v);
        }
    }

    private void addToClasspath(Path path) {
        evaluator.addToClasspathHere(path.toString());
        System.out.println("Added to the class path: " + path);
    }

    private Path resolve(String name, String magic) throws CellException {
        Path p = workingDirectory.resolve(name.strip()).normalize();
        if (!Files.exists(p)) {
            throw CellException.usage(magic + ": " + p + " does not exist");
        }
        return p;
    }

    /** The files a glob (relative to the working directory) names, sorted; a plain path names itself. */
    private List<Path> glob(String pattern) throws CellException {
        if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
            return List.of(resolve(pattern, "%jars"));
        }
        Path full = workingDirectory.resolve(pattern).normalize();
        Path dir = full.getParent();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + full.getFileName());
        List<Path> found = new ArrayList<>();
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> matcher.matches(p.getFileName())).sorted().forEach(found::add);
            } catch (IOException e) {
                throw CellException.usage("%jars: cannot list " + dir + ": " + e.getMessage());
            }
        }
        if (found.isEmpty()) {
            throw CellException.usage("%jars: no file matches " + full);
        }
        return found;
    }

    @FunctionalInterface
    private interface Step {
        Object run() throws CellException;
    }

    /** Runs {@code step} and prints the cell thread's CPU time and the wall time it took, even if it fails. */
    private static Object timed(Step step) throws CellException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // The CPU readings sit inside the wall readings, so the CPU interval is the shorter one; the two clocks
        // still differ in resolution, and one thread cannot use more CPU than wall time: the CPU time is capped.
        long wall0 = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        try {
            return step.run();
        } finally {
            long cpuEnd = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime() - wall0;
            long cpu = Math.min(cpuEnd - cpu0, wall);
            System.out.println("CPU time (cell thread): " + duration(cpu) + ", wall time: " + duration(wall));
        }
    }

    static String duration(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f \u00b5s", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static CellException unknown(String magic) {
        return CellException.usage("unknown magic " + magic + "; line magics: "
                + String.join(", ", LINE_MAGICS.stream().map(m -> "%" + m).toList()) + "; cell magics: "
                + String.join(", ", CELL_MAGICS.stream().map(m -> "%%" + m).toList()));
    }
}
