package org.backprop4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;

/**
 * The lines Jupyter shows for a failed cell (ANSI-coloured, as IPython's are): compile diagnostics with the
 * offending code and a caret, and exception stack traces in which cell frames name their cell and line and the
 * kernel's own frames are gone.
 */
final class Tracebacks {
    static final String RED = "\u001b[0;31m";
    static final String BOLD = "\u001b[1m";
    static final String GREEN = "\u001b[0;32m";
    static final String RESET = "\u001b[0m";

    private Tracebacks() {
    }

    /** One block per diagnostic: message, the snippet line it points at, and a caret under the span. */
    static List<String> diagnostics(String source, List<Diag> diags, String cell, int firstLine) {
        List<String> out = new ArrayList<>();
        for (Diag d : diags) {
            int pos = (int) Math.max(0, Math.min(d.getPosition() < 0 ? d.getStartPosition() : d.getPosition(),
                    source.length()));
            int lineStart = source.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
            if (pos == 0) {
                lineStart = 0;
            }
            int lineEnd = source.indexOf('\n', pos);
            lineEnd = lineEnd < 0 ? source.length() : lineEnd;
            int line = firstLine + CellEvaluator.countLines(source, lineStart);
            String[] message = d.getMessage(Locale.ROOT).split("\n");
            out.add(RED + (d.isError() ? "error" : "warning") + RESET + " in " + cell + ", line " + line + ": "
                    + BOLD + message[0] + RESET);
            for (int i = 1; i < message.length; i++) {
                out.add("  " + message[i]);
            }
            String text = source.substring(lineStart, lineEnd);
            out.add(GREEN + String.format(Locale.ROOT, "%4d", line) + " | " + RESET + text);
            long from = d.getStartPosition() < lineStart ? pos : d.getStartPosition();   // spans from an earlier line
            int start = (int) Math.max(lineStart, Math.min(from, lineEnd));
            int end = (int) Math.max(start + 1, Math.min(d.getEndPosition() < 0 ? pos + 1 : d.getEndPosition(),
                    lineEnd));
            out.add("     | " + " ".repeat(start - lineStart) + RED + "^" + "~".repeat(Math.max(0, end - start - 1))
                    + RESET);
        }
        return out;
    }

    /** The lines of {@code source} from {@code from} to {@code to}, numbered from {@code firstLine}. */
    static String excerpt(String source, int from, int to, int firstLine) {
        StringBuilder sb = new StringBuilder();
        int line = firstLine + CellEvaluator.countLines(source, from);
        for (String l : source.substring(from, to).strip().split("\n")) {
            sb.append(sb.isEmpty() ? "" : "\n").append(String.format(Locale.ROOT, "%4d | ", line++)).append(l);
        }
        return sb.toString();
    }

    /**
     * An exception and its causes as a Java stack trace. JShell has already cut the frames below the cell's own
     * (reflection, JShell, this kernel) and named cell frames by snippet; those become "cell [n], line k".
     */
    static List<String> exception(EvalException e, SnippetLines lines) {
        List<String> out = new ArrayList<>();
        Throwable t = e;
        String prefix = "";
        int depth = 0;
        while (t != null && depth++ < 20) {
            String name = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
            String message = t.getMessage();
            out.add(prefix + RED + BOLD + name + RESET + (message == null ? "" : ": " + message));
            for (StackTraceElement f : t.getStackTrace()) {
                out.add("    at " + frame(f, lines));
            }
            t = t.getCause();
            prefix = "Caused by: ";
        }
        return out;
    }

    static String frame(StackTraceElement f, SnippetLines lines) {
        String file = f.getFileName();
        if (file != null && file.startsWith("#")) {
            String where = lines.describe(file.substring(1), f.getLineNumber());
            String method = f.getMethodName();
            String cls = f.getClassName();
            String what = (cls == null || cls.isEmpty() ? "" : cls + ".") + (method.isEmpty() ? "" : method);
            return (what.isEmpty() ? "" : what + " ") + GREEN + "(" + where + ")" + RESET;
        }
        return f.toString();
    }
}
