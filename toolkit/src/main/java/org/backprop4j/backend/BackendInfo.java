package org.backprop4j.backend;

/**
 * What runs a backend's kernels, as {@link Backend#info()} reports it.
 *
 * @param backend {@code java} or {@code openblas}
 * @param library the loaded library file, or {@code none} for pure Java
 * @param source how the library was found: {@code explicit path}, {@code system}, {@code bundled}, or for Java
 *     the kernel kind ({@code vector} or {@code scalar})
 * @param config OpenBLAS's {@code openblas_get_config()} string, or a description of the Java kernels
 * @param core OpenBLAS's core type ({@code openblas_get_corename()}), or the JVM's CPU architecture for Java
 * @param threads the threads one GEMM may use
 */
public record BackendInfo(String backend, String library, String source, String config, String core, int threads) {
    @Override
    public String toString() {
        return backend + " [" + config + "; core " + core + "; " + threads + (threads == 1 ? " thread" : " threads")
                + (library.equals("none") ? "" : "; " + library + " (" + source + ")") + "]";
    }
}
