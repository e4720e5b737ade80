package org.backprop4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Library discovery and backend selection: a missing library falls back to Java with a log line that says why,
 * an explicit bad path is an error naming it, the bundled library is found (extracted once, verified) when the
 * system one is hidden, and {@code -Dbackprop4j.backend} forces either backend.
 */
class BackendSelectionTest {
    private static final OpenBlasLibrary.Search HIDDEN = OpenBlasLibrary.Search.fromEnvironment()
            .withSystemNames(List.of("libopenblas-hidden-by-test.so.0"));

    private static Backend failing(String message) {
        throw new BackendException(message);
    }

    @Test
    void theSuiteRunsOnTheBackendItsExecutionAsksFor() {
        // Surefire sets -Dbackprop4j.backend per execution; run alone (from an IDE) the choice is automatic.
        String asked = System.getProperty(Backends.PROPERTY);
        assertThat(Backend.current().name()).isIn("java", "openblas");
        if (asked != null) {
            assertThat(Backend.current().name()).isEqualTo(asked);
        }
        assertThat(Backend.current().info().threads()).isPositive();
    }

    @Test
    void aMissingLibraryFallsBackToJavaAndSaysWhy() {
        BackendException missing = org.junit.jupiter.api.Assertions.assertThrows(BackendException.class,
                () -> OpenBlasLibrary.load(HIDDEN.withBundledDir("no/such/folder/")));
        assertThat(missing).hasMessageStartingWith("OpenBLAS: no library found; looked for system "
                + "libopenblas-hidden-by-test.so.0 (not found by the dynamic linker), bundled "
                + "no/such/folder/libopenblas.so.0 (not on the class path;")
                .hasMessageContaining("apt-get install libopenblas0-pthread");
        Backends.Choice choice = Backends.choose(null, false, () -> failing(missing.getMessage()),
                () -> new JavaBackend(JavaBackend.Kernels.SCALAR, 1));
        assertThat(choice.backend()).isInstanceOf(JavaBackend.class);
        assertThat(choice.message()).startsWith("backprop4j backend: java, because OpenBLAS: no library found; "
                + "looked for system libopenblas-hidden-by-test.so.0").contains("java [scalar 4x4 float kernel");
        assertThat(Backends.choose("auto", false, () -> failing("x"), JavaBackend::new).backend().name())
                .isEqualTo("java");
    }

