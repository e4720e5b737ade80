/**
 * The {@link org.backprop4j.backend.Backend} interface for the kernels worth accelerating (GEMM), OpenBLAS through
 * {@code java.lang.foreign}, the pure-Java fallback {@link org.backprop4j.backend.JavaBackend}, and the choice
 * between them ({@link org.backprop4j.backend.Backend#current()}). Uses nothing else of the toolkit.
 */
package org.backprop4j.backend;
