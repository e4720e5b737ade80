package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TracebacksTest {
    private static StackTraceElement at(String method, int line) {
        return new StackTraceElement("lib.Deep", method, "Deep.java", line);
    }

    @Test
    void repeatedFramesCollapseToOneBlockAndACount() {
        List<StackTraceElement> trace = new ArrayList<>();
        trace.add(at("top", 1));
        for (int i = 0; i < 500; i++) {   // mutual recursion: a block of two frames
            trace.add(at("even", 10));
            trace.add(at("odd", 20));
        }
        trace.add(at("main", 30));
        List<String> lines = Tracebacks.frames(trace.toArray(StackTraceElement[]::new), new SnippetLines());
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).contains("lib.Deep.even(Deep.java:10)");
        assertThat(lines.get(2)).contains("lib.Deep.odd(Deep.java:20)");
        assertThat(lines.get(3)).contains("the 2 frames above repeated 499 more times");
        assertThat(lines.get(4)).contains("lib.Deep.main(Deep.java:30)");
    }

    @Test
    void framesRepeatedTwiceOnlyStayAsTheyAre() {
        StackTraceElement[] trace = {at("a", 1), at("a", 1), at("b", 2)};
        assertThat(Tracebacks.frames(trace, new SnippetLines())).hasSize(3);
    }

    @Test
    void longSourceLinesAreCutInExcerpts() {
        String line = "x".repeat(10_000);
        String excerpt = Tracebacks.excerpt(line + "\n" + "y\n".repeat(40), 0, 10_000 + 80, 1);
        assertThat(excerpt.length()).isLessThan(2_000);
        assertThat(excerpt).contains("(10000 characters)").contains("more lines");
    }
}
