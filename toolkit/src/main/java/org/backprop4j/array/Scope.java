package org.backprop4j.array;

/**
 * A mode switched on for a block and restored when the block ends; closing never throws.
 *
 * <pre>{@code
 * try (var _ = GradMode.noGrad()) {
 *     w.addInPlace(w.grad(), -0.1);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Scope extends AutoCloseable {
    @Override
    void close();
}
