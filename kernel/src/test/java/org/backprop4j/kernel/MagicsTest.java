package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicsTest {
    @TempDir
    static Path dir;
    static Magics magics;

    @BeforeAll
    static void start() {
        if (CellEvaluatorTest.evaluator == null) {
            CellEvaluatorTest.start();
        }
        magics = new Magics(CellEvaluatorTest.evaluator, dir, Map.of("HOME", "/home/me", "LANG", "C"));
    }

    /** Runs a cell with magics; returns what it printed and its value (or the failure). */
    static Object[] run(String cell) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Object[] out = new Object[3];
        CellEvaluatorTest.evaluator.onWorker(() -> {
            PrintStream old = System.out;
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                out[1] = magics.run(cell, "cell [2]");
            } catch (CellException e) {
                out[2] = e;
            } finally {
                System.setOut(old);
            }
            return null;
        });
        out[0] = printed.toString(StandardCharsets.UTF_8);
        return out;
    }

    static CellException error(String cell) {
        Object[] out = run(cell);
        assertThat(out[2]).as("a failure of %s", cell).isInstanceOf(CellException.class);
        return (CellException) out[2];
    }

    @Test
    void timeReportsCpuAndWallTimeAndKeepsTheValue() {
        Object[] out = run("%time 6 * 7");
        assertThat((String) out[0]).matches("CPU time \\(cell thread\\): [\\d.]+ (µs|ms|s), wall time: [\\d.]+ (µs|ms|s)\n");
        assertThat(out[1]).isEqualTo(42);
        Object[] cell = run("\n%%time\nint m = 6;\nm * 7");
        assertThat(cell[1]).isEqualTo(42);
        assertThat((String) cell[0]).contains("wall time");
    }

    @Test
    void magicsAndJavaRunInOrder() {
        Object[] out = run("int before = 1;\n%env HOME\nbefore + 1");
        assertThat(out[0]).isEqualTo("/home/me\n");
        assertThat(out[1]).isEqualTo(2);
    }

    @Test
    void envListsAndShowsButCannotSet() {
        assertThat(run("%env")[0]).isEqualTo("HOME=/home/me\nLANG=C\n");
        assertThat(error("%env PATH_NOT_SET").getMessage()).isEqualTo("%env: PATH_NOT_SET is not set");
        assertThat(error("%env A=1").getMessage()).startsWith("%env cannot set variables");
    }

    @Test
    void loadRunsAFileRelativeToTheWorkingDirectory() throws IOException {
        Files.writeString(dir.resolve("setup.jsh"), "int square(int n) { return n * n; }\n");
        run("%load setup.jsh");
        assertThat(run("square(9)")[1]).isEqualTo(81);
        assertThat(error("%load missing.jsh").getMessage()).isEqualTo("%load: " + dir.resolve("missing.jsh")
                + " does not exist");
        assertThat(error("%load").getMessage()).isEqualTo("%load needs a file, e.g. %load setup.jsh");
    }

    @Test
    void classpathAndJarsCheckWhatTheyAreGiven() {
        assertThat(error("%classpath nowhere.jar").getMessage()).isEqualTo("%classpath: " + dir.resolve("nowhere.jar")
                + " does not exist");
        assertThat(error("%jars lib/*.jar").getMessage()).isEqualTo("%jars: no file matches " + dir.resolve("lib/*.jar"));
        assertThat(error("%jars").getMessage()).startsWith("%jars needs jar files or a glob");
    }

    @Test
    void unknownMagicsListTheKnownOnes() {
        CellException e = error("%matplotlib inline");
        assertThat(e.name()).isEqualTo("UsageError");
        assertThat(e.getMessage()).isEqualTo("unknown magic %matplotlib; line magics: %classpath, %env, %jars, %load, "
                + "%lsmagic, %time; cell magics: %%time");
        assertThat(error("%%capture\n1").getMessage()).startsWith("unknown magic %%capture;");
        assertThat(error("int z = 1;\n%%time\nz").getMessage()).isEqualTo(
                "%%time is a cell magic: it must be the first line of the cell");
        assertThat(run("%lsmagic")[0]).isEqualTo("Line magics: %classpath %env %jars %load %lsmagic %time\n"
                + "Cell magics: %%time\n");
    }
}
