package org.backprop4j.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where each JShell snippet came from (which cell, which line), so stack traces can point at cells. */
final class SnippetLines {
    private record Origin(String cell, int line) {
    }

    private final Map<String, Origin> origins = new ConcurrentHashMap<>();

    void record(String snippetId, String cell, int line) {
        origins.put(snippetId, new Origin(cell, line));
    }

    /** For example {@code "cell [3], line 4"} for line 2 of a snippet that starts on the cell's line 3. */
    String describe(String snippetId, int lineInSnippet) {
        Origin o = origins.get(snippetId);
        if (o == null) {
            return "snippet " + snippetId + ", line " + lineInSnippet;
        }
        return o.cell + ", line " + (o.line + Math.max(lineInSnippet, 1) - 1);
    }
}
