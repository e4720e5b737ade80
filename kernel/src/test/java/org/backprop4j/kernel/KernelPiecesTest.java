package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History, the kernel spec installer, Javadoc lookup, traceback frames and the connection file checks. */
class KernelPiecesTest {
    @TempDir
    Path dir;

    @Test
    void historyAnswersTailRangeAndGlobSearch() {
        History h = new History();
        h.add(1, "int a = 1;", null);
        h.add(2, "a + 1", "2");
        h.add(3, "int a = 1;", null);
        assertThat(h.lookupTail(2, EnumSet.noneOf(ResultFlag.class))).extracting(HistoryEntry::getCellNumber)
                .containsExactly(2, 3);
        assertThat(h.lookupRange(0, 2, 3, EnumSet.of(ResultFlag.INCLUDE_OUTPUT))).singleElement()
                .satisfies(e -> assertThat(e.getOutput()).isEqualTo("2"));
        assertThat(h.lookupRange(7, 1, 3, EnumSet.noneOf(ResultFlag.class))).isEmpty();
        assertThat(h.search("int *", 10, EnumSet.noneOf(ResultFlag.class))).hasSize(2);
        assertThat(h.search("int *", 10, EnumSet.of(ResultFlag.UNIQUE))).extracting(HistoryEntry::getCellNumber)
                .containsExactly(3);
        assertThat(h.search("a ? 1", 10, EnumSet.noneOf(ResultFlag.class))).extracting(HistoryEntry::getInput)
                .containsExactly("a + 1");
    }

    /** The flags the parent POM gives every toolkit JVM, read from the POM itself. */
    private static List<String> toolkitFlagsFromParentPom() throws IOException {
        Path pom = Path.of(System.getProperty("basedir", "."), "..", "pom.xml");
        Matcher m = Pattern.compile("<toolkit.jvm.flags>(.*?)</toolkit.jvm.flags>").matcher(Files.readString(pom));
        assertThat(m.find()).as("toolkit.jvm.flags in " + pom).isTrue();
        return List.of(m.group(1).strip().split("\\s+"));
    }

