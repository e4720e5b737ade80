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
            String[] message = message(d).split("\n");
            out.add(RED + (d.isError() ? "error" : "warning") + RESET + " in " + cell + ", line " + line + ": "
                    + BOLD + message[0] + RESET);
            for (int i = 1; i < message.length; i++) {
                out.add("  " + message[i]);
            }
            long from = d.getStartPosition() < lineStart ? pos : d.getStartPosition();   // spans from an earlier line
            int start = (int) Math.max(lineStart, Math.min(from, lineEnd));
            int end = (int) Math.max(start + 1, Math.min(d.getEndPosition() < 0 ? pos + 1 : d.getEndPosition(),
                    lineEnd));
            // A long line (generated data, a pasted file) shows as a window around the caret, not whole.
            int shownFrom = Math.max(lineStart, Math.min(start - WINDOW / 2, lineEnd - WINDOW));
            int shownTo = Math.min(lineEnd, shownFrom + WINDOW);
            String before = shownFrom > lineStart ? "\u2026" : "";
            String after = shownTo < lineEnd ? "\u2026" : "";
            out.add(GREEN + String.format(Locale.ROOT, "%4d", line) + " | " + RESET + before
                    + source.substring(shownFrom, shownTo) + after);
            int caretEnd = Math.min(end, shownTo);
            out.add("     | " + " ".repeat(before.length() + start - shownFrom) + RED + "^"
                    + "~".repeat(Math.max(0, caretEnd - start - 1)) + RESET);
        }
        return out;
    }

    /**
     * A diagnostic's message without javac's "location: class" line, which names JShell's wrapper class: blank or
     * a generated name that means nothing to the user.
     */
    static String message(Diag d) {
        return String.join("\n", d.getMessage(Locale.ROOT).lines()
                .filter(l -> !l.strip().startsWith("location: class")).toList());
    }

    /** Characters of one source line shown in an error: enough for any line a person writes. */
    static final int WINDOW = 160;
    /** Source lines shown in an excerpt before the rest is counted, not shown. */
    static final int EXCERPT_LINES = 12;

    /**
     * The lines of {@code source} from {@code from} to {@code to}, numbered from {@code firstLine}: the first
     * {@value #EXCERPT_LINES}, each cut to {@value #WINDOW} characters, then how many more there are.
     */
    static String excerpt(String source, int from, int to, int firstLine) {
        StringBuilder sb = new StringBuilder();
        int line = firstLine + CellEvaluator.countLines(source, from);
        String[] all = source.substring(from, to).strip().split("\n");
        for (int i = 0; i < Math.min(all.length, EXCERPT_LINES); i++) {
            String l = all[i].length() > WINDOW ? all[i].substring(0, WINDOW) + "\u2026 (" + all[i].length()
                    + " characters)" : all[i];
            sb.append(sb.isEmpty() ? "" : "\n").append(String.format(Locale.ROOT, "%4d | ", line++)).append(l);
        }
        if (all.length > EXCERPT_LINES) {
            sb.append("\n     | \u2026 ").append(all.length - EXCERPT_LINES).append(" more lines");
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
            out.addAll(frames(t.getStackTrace(), lines));
            t = t.getCause();
            prefix = "Caused by: ";
        }
        return out;
    }

    /** A block of frames repeated at least this often is shown once, with the count of the repeats. */
    static final int MIN_REPEATS = 3;
    /** The longest block of frames looked for repeats (mutual recursion through this many methods). */
    static final int MAX_PERIOD = 16;

    /**
     * Stack frames as "at ..." lines; runs of a repeated block (deep recursion: a StackOverflowError's thousand
     * identical frames) collapse to the block and one line that counts the repeats.
     */
    static List<String> frames(StackTraceElement[] trace, SnippetLines lines) {
        List<String> text = new ArrayList<>(trace.length);
        for (StackTraceElement f : trace) {
            text.add("    at " + frame(f, lines));
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.size()) {
            int bestPeriod = 0;
            int bestRepeats = 1;
            for (int period = 1; period <= MAX_PERIOD && i + 2 * period <= text.size(); period++) {
                int repeats = 1;
                while (i + (repeats + 1) * period <= text.size()
                        && text.subList(i, i + period).equals(text.subList(i + repeats * period,
                                i + (repeats + 1) * period))) {
                    repeats++;
                }
                if (repeats >= MIN_REPEATS && repeats * period > bestRepeats * Math.max(bestPeriod, 1)) {
                    bestPeriod = period;
                    bestRepeats = repeats;
                }
            }
            if (bestPeriod == 0) {
                out.add(text.get(i++));
                continue;
            }
            out.addAll(text.subList(i, i + bestPeriod));
            out.add("    " + RED + "... the " + (bestPeriod == 1 ? "frame" : bestPeriod + " frames")
                    + " above repeated " + (bestRepeats - 1) + " more times" + RESET);
            i += bestRepeats * bestPeriod;
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