    @Test
    void anExplicitBadPathIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        OpenBlasLibrary.Search missing = new OpenBlasLibrary.Search(dir.resolve("nope/libopenblas.so").toString(),
                "-Dbackprop4j.openblas.path", List.of(), null, getClass().getClassLoader(), dir);
        assertThatThrownBy(() -> OpenBlasLibrary.load(missing)).isInstanceOf(BackendException.class)
                .hasMessage("OpenBLAS: -Dbackprop4j.openblas.path names " + dir.resolve("nope/libopenblas.so")
                        + ", which does not exist; point it at a libopenblas.so, or unset it to search the system "
                        + "and the bundled library");
        Path text = Files.writeString(dir.resolve("libopenblas.so"), "not a library");
        assertThatThrownBy(() -> OpenBlasLibrary.load(new OpenBlasLibrary.Search(text.toString(),
                "environment variable BACKPROP4J_OPENBLAS", List.of(), null, getClass().getClassLoader(), dir)))
                .isInstanceOf(BackendException.class)
                .hasMessageStartingWith("OpenBLAS: environment variable BACKPROP4J_OPENBLAS = " + text
                        + " is not a shared library (no ELF header)");
        Path libm = Path.of("/lib/x86_64-linux-gnu/libm.so.6");
        if (Files.exists(libm)) {
            assertThatThrownBy(() -> OpenBlasLibrary.load(new OpenBlasLibrary.Search(libm.toString(), "-Dx",
                    List.of(), null, getClass().getClassLoader(), dir)))
                    .hasMessage("OpenBLAS: -Dx = " + libm + " has no symbol cblas_sgemm; it is not an OpenBLAS "
                            + "library");
        }
        // In auto mode too: a named library that fails is not silently replaced by Java.
        assertThatThrownBy(() -> Backends.choose(null, true, () -> failing("OpenBLAS: -Dp names /x"),
                JavaBackend::new)).hasMessage("OpenBLAS: -Dp names /x");
    }

    @Test
    void forcingABackend() {
        Backend java = new JavaBackend(JavaBackend.Kernels.SCALAR, 1);
        Backends.Choice forcedJava = Backends.choose("java", false, () -> {
            throw new AssertionError("OpenBLAS must not be loaded when Java is forced");
        }, () -> java);
        assertThat(forcedJava.backend()).isSameAs(java);
        assertThat(forcedJava.message()).startsWith("backprop4j backend: java, as -Dbackprop4j.backend=java asks");
        assertThatThrownBy(() -> Backends.choose("openblas", false, () -> failing("OpenBLAS: no library found"),
                JavaBackend::new)).isInstanceOf(BackendException.class)
                .hasMessage("-Dbackprop4j.backend=openblas, but OpenBLAS: no library found");
        assertThatThrownBy(() -> Backends.choose("cuda", false, JavaBackend::new, JavaBackend::new))
                .hasMessage("-Dbackprop4j.backend=cuda is not a backend; use java, openblas or auto");
    }

    @Test
    void theBundledLibraryIsFoundWhenTheSystemOneIsHidden(@TempDir Path cache) {
        OpenBlasLibrary.Search search = new OpenBlasLibrary.Search(null, null, HIDDEN.systemNames(),
                OpenBlasLibrary.BUNDLED_DIR, getClass().getClassLoader(), cache);
        OpenBlasLibrary.Loaded loaded = OpenBlasLibrary.load(search);
        assertThat(loaded.source()).isEqualTo("bundled");
        assertThat(Path.of(loaded.path())).startsWith(cache.resolve("native")).hasFileName("libopenblas.so.0");
        OpenBlasBackend backend = new OpenBlasBackend(loaded, 0);
        assertThat(backend.info().config()).startsWith("OpenBLAS 0.3.31");
        assertThat(backend.info().source()).isEqualTo("bundled");
        int before = Threads.get();
        Threads.set(1);
        assertThat(backend.threads()).isEqualTo(1);
        Threads.set(before);
        double[] c = new double[4];
        backend.dgemm(false, false, 2, 2, 3, 1, new double[] {1, 2, 3, 4, 5, 6}, 0, 3,
                new double[] {1, 0, 0, 1, 1, 1}, 0, 2, 0, c, 0, 2);
        assertThat(c).containsExactly(4, 5, 10, 11);
    }

    @Test
    void theBundledLibraryIsExtractedOnceAndRepairedWhenCorrupt(@TempDir Path cache) throws IOException {
        OpenBlasLibrary.Search search = new OpenBlasLibrary.Search(null, null, List.of(), OpenBlasLibrary.BUNDLED_DIR,
                getClass().getClassLoader(), cache);
        Path dir = OpenBlasLibrary.extract(search);
        Path lib = dir.resolve("libopenblas.so.0");
        long size = Files.size(lib);
        assertThat(size).isGreaterThan(1_000_000);
        var modified = Files.getLastModifiedTime(lib);
        assertThat(OpenBlasLibrary.extract(search)).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(lib)).as("a verified copy is reused, not rewritten").isEqualTo(modified);
        byte[] bytes = Files.readAllBytes(lib);
        bytes[bytes.length / 2] ^= 1; // same size, one bit off: only the checksum can tell
        Files.write(lib, bytes);
        OpenBlasLibrary.extract(search);
        assertThat(Files.readAllBytes(lib)).isNotEqualTo(bytes).hasSize((int) size);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no partial files left")
                    .noneMatch(name -> name.endsWith(".part"));
        }
    }

    /** Runs {@link BackendProbe} in a child JVM with the given options; returns its exit code and output. */
    private static String[] probe(List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BackendProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(process.exitValue()), output};
    }

    @Test
    void aJvmWithABogusPathStopsWithTheError(@TempDir Path dir) throws Exception {
        String bogus = dir.resolve("missing/libopenblas.so.0").toString();
        String[] result = probe(List.of("-Dbackprop4j.openblas.path=" + bogus));
        assertThat(result[0]).isNotEqualTo("0");
        assertThat(result[1]).contains("BackendException: OpenBLAS: -Dbackprop4j.openblas.path names " + bogus
                + ", which does not exist");
    }

    @Test
    void aJvmLogsItsChoiceInOneLineAndWithoutTheVectorModuleRunsScalarKernels() throws Exception {
        String[] result = probe(List.of("-Dbackprop4j.backend=java"));
        assertThat(result[0]).as(result[1]).isEqualTo("0");
        assertThat(result[1]).contains("INFO: backprop4j backend: java, as -Dbackprop4j.backend=java asks: java "
                + "[scalar 4x4 float kernel, scalar 4x4 double kernel (add --add-modules jdk.incubator.vector for "
                + "vector kernels)").contains("probe: java [4.0, 5.0, 10.0, 11.0]");
        String[] auto = probe(List.of("--add-modules", "jdk.incubator.vector"));
        assertThat(auto[0]).as(auto[1]).isEqualTo("0");
        assertThat(auto[1]).containsPattern("INFO: backprop4j backend: openblas \\(found (system|bundled) library\\)")
                .contains("probe: openblas [4.0, 5.0, 10.0, 11.0]");
    }
}
