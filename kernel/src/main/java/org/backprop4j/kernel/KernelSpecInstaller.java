package org.backprop4j.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Installs the kernel spec (kernel.json, the logos and a copy of the kernel jar) where Jupyter finds it, and
 * removes it. kernel.json's argv runs this JVM's {@code java} (JDK 25 or newer) with the JVM flags from the build
 * (the parent POM's {@code toolkit.jvm.flags}, as the toolkit jar holds them, plus the kernel's own) on the copied
 * jar.
 *
 * <pre>
 * java -jar backprop4j-kernel.jar install [--user | --prefix DIR | --jupyter-path DIR] [--name NAME] [--java PATH]
 *     [--memory-flags "FLAGS"] [--datasets DIR] [--no-aot-cache]
 * java -jar backprop4j-kernel.jar uninstall [--user | --prefix DIR | --jupyter-path DIR] [--name NAME]
 * </pre>
 *
 * {@code --user} (the default) writes into the user's Jupyter data folder, {@code --prefix DIR} into
 * {@code DIR/share/jupyter/kernels}, {@code --jupyter-path DIR} into {@code DIR/kernels}, for a folder listed in
 * {@code JUPYTER_PATH}.
 */
final class KernelSpecInstaller {
    static final String JAR_NAME = "backprop4j-kernel.jar";
    /**
     * The kernel JVM's collector and heap, in place of the toolkit's collector flag: G1 with a periodic collection
     * every 15 s while idle, and a heap of at most a quarter of the memory. A user's {@code -Xmx} (in
     * {@code JDK_JAVA_OPTIONS}, or in kernel.json) wins over the percentage; {@code --memory-flags} replaces the whole
     * set at install.
     */
    static final List<String> MEMORY_FLAGS = List.of("-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=15000",
            "-XX:MaxRAMPercentage=25");
    private static final String SPEC = "org/backprop4j/kernel/spec/";
    private static final List<String> LOGOS = List.of("logo-32x32.png", "logo-64x64.png", "logo-svg.svg");

    private KernelSpecInstaller() {
    }

