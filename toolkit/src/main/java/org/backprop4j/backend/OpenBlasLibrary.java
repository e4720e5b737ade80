package org.backprop4j.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Finds and loads an OpenBLAS shared library, in this order: an explicit path (system property
 * {@value #PATH_PROPERTY}, else environment variable {@value #PATH_ENV}), the system's {@code libopenblas.so.0},
 * then the library inside Maven Central's {@code org.bytedeco:openblas} linux-x86_64 jar on the class path,
 * extracted once into a per-user cache folder and checked against the jar's CRC-32 before every load.
 * An explicit path that does not load is an error, never a silent fallback.
 */
@SuppressWarnings("restricted") // loading native libraries, enabled by --enable-native-access
final class OpenBlasLibrary {
    static final String PATH_PROPERTY = "backprop4j.openblas.path";
    static final String PATH_ENV = "BACKPROP4J_OPENBLAS";
    static final String SYSTEM_NAME = "libopenblas.so.0";
    static final String BUNDLED_DIR = "org/bytedeco/openblas/linux-x86_64/";
    /** The bundled files in load order: each one's dependencies come before it. */
    private static final List<String> BUNDLED_FILES = List.of("libgcc_s.so.1", "libquadmath.so.0",
            "libgfortran.so.5", "libopenblas.so.0");

    /** A loaded library: its symbols, the file they come from, and how it was found. */
    record Loaded(SymbolLookup symbols, String path, String source) {
    }

    /**
     * Where to look.
     *
     * @param explicitPath a library file to load, or null
     * @param explicitFrom what named it (for messages), e.g. {@code -Dbackprop4j.openblas.path}
     * @param systemNames library names for the dynamic linker's search
     * @param bundledDir class-path folder of the bundled library, or null to skip it
     * @param loader where to find the bundled library
     * @param cacheRoot the per-user cache folder
     */
    record Search(String explicitPath, String explicitFrom, List<String> systemNames, String bundledDir,
            ClassLoader loader, Path cacheRoot) {
        /** The search {@link Backend#current()} makes, configured by system properties and the environment. */
        static Search fromEnvironment() {
            String explicit = System.getProperty(PATH_PROPERTY);
            String from = "-D" + PATH_PROPERTY;
            if (explicit == null || explicit.isBlank()) {
                explicit = System.getenv(PATH_ENV);
                from = "environment variable " + PATH_ENV;
            }
            if (explicit != null && explicit.isBlank()) {
                explicit = null;
            }
            return new Search(explicit, from, List.of(SYSTEM_NAME), BUNDLED_DIR,
                    OpenBlasLibrary.class.getClassLoader(), defaultCacheRoot());
        }

        Search withSystemNames(List<String> names) {
            return new Search(explicitPath, explicitFrom, names, bundledDir, loader, cacheRoot);
        }

        Search withBundledDir(String dir) {
            return new Search(explicitPath, explicitFrom, systemNames, dir, loader, cacheRoot);
        }
    }

    private OpenBlasLibrary() {
    }

    /** {@code backprop4j.cache.dir}, else {@code $XDG_CACHE_HOME/backprop4j}, else {@code ~/.cache/backprop4j}. */
    static Path defaultCacheRoot() {
        String dir = System.getProperty("backprop4j.cache.dir");
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("backprop4j");
    }

    /**
     * Loads the first library the search finds.
     *
     * @throws BackendException if an explicit path does not load (naming it and why), or if nothing is found
     *     (naming every place looked at)
     */
    static Loaded load(Search search) {
        if (search.explicitPath() != null) {
            Path path = Path.of(search.explicitPath());
            if (!Files.isRegularFile(path)) {
                throw new BackendException("OpenBLAS: " + search.explicitFrom() + " names " + path
                        + (Files.exists(path) ? ", which is not a file" : ", which does not exist")
                        + "; point it at a libopenblas.so, or unset it to search the system and the bundled library");
            }
            return new Loaded(open(path.toAbsolutePath().toString(), search.explicitFrom() + " = " + path, true),
                    path.toAbsolutePath().toString(), "explicit path");
        }
        List<String> tried = new ArrayList<>();
        for (String name : search.systemNames()) {
            SymbolLookup symbols;
            try {
                symbols = SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException notFound) {
                tried.add("system " + name + " (not found by the dynamic linker)");
                continue;
            }
            requireBlas(symbols, "system library " + name);
            return new Loaded(symbols, fileOf(symbols, name), "system");
        }
        if (search.bundledDir() == null) {
            tried.add("bundled library (not searched)");
        } else if (search.loader().getResource(search.bundledDir() + SYSTEM_NAME) == null) {
            tried.add("bundled " + search.bundledDir() + SYSTEM_NAME + " (not on the class path; add "
                    + "org.bytedeco:openblas with classifier linux-x86_64)");
        } else {
            Path dir = extract(search);
            SymbolLookup symbols = null;
            for (String file : BUNDLED_FILES) {
                Path path = dir.resolve(file);
                if (!Files.exists(path) || file.equals("libgcc_s.so.1") && onSystem(file)) {
                    continue; // the system's C runtime, if there, is the one the JVM already uses
                }
                symbols = open(path.toString(), "bundled " + path, file.equals(SYSTEM_NAME));
            }
            return new Loaded(symbols, dir.resolve(SYSTEM_NAME).toString(), "bundled");
        }
        throw new BackendException("OpenBLAS: no library found; looked for " + String.join(", ", tried)
                + ". Install one (Debian: apt-get install libopenblas0-pthread) or set -D" + PATH_PROPERTY);
    }

    private static boolean onSystem(String name) {
        try {
            SymbolLookup.libraryLookup(name, Arena.global());
            return true;
        } catch (IllegalArgumentException notFound) {
            return false;
        }
    }

    private static SymbolLookup open(String path, String what, boolean blas) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            if (in.readNBytes(head, 0, 4) < 4 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L'
                    || head[3] != 'F') {
                throw new BackendException("OpenBLAS: " + what + " is not a shared library (no ELF header)");
            }
        } catch (IOException e) {
            throw new BackendException("OpenBLAS: " + what + " cannot be read (" + e + ")", e);
        }
        SymbolLookup symbols;
        try {
            symbols = SymbolLookup.libraryLookup(Path.of(path), Arena.global());
        } catch (IllegalArgumentException e) {
            throw new BackendException("OpenBLAS: " + what + " could not be loaded by the dynamic linker ("
                    + e.getMessage() + "); is it a shared library for this machine?", e);
        }
        if (blas) {
            requireBlas(symbols, what);
        }
        return symbols;
    }

    private static void requireBlas(SymbolLookup symbols, String what) {
        for (String symbol : List.of("cblas_sgemm", "cblas_dgemm", "openblas_get_config",
                "openblas_set_num_threads")) {
            if (symbols.find(symbol).isEmpty()) {
                throw new BackendException("OpenBLAS: " + what + " has no symbol " + symbol
                        + "; it is not an OpenBLAS library");
            }
        }
    }

    /** The file a library's {@code cblas_sgemm} lives in, via {@code dladdr}; {@code name} if that fails. */
    private static String fileOf(SymbolLookup symbols, String name) {
        Linker linker = Linker.nativeLinker();
        var dladdr = linker.defaultLookup().find("dladdr");
        MemorySegment symbol = symbols.find("cblas_sgemm").orElseThrow();
        if (dladdr.isEmpty()) {
            return name;
        }
        StructLayout info = MemoryLayout.structLayout(ValueLayout.ADDRESS.withName("fname"),
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
        MethodHandle handle = linker.downcallHandle(dladdr.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(info);
            int found = (int) handle.invokeExact(symbol, out);
            MemorySegment fname = out.get(ValueLayout.ADDRESS, 0);
            if (found == 0 || fname.equals(MemorySegment.NULL)) {
                return name;
            }
            String file = fname.reinterpret(4096).getString(0);
            try {
                return Path.of(file).toRealPath().toString();
            } catch (IOException e) {
                return file;
            }
        } catch (Throwable e) {
            return name;
        }
    }

    /**
     * Copies the bundled files into {@code <cache>/native/openblas-<crc>} unless a verified copy is there, and
     * returns that folder. Each file is written to a temporary name and moved into place once its CRC-32 matches
     * the jar's, so that a crash or a concurrent JVM never leaves a partial library under the final name.
     */
    static Path extract(Search search) {
        String main = search.bundledDir() + SYSTEM_NAME;
        Path dir;
        try {
            Entry lib = entry(search.loader().getResource(main));
            dir = search.cacheRoot().resolve("native").resolve("openblas-"
                    + String.format(Locale.ROOT, "%08x-%d", lib.crc(), lib.size()));
            Files.createDirectories(dir);
            for (String file : BUNDLED_FILES) {
                URL url = search.loader().getResource(search.bundledDir() + file);
                if (url != null) {
                    extractOne(url, dir.resolve(file));
                }
            }
        } catch (IOException e) {
            throw new BackendException("OpenBLAS: could not extract the bundled library " + main + " into "
                    + search.cacheRoot() + " (" + e + "); set -Dbackprop4j.cache.dir to a writable folder", e);
        }
        return dir;
    }

    /** A class-path file's size and CRC-32: from the jar's directory when it is in a jar, else computed. */
    private record Entry(long size, long crc) {
    }

    private static Entry entry(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            var entry = jar.getJarEntry();
            if (entry.getCrc() >= 0 && entry.getSize() >= 0) {
                return new Entry(entry.getSize(), entry.getCrc());
            }
        }
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = url.openStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int r; (r = in.read(buffer)) > 0; size += r) {
                crc.update(buffer, 0, r);
            }
        }
        return new Entry(size, crc.getValue());
    }

    private static Entry entry(Path file) throws IOException {
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int r; (r = in.read(buffer)) > 0; size += r) {
                crc.update(buffer, 0, r);
            }
        }
        return new Entry(size, crc.getValue());
    }

    private static void extractOne(URL url, Path target) throws IOException {
        Entry expected = entry(url);
        if (Files.isRegularFile(target) && Files.size(target) == expected.size() && entry(target).equals(expected)) {
            return;
        }
        Path part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            try (InputStream in = url.openStream(); OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
            Entry written = entry(part);
            if (!written.equals(expected)) {
                throw new IOException("extracted " + url + " has size " + written.size() + " and CRC-32 "
                        + Long.toHexString(written.crc()) + ", the jar says " + expected.size() + " and "
                        + Long.toHexString(expected.crc()));
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
