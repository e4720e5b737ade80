package org.backprop4j.backend;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Picks the backend once per JVM and holds it: OpenBLAS when a library is found, else Java, logging one line
 * (logger {@code org.backprop4j.backend}, level INFO) that says which and why. {@value #PROPERTY} = {@code java}
 * or {@code openblas} forces one; forcing OpenBLAS when none loads, or naming a library path that does not load,
 * is an error rather than a quiet fallback.
 */
final class Backends {
    static final String PROPERTY = "backprop4j.backend";
    private static final System.Logger LOG = System.getLogger("org.backprop4j.backend");
    private static volatile Backend current;

    private Backends() {
    }

    /** The backend chosen and the log line that says so. */
    record Choice(Backend backend, String message) {
    }

    static Backend current() {
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                b = current;
                if (b == null) {
                    Choice choice = choose(System.getProperty(PROPERTY),
                            OpenBlasLibrary.Search.fromEnvironment().explicitPath() != null, OpenBlasBackend::shared,
                            JavaBackend::new);
                    LOG.log(System.Logger.Level.INFO, choice.message());
                    b = choice.backend();
                    current = b;
                }
            }
        }
        return b;
    }

    static void setCurrent(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("Backend.setCurrent: backend is null");
        }
        synchronized (Backends.class) {
            current = backend;
        }
    }

    /**
     * The choice for a value of {@value #PROPERTY} ({@code null}, {@code auto}, {@code java} or {@code openblas}).
     *
     * @param explicitPath whether the user named an OpenBLAS file, whose failure to load is then an error
     * @throws BackendException if OpenBLAS is forced or explicitly named and does not load, or the value is unknown
     */
    static Choice choose(String forced, boolean explicitPath, Supplier<Backend> openBlas, Supplier<Backend> java) {
        String mode = forced == null || forced.isBlank() ? "auto" : forced.strip().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "java" -> {
                Backend b = java.get();
                return new Choice(b, "backprop4j backend: java, as -D" + PROPERTY + "=java asks: " + b.info());
            }
            case "openblas" -> {
                Backend b;
                try {
                    b = openBlas.get();
                } catch (BackendException e) {
                    throw new BackendException("-D" + PROPERTY + "=openblas, but " + e.getMessage(), e);
                }
                return new Choice(b, "backprop4j backend: openblas, as -D" + PROPERTY + "=openblas asks: "
                        + b.info());
            }
            case "auto" -> {
                try {
                    Backend b = openBlas.get();
                    return new Choice(b, "backprop4j backend: openblas (found " + b.info().source() + " library): "
                            + b.info());
                } catch (BackendException e) {
                    if (explicitPath) {
                        throw e;
                    }
                    Backend b = java.get();
                    return new Choice(b, "backprop4j backend: java, because " + e.getMessage() + ": " + b.info());
                }
            }
            default -> throw new BackendException("-D" + PROPERTY + "=" + forced
                    + " is not a backend; use java, openblas or auto");
        }
    }
}