    /** Runs the command line; returns the exit status (0 done, 2 bad usage or failure) after printing why. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse(args);
            Path dir = o.kernelsDir().resolve(o.name);
            if (o.install) {
                install(dir, o.java, currentJar(), o.memoryFlags, o.datasets);
                out.println("Installed the Java (backprop4j) kernel spec '" + o.name + "' in " + dir);
                if (o.aotCache) {
                    out.println(makeAotCache(dir, o.java) ? "Made its AOT cache (faster kernel start-up)"
                            : "No AOT cache (the training run failed; the kernel starts without one)");
                }
            } else {
                out.println(uninstall(dir) ? "Removed the kernel spec in " + dir : "No kernel spec in " + dir);
            }
            return 0;
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** The parsed command line. */
    record Options(boolean install, Path prefix, Path jupyterPath, String name, Path java, boolean aotCache,
            List<String> memoryFlags, Path datasets) {
        static Options parse(String[] args) {
            boolean install = args[0].equals("install");
            boolean aotCache = true;
            List<String> memoryFlags = MEMORY_FLAGS;
            Path datasets = null;
            Path prefix = null;
            Path jupyterPath = null;
            String name = JavaKernel.NAME;
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--user" -> { }
                    case "--prefix" -> prefix = Path.of(value(args, ++i, a));
                    case "--jupyter-path" -> jupyterPath = Path.of(value(args, ++i, a));
                    case "--name" -> name = value(args, ++i, a);
                    case "--java" -> java = Path.of(value(args, ++i, a));
                    case "--no-aot-cache" -> aotCache = false;
                    case "--memory-flags" -> memoryFlags = List.of(value(args, ++i, a).strip().split("\\s+"));
                    case "--datasets" -> datasets = Path.of(value(args, ++i, a)).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'; use --user, --prefix "
                            + "DIR, --jupyter-path DIR, --name NAME, --java PATH, --memory-flags \"FLAGS\", --datasets "
                            + "DIR, --no-aot-cache");
                }
            }
            if (prefix != null && jupyterPath != null) {
                throw new IllegalArgumentException("give either --prefix or --jupyter-path, not both");
            }
            if (!name.matches("[a-z0-9._-]+")) {
                throw new IllegalArgumentException("kernel name '" + name + "' may hold only a-z, 0-9, '.', '_' "
                        + "and '-' (Jupyter's rule)");
            }
            return new Options(install, prefix, jupyterPath, name, java.toAbsolutePath(), aotCache, memoryFlags,
                    datasets);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        Path kernelsDir() {
            if (prefix != null) {
                return prefix.toAbsolutePath().resolve("share/jupyter/kernels");
            }
            if (jupyterPath != null) {
                return jupyterPath.toAbsolutePath().resolve("kernels");
            }
            return userDataDir().resolve("kernels");
        }
    }

    /** Jupyter's per-user data folder: JUPYTER_DATA_DIR, else the platform's default. */
    static Path userDataDir() {
        Map<String, String> env = System.getenv();
        if (env.get("JUPYTER_DATA_DIR") != null) {
            return Path.of(env.get("JUPYTER_DATA_DIR"));
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return home.resolve("Library/Jupyter");
        }
        if (os.contains("win")) {
            return Path.of(env.getOrDefault("APPDATA", home.resolve("AppData/Roaming").toString()), "jupyter");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share")).resolve("jupyter");
    }

    /**
     * Writes the spec into {@code dir} (replacing an earlier one): kernel.json, logos, and a copy of {@code jar}.
     * The folder is built beside its final place and renamed, so a failed install leaves no half spec.
     *
     * @throws IllegalArgumentException if {@code java} is not an executable of Java 25 or newer
     */
    static void install(Path dir, Path java, Path jar) throws IOException {
        install(dir, java, jar, MEMORY_FLAGS, null);
    }

    /**
     * As {@link #install(Path, Path, Path)}, with the kernel JVM's collector and heap flags and, when not null, the
     * datasets folder the kernel sees as {@code BACKPROP4J_DATASETS}.
     */
    static void install(Path dir, Path java, Path jar, List<String> memoryFlags, Path datasets) throws IOException {
        checkJava(java);
        Files.createDirectories(dir.getParent());
        Path staging = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + "-");
        try {
            if (Files.getFileStore(staging).supportsFileAttributeView("posix")) {   // temp folders are owner-only
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.writeString(staging.resolve("kernel.json"), kernelJson(java, memoryFlags, datasets),
                    StandardCharsets.UTF_8);
            for (String logo : LOGOS) {
                try (InputStream in = resource(logo)) {
                    Files.copy(in, staging.resolve(logo));
                }
            }
            Files.copy(jar, staging.resolve(JAR_NAME));
            if (Files.exists(dir)) {
                uninstall(dir);
            }
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
    }

    static final String AOT_CACHE = "backprop4j.aot";

    /**
     * Makes an ahead-of-time cache of the classes a kernel loads and links (JEP 483/514), from a training run of
     * {@code warm-up} with the kernel's own flags and jar, and adds {@code -XX:AOTCache} to kernel.json's argv.
     * The cache holds for this JDK and this jar at this path; were they to change, the JVM says so in Jupyter's log
     * and starts without it.
     *
     * @return false (and the spec left without a cache) if the training run fails or times out
     */
    static boolean makeAotCache(Path dir, Path java) throws IOException {
        Path cache = dir.resolve(AOT_CACHE);
        Path specFile = dir.resolve("kernel.json");
        JsonObject spec = JsonParser.parseString(Files.readString(specFile)).getAsJsonObject();
        // The training run gets the spec's own flags (collector and heap included): the cache is made for them.
        List<String> command = new ArrayList<>(List.of(java.toString()));
        for (JsonElement e : spec.getAsJsonArray("argv").asList().subList(1, spec.getAsJsonArray("argv").size())) {
            if (e.getAsString().equals("-jar")) {
                break;
            }
            command.add(e.getAsString());
        }
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-jar", dir.resolve(JAR_NAME).toString(), "warm-up"));
        Path log = dir.resolve("aot-training.log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(cache)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            Files.deleteIfExists(log);
        }
        JsonArray argv = new JsonArray();
        for (JsonElement e : spec.getAsJsonArray("argv")) {
            if (e.getAsString().equals("-jar")) {
                argv.add("-XX:AOTCache={resource_dir}/" + AOT_CACHE);
            }
            argv.add(e);
        }
        spec.add("argv", argv);
        Path tmp = dir.resolve("kernel.json.tmp");
        Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec)
                + "\n");
        Files.move(tmp, specFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** Removes the spec folder {@code dir}; false if there was none. @throws IllegalArgumentException if it is not a kernel spec */
    static boolean uninstall(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isRegularFile(dir.resolve("kernel.json"))) {
            throw new IllegalArgumentException(dir + " has no kernel.json; not removing a folder that is not a "
                    + "kernel spec");
        }
        deleteTree(dir);
        return true;
    }

    /** kernel.json from the template with the default memory flags and no datasets folder. */
    static String kernelJson(Path java) throws IOException {
        return kernelJson(java, MEMORY_FLAGS, null);
    }

    /**
     * kernel.json from the template: argv's {@code @JAVA@}, {@code @JVM_FLAGS@} (the build's flags without their
     * collector) and {@code @MEMORY_FLAGS@} filled in, and {@code BACKPROP4J_DATASETS} in its env when given.
     */
    static String kernelJson(Path java, List<String> memoryFlags, Path datasets) throws IOException {
        JsonObject spec;
        try (InputStream in = resource("kernel.json")) {
            spec = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        JsonArray argv = new JsonArray();
        for (JsonElement e : spec.getAsJsonArray("argv")) {
            switch (e.getAsString()) {
                case "@JAVA@" -> argv.add(java.toString());
                case "@JVM_FLAGS@" -> jvmFlags().stream().filter(f -> !isCollector(f)).forEach(argv::add);
                case "@MEMORY_FLAGS@" -> memoryFlags.forEach(argv::add);
                default -> argv.add(e);
            }
        }
        spec.add("argv", argv);
        if (datasets != null) {
            spec.getAsJsonObject("env").addProperty("BACKPROP4J_DATASETS", datasets.toString());
        }
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        return gson.toJson(spec) + "\n";
    }

    /** The toolkit's JVM flags, which its build writes from the parent POM's toolkit.jvm.flags into its jar. */
    static final String TOOLKIT_FLAGS = "org/backprop4j/jvm-flags.txt";
    /** The kernel's own: charts render without a display (the kernel may run on a server with none). */
    static final List<String> KERNEL_FLAGS = List.of("-Djava.awt.headless=true");

    /**
     * The kernel JVM's flags: the toolkit's ({@value #TOOLKIT_FLAGS}; its add-opens and sun.misc.Unsafe access
     * serve Tablesaw's class scanner in cells too), then {@link #KERNEL_FLAGS}.
     */
    static List<String> jvmFlags() throws IOException {
        String text;
        try (InputStream in = KernelSpecInstaller.class.getClassLoader().getResourceAsStream(TOOLKIT_FLAGS)) {
            if (in == null) {
                throw new IllegalStateException(TOOLKIT_FLAGS + " is missing from the kernel jar; rebuild it");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> flags = new ArrayList<>();
        text.lines().filter(line -> !line.startsWith("#")).flatMap(line -> Stream.of(line.strip().split("\\s+")))
                .filter(f -> !f.isEmpty()).forEach(flags::add);
        flags.addAll(KERNEL_FLAGS);
        return flags;
    }

    /** A flag that picks a garbage collector ({@code -XX:+UseParallelGC}); a JVM refuses two of them. */
    static boolean isCollector(String flag) {
        return flag.matches("-XX:\\+Use\\w*GC");
    }

    private static void checkJava(Path javaExe) {
        if (!Files.isExecutable(javaExe)) {
            throw new IllegalArgumentException("--java " + javaExe + " is not an executable file");
        }
        try {
            Process p = new ProcessBuilder(javaExe.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("version \"(\\d+)").matcher(out);
            if (!m.find() || Integer.parseInt(m.group(1)) < 25) {
                throw new IllegalArgumentException(javaExe + " is not Java 25 or newer (it says: "
                        + out.lines().findFirst().orElse("nothing") + "); the kernel needs JDK 25+");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run " + javaExe + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while checking " + javaExe);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = KernelSpecInstaller.class.getClassLoader().getResourceAsStream(SPEC + name);
        if (in == null) {
            throw new IOException("kernel spec resource " + SPEC + name + " is missing from the kernel jar");
        }
        return in;
    }

    /** The jar this class was loaded from. @throws IllegalArgumentException when not run from a jar */
    static Path currentJar() {
        try {
            Path p = Path.of(KernelSpecInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p) || !p.toString().endsWith(".jar")) {
                throw new IllegalArgumentException("install runs from the kernel jar (java -jar " + JAR_NAME
                        + " install), not from " + p);
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot locate the kernel jar: " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
