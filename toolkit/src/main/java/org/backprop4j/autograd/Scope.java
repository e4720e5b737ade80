package org.backprop4j.autograd;

/**
 * A mode switched on for a block and restored when the block ends; closing never throws.
 *
 * <pre>{@code
 * try (var _ = GradMode.noGrad()) {
 *     w.subInPlace(w.grad().mul(0.1));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Scope extends AutoCloseable {
    @Override
    void close();
}
