package org.backprop4j.kernel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * A JShell whose snippets run in this JVM ({@link LocalExecution}) on one worker thread. Every use of the JShell
 * (evaluation, completion, documentation) happens on that thread, one at a time; {@link #interrupt} stops the code
 * running there.
 */
final class CellEvaluator implements AutoCloseable {
    /** Imported into every session; those whose package is missing from the class path are skipped. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.util.*", "java.util.function.*", "java.util.stream.*", "java.io.*", "java.nio.file.*",
            "java.math.*", "java.util.concurrent.*",
            "org.backprop4j.array.*", "org.backprop4j.tensor.*", "org.backprop4j.autograd.*", "org.backprop4j.gradcheck.*",
            "org.backprop4j.backend.*", "org.backprop4j.nn.*", "org.backprop4j.optim.*", "org.backprop4j.data.*",
            "org.backprop4j.train.*", "org.backprop4j.io.*", "org.backprop4j.display.*",
            "org.backprop4j.diagnostics.*",
            // Both java.lang and nn have a Module; the single-type import makes the simple name the toolkit's.
            "org.backprop4j.nn.Module",
            // F.relu(x), F.crossEntropy(...), as torch.nn.functional is imported as F in Python.
            "org.backprop4j.nn.functional.F",
            "static org.backprop4j.kernel.Notebook.*");

    /**
     * How many of JShell's expression variables ({@code $1}, {@code $2}, ...: the value of every expression a cell
     * shows) stay usable. Older ones are dropped and their values released: JShell writes an import of every
     * defined variable into the source of each later snippet and keeps each snippet's source for the session, so
     * keeping them all made each cell cost more memory than the one before.
     */
    static final int RECENT_VALUES = 20;

    /** Marks "no value": a cell that ends in a statement or declaration. */
    static final Object NO_VALUE = new Object();

    private final LocalExecution execution = new LocalExecution();
    private final ExecutorService worker;
    private final Future<List<String>> started;
    private final SnippetLines lines = new SnippetLines();
    // Set by the first task on the worker thread and used only there.
    private JShell shell;
    private SourceCodeAnalysis analysis;
    private Path emptyFolder;
    private final ArrayDeque<VarSnippet> recentValues = new ArrayDeque<>();

    /**
     * Starts a session whose compiler and loader see {@code classPath}. JShell starts on the worker thread while
     * the caller goes on (the kernel connects its sockets meanwhile); every later use waits for it there.
     */
    CellEvaluator(String classPath) {
        this.worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("cell").daemon(true)
                .unstarted(r));
        this.started = worker.submit(() -> start(classPath));
    }

    private List<String> start(String classPath) {
        shell = JShell.builder()
                .executionEngine(LocalExecution.provider(execution), java.util.Map.of())
                .compilerOptions("-Xlint:none")
                .build();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        List<String> imported = new ArrayList<>();
        for (String imp : DEFAULT_IMPORTS) {
            List<SnippetEvent> events = shell.eval("import " + imp + ";");
            if (events.stream().allMatch(e -> e.status() == Snippet.Status.VALID)) {
                imported.add(imp);
            } else {
                events.forEach(e -> shell.drop(e.snippet()));
            }
        }
        // Last: creating the analysis starts JShell's background index of the class path (for completion), which
        // would otherwise take CPU from javac's first compilations and the imports, and run twice (once more
        // after addToClasspath).
        analysis = shell.sourceCodeAnalysis();
        return List.copyOf(imported);
    }

    /** The default imports that took (packages present on the class path); waits for the session to start. */
    List<String> imports() {
        return onWorker(started::get);
    }

    /** Runs {@code task} on the worker thread and waits for it; its exceptions come through unwrapped. */
    <T> T onWorker(Callable<T> task) {
        Future<T> f = worker.submit(() -> {
            try {
                started.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the JShell session failed to start: " + e.getCause(), e.getCause());
            }
            return task.call();
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cell thread", e);
        }
    }

    /**
     * Evaluates Java source (one or more snippets) on the calling thread, which must be the worker.
     *
     * @param cellLabel how tracebacks name this cell, e.g. {@code "cell [3]"}
     * @param firstLine the cell line the source starts on (1-based), for error positions
     * @return the value of the last snippet if it is an expression, else {@link #NO_VALUE}
     * @throws CellException for a compile error, an exception thrown by the code, or an interrupt
     */
    Object evaluate(String source, String cellLabel, int firstLine) throws CellException {
        Object last = NO_VALUE;
        String rest = source;
        int offset = 0;
        try {
            while (!rest.isBlank()) {
                checkStop();
                // Snippets start at code, not at the blank lines before it: JShell numbers their lines so.
                int blank = 0;
                while (Character.isWhitespace(rest.charAt(blank))) {
                    blank++;
                }
                offset += blank;
                rest = rest.substring(blank);
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                Completeness c = info.completeness();
                if (c == Completeness.EMPTY) {
                    break;
                }
                if (!c.isComplete()) {
                    throw CellException.compile("the code ends before its statement or declaration does (a missing "
                            + "';', ')' or '}'?)", List.of(Tracebacks.excerpt(source, offset, source.length(),
                            firstLine)));
                }
                String consumed = rest.substring(0, rest.length() - info.remaining().length());
                String snippetSource = info.source();
                int line = snippetLine(source, offset, consumed, snippetSource, firstLine);
                last = evalSnippet(snippetSource, cellLabel, line);
                offset += consumed.length();
                rest = info.remaining();
            }
            checkStop();
            return last;
        } finally {
            execution.forgetResults();
        }
    }

    private Object evalSnippet(String snippetSource, String cellLabel, int line) throws CellException {
        List<SnippetEvent> events = shell.eval(snippetSource);
        Object value = NO_VALUE;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;   // updates of dependent snippets
            }
            Snippet s = e.snippet();
            lines.record(s.id(), cellLabel, line);
            if (e.status() == Snippet.Status.REJECTED) {
                List<Diag> diags = shell.diagnostics(s).toList();
                throw CellException.compile(diags.isEmpty() ? "the snippet was rejected" : Tracebacks.message(
                        diags.getFirst()), Tracebacks.diagnostics(s.source(), diags, cellLabel, line));
            }
            JShellException thrown = e.exception();
            if (thrown != null) {
                checkStop();
                throw runtimeError(thrown);
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                List<String> missing = s instanceof DeclarationSnippet d ? shell.unresolvedDependencies(d).toList()
                        : List.of();
                if (missing.isEmpty()) {
                    throw unrecoverable(s, cellLabel, line);
                }
                System.err.println("note: " + describe(s) + " cannot be used until " + String.join(", ", missing)
                        + " is defined");
            }
            if (s instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                    && e.status() == Snippet.Status.VALID) {
                keepRecent(v);
            }
            if (showsValue(s) && execution.holds(e.value())) {
                value = execution.take(e.value());
                if (value instanceof java.io.PrintStream) {
                    value = NO_VALUE;   // System.out.printf(...) returns the stream: nothing to show
                }
            }
        }
        return value;
    }

    /** The name ({@code $n}) of the newest expression variable kept; call on the worker thread. */
    String newestValueName() {
        return recentValues.isEmpty() ? null : recentValues.getLast().name();
    }

    /** Remembers the expression variable {@code v}; drops and releases the oldest past {@link #RECENT_VALUES}. */
    private void keepRecent(VarSnippet v) {
        recentValues.addLast(v);
        while (recentValues.size() > RECENT_VALUES) {
            VarSnippet old = recentValues.removeFirst();
            if (shell.status(old).isActive()) {
                execution.release(old.name());
                shell.drop(old);
            }
        }
    }

    /**
     * A snippet JShell calls "recoverable" although nothing is missing: javac failed while writing its class (a
     * string constant over 65535 bytes, a method over 64 KiB of bytecode). JShell would keep it, and its compiler
     * keeps the failed constant pool for the next compilation (JDK bug: the pool is reset only after a class is
     * written), which breaks every later cell. So the snippet is dropped, the compiler renewed, and the error shown.
     */
    private CellException unrecoverable(Snippet s, String cellLabel, int line) {
        List<Diag> errors = shell.diagnostics(s).filter(Diag::isError).toList();
        shell.drop(s);
        if (errors.stream().anyMatch(d -> d.getCode().startsWith("compiler.err.limit"))) {
            renewCompiler();
        }
        if (errors.isEmpty()) {
            String message = describe(s) + " could not be compiled into a class (no diagnostic given)";
            return CellException.compile(message, List.of(Tracebacks.RED + "error" + Tracebacks.RESET + " in "
                    + cellLabel + ", line " + line + ": " + message));
        }
        List<String> trace = new ArrayList<>(Tracebacks.diagnostics(s.source(), errors, cellLabel, line));
        String code = errors.getFirst().getCode();
        if (code.startsWith("compiler.err.limit.string")) {
            trace.add("hint: a class file holds a string constant of at most 65,535 bytes (UTF-8); read long text "
                    + "from a file (Files.readString)");
        } else if (code.startsWith("compiler.err.limit.code")) {
            trace.add("hint: one method (a cell's code) compiles to at most 64 KiB of bytecode; read long data from "
                    + "a file (Files.readAllLines, an Arrow file) instead of writing it as literals");
        }
        return CellException.compile(Tracebacks.message(errors.getFirst()), trace);
    }

    /**
     * Gives JShell fresh javac contexts: {@code addToClasspath} is the one public call that renews its pool of
     * compiler contexts. An empty folder of our own is added, so nothing becomes visible to cells.
     */
    private void renewCompiler() {
        try {
            if (emptyFolder == null) {
                emptyFolder = Files.createTempDirectory("backprop4j-kernel-");
                emptyFolder.toFile().deleteOnExit();
            }
            shell.addToClasspath(emptyFolder.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot renew the cell compiler: no temporary folder (" + e.getMessage()
                    + "); restart the kernel if later cells fail to compile", e);
        }
    }

    /** Cell values are shown for expressions (not assignments), as Python notebooks do. */
    private static boolean showsValue(Snippet s) {
        return switch (s.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
            default -> false;
        };
    }

    private CellException runtimeError(JShellException thrown) {
        if (thrown instanceof UnresolvedReferenceException u) {
            String missing = String.join(", ", shell.unresolvedDependencies(u.getSnippet()).toList());
            String message = describe(u.getSnippet()) + " cannot be invoked until " + missing + " is declared";
            List<String> trace = new ArrayList<>();
            trace.add(Tracebacks.RED + Tracebacks.BOLD + "UnresolvedReference" + Tracebacks.RESET + ": " + message);
            trace.addAll(Tracebacks.frames(u.getStackTrace(), lines));
            return CellException.runtime("UnresolvedReference", message, trace);
        }
        EvalException ee = (EvalException) thrown;
        Throwable original = execution.lastThrown();
        if (original instanceof StopCheck.CellExitError exit) {
            List<String> trace = new ArrayList<>();
            trace.add(Tracebacks.RED + Tracebacks.BOLD + "SystemExit" + Tracebacks.RESET + ": " + exit.getMessage());
            trace.addAll(Tracebacks.frames(java.util.Arrays.stream(ee.getStackTrace())
                    .filter(f -> !f.getClassName().startsWith(StopCheck.class.getName()))
                    .toArray(StackTraceElement[]::new), lines));
            return CellException.runtime("SystemExit", exit.getMessage(), trace);
        }
        String name = ee.getExceptionClassName();
        String message = original != null ? original.getMessage() : ee.getMessage();
        return CellException.runtime(simpleName(name), message == null ? "" : message,
                Tracebacks.exception(ee, lines));
    }

    private static String describe(Snippet s) {
        return s instanceof DeclarationSnippet d ? s.kind().name().toLowerCase(Locale.ROOT) + " "
                + d.name() : "snippet";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static void checkStop() throws CellException {
        if (StopCheck.requested()) {
            throw CellException.interrupted();
        }
    }

    /**
     * The cell line of {@code snippet}'s line 1 (JShell numbers diagnostics and stack frames from the snippet's
     * start); {@code snippet} may end in a ';' JShell added and may be trimmed of the text around it.
     */
    private static int snippetLine(String source, int offset, String consumed, String snippet, int firstLine) {
        String core = snippet.endsWith(";") && !consumed.stripTrailing().endsWith(";")
                ? snippet.substring(0, snippet.length() - 1) : snippet;
        int at = consumed.indexOf(core);
        if (at >= 0) {
            return firstLine + countLines(source, offset + at);
        }
        String stripped = core.strip();
        at = Math.max(0, consumed.indexOf(stripped));
        return firstLine + countLines(source, offset + at) - countLines(core, core.indexOf(stripped));
    }

    static int countLines(String s, int end) {
        int n = 0;
        for (int i = 0; i < end && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Adds a class path entry (a jar or a folder) to compilation and loading; call on the worker thread. */
    void addToClasspathHere(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Whether {@code code} is a whole set of snippets: "complete", "incomplete" (more lines to come) or
     * "invalid".
     */
    String isComplete(String code) {
        return onWorker(() -> {
            String rest = code;
            while (true) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                switch (info.completeness()) {
                    case EMPTY:
                        return "complete";
                    case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
                        return "incomplete";
                    case UNKNOWN:
                        return "invalid";
                    default:
                        rest = info.remaining();
                        if (rest.isBlank()) {
                            return "complete";
                        }
                }
            }
        });
    }

    /** Completions at {@code cursor}: the replacement texts and the range they replace. */
    Completions complete(String code, int cursor) {
        return onWorker(() -> {
            int[] bounds = snippetAround(code, cursor);
            String snippet = code.substring(bounds[0], bounds[1]);
            int[] anchor = new int[1];
            Set<String> matches = new LinkedHashSet<>();
            List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(snippet,
                    cursor - bounds[0], anchor);
            suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                    .forEach(s -> matches.add(s.continuation()));
            suggestions.forEach(s -> matches.add(s.continuation()));
            return new Completions(List.copyOf(matches), bounds[0] + anchor[0], cursor);
        });
    }

    /** Signatures (and Javadoc where the JDK's sources have it) of what the cursor is on. */
    List<SourceCodeAnalysis.Documentation> documentation(String code, int cursor, boolean javadoc) {
        return onWorker(() -> {
            int[] bounds = snippetAround(code, cursor);
            return analysis.documentation(code.substring(bounds[0], bounds[1]), cursor - bounds[0], javadoc);
        });
    }

    /** The [start, end) of the snippet that holds {@code cursor} (cells may hold several). */
    private int[] snippetAround(String code, int cursor) {
        int start = 0;
        String rest = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.completeness() == Completeness.EMPTY) {
                return new int[] {start, code.length()};
            }
            int end = code.length() - info.remaining().length();
            if (cursor <= end || info.remaining().isBlank()) {
                return new int[] {start, Math.max(end, cursor)};
            }
            start = end;
            rest = info.remaining();
        }
    }

    /** Replacement texts for the code between {@code start} and {@code end}. */
    record Completions(List<String> matches, int start, int end) {
    }

    /** Stops the running cell: its loops at their next iteration, blocking calls and toolkit loops by interrupt. */
    void interrupt() {
        execution.stop();
    }

    /** Clears a stop request before a new cell. */
    void resetStop() {
        StopCheck.reset();
    }

    /** Ends the session; a cell still running (one that ignored an interrupt) is given two seconds, then left. */
    @Override
    public void close() {
        Future<?> closing = worker.submit(() -> {
            if (shell != null) {
                shell.close();
            }
        });
        try {
            closing.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Shutting down anyway: the process exits next.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
    }
}
