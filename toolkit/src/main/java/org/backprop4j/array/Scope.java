package org.backprop4j.array;

/**
 * A mode switched on for a block and restored when the block ends; closing never throws.
 *
 * {@snippet file="CoreSnippets.java" region="scope"}
 */
@FunctionalInterface
public interface Scope extends AutoCloseable {
    @Override
    void close();
}