    @Test
    void kernelJsonRunsThisJavaWithTheToolkitFlagsOnTheCopiedJar() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        JsonObject spec = JsonParser.parseString(KernelSpecInstaller.kernelJson(java)).getAsJsonObject();
        assertThat(spec.get("display_name").getAsString()).isEqualTo("Java (backprop4j)");
        assertThat(spec.get("language").getAsString()).isEqualTo("java");
        assertThat(spec.get("interrupt_mode").getAsString()).isEqualTo("message");
        List<String> argv = spec.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        assertThat(argv.getFirst()).isEqualTo(java.toString());
        List<String> toolkitFlags = toolkitFlagsFromParentPom().stream()
                .filter(f -> !KernelSpecInstaller.isCollector(f)).toList();
        assertThat(argv.subList(1, 1 + toolkitFlags.size())).isEqualTo(toolkitFlags);
        assertThat(argv).contains("-Djava.awt.headless=true").doesNotContain("-XX:+UseParallelGC")
                .containsSubsequence(KernelSpecInstaller.MEMORY_FLAGS)
                .endsWith("-jar", "{resource_dir}/backprop4j-kernel.jar", "{connection_file}");
        assertThat(argv.stream().filter(KernelSpecInstaller::isCollector)).as("one collector: the kernel's own")
                .containsExactly("-XX:+UseG1GC");
        assertThat(spec.getAsJsonObject("env").keySet()).isEmpty();
    }

    @Test
    void memoryFlagsAndTheDatasetsFolderCanBeGivenAtInstall() throws IOException {
        KernelSpecInstaller.Options o = KernelSpecInstaller.Options.parse(new String[] {"install", "--memory-flags",
                " -XX:+UseZGC  -Xmx2g ", "--datasets", "/data/sets"});
        assertThat(o.memoryFlags()).containsExactly("-XX:+UseZGC", "-Xmx2g");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        JsonObject spec = JsonParser.parseString(KernelSpecInstaller.kernelJson(java, o.memoryFlags(), o.datasets()))
                .getAsJsonObject();
        List<String> argv = spec.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList();
        assertThat(argv).contains("-XX:+UseZGC", "-Xmx2g").doesNotContain("-XX:+UseG1GC", "-XX:+UseParallelGC");
        assertThat(spec.getAsJsonObject("env").get("BACKPROP4J_DATASETS").getAsString()).isEqualTo("/data/sets");
    }

    @Test
    void installWritesTheSpecFolderAndUninstallRemovesIt() throws IOException {
        Path jar = Files.writeString(dir.resolve("fake.jar"), "jar bytes");
        Path spec = dir.resolve("jupyter/kernels/backprop4j");
        KernelSpecInstaller.install(spec, Path.of(System.getProperty("java.home"), "bin", "java"), jar);
        assertThat(spec.resolve("kernel.json")).exists();
        assertThat(spec.resolve("logo-64x64.png")).exists();
        assertThat(spec.resolve("logo-svg.svg")).exists();
        assertThat(Files.readString(spec.resolve("backprop4j-kernel.jar"))).isEqualTo("jar bytes");
        try (var siblings = Files.list(spec.getParent())) {
            assertThat(siblings).containsExactly(spec);   // no staging folder left behind
        }
        KernelSpecInstaller.install(spec, Path.of(System.getProperty("java.home"), "bin", "java"), jar);   // again
        assertThat(KernelSpecInstaller.uninstall(spec)).isTrue();
        assertThat(spec).doesNotExist();
        assertThat(KernelSpecInstaller.uninstall(spec)).isFalse();
    }

    @Test
    void installerRefusesBadInput() throws IOException {
        Path notSpec = Files.createDirectories(dir.resolve("photos"));
        assertThatThrownBy(() -> KernelSpecInstaller.uninstall(notSpec)).hasMessage(
                notSpec + " has no kernel.json; not removing a folder that is not a kernel spec");
        assertThatThrownBy(() -> KernelSpecInstaller.install(dir.resolve("k"), dir.resolve("nojava"), notSpec))
                .hasMessage("--java " + dir.resolve("nojava") + " is not an executable file");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KernelSpecInstaller.run(new String[] {"install", "--prefx", "/x"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: unknown option '--prefx'; use --user, "
                + "--prefix DIR, --jupyter-path DIR, --name NAME, --java PATH, --memory-flags \"FLAGS\", --datasets "
                + "DIR, --no-aot-cache\n");
        assertThatThrownBy(() -> KernelSpecInstaller.Options.parse(new String[] {"install", "--name", "Bad Name"}))
                .hasMessageContaining("kernel name 'Bad Name' may hold only");
        assertThat(KernelSpecInstaller.Options.parse(new String[] {"install", "--prefix", "/opt/x"}).kernelsDir())
                .isEqualTo(Path.of("/opt/x/share/jupyter/kernels"));
        assertThat(KernelSpecInstaller.Options.parse(new String[] {"install", "--jupyter-path", "/j"}).kernelsDir())
                .isEqualTo(Path.of("/j/kernels"));
    }

    @Test
    void javadocOfMembersAndClassesFromSource() {
        Map<String, String> docs = ToolkitJavadoc.parseSource("Demo.java", """
                package demo;
                /** A demo class. It does little. */
                public final class Demo {
                    /** Makes one from {@code n}; see {@link Other#thing()}.
                     * <p>More.
                     * @throws IllegalArgumentException if n < 0 */
                    public static Demo of(int n) { return null; }
                    public static Demo of(int n, Map<String, Integer> m) { return null; }
                    /** The constructor. */
                    Demo() { }
                }
                """);
        assertThat(docs).containsKeys("Demo#", "Demo#of(n)", "Demo#Demo()").doesNotContainKey("Demo#of(n,m)");
        String clean = ToolkitJavadoc.clean(docs.get("Demo#of(n)"));
        assertThat(clean).startsWith("Makes one from n; see Other#thing().").contains("@throws IllegalArgumentException");
        assertThat(ToolkitJavadoc.summary(clean)).isEqualTo("Makes one from n; see Other#thing().");
        assertThat(ToolkitJavadoc.parameterNames("int n, Map<String, Integer> m, double... xs"))
                .containsExactly("n", "m", "xs");
    }

    @Test
    void cellFramesNameTheirCellAndLine() {
        SnippetLines lines = new SnippetLines();
        lines.record("12", "cell [4]", 3);
        String frame = Tracebacks.frame(new StackTraceElement("", "boom", "#12", 2), lines)
                .replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(frame).isEqualTo("boom (cell [4], line 4)");
        assertThat(Tracebacks.frame(new StackTraceElement("a.B", "c", "B.java", 9), lines)).isEqualTo("a.B.c(B.java:9)");
        assertThat(lines.describe("99", 1)).isEqualTo("snippet 99, line 1");
    }

    @Test
    void connectionFilesAreChecked() throws IOException {
        Path file = dir.resolve("conn.json");
        assertThatThrownBy(() -> Main.readConnectionFile(file)).hasMessage("connection file " + file + " does not exist");
        Files.writeString(file, "{\"ip\": \"127.0.0.1\", \"transport\": \"udp\"}");
        assertThatThrownBy(() -> Main.readConnectionFile(file)).hasMessage("connection file " + file
                + ": \"transport\" must be tcp or ipc, got udp");
        Files.writeString(file, "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\", \"shell_port\": 0}");
        assertThatThrownBy(() -> Main.readConnectionFile(file)).hasMessageContaining("every *_port must be in 1..65535");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> Main.readConnectionFile(file)).hasMessageStartingWith("connection file " + file
                + " is not valid JSON");
    }

    @Test
    void bundlesBecomeJupyterDisplayData() {
        var bundle = org.backprop4j.display.MimeBundle.ofText("t").withPng(new byte[] {1, 2}, 3, 4);
        var data = JavaKernel.toDisplayData(bundle);
        assertThat(data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse("image/png")))
                .isEqualTo("AQI=");
    }
}
