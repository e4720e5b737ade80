package org.backprop4j.nn;

import java.util.function.Supplier;

/**
 * Puts the layer in front of the argument errors of the ops a layer calls, so that a message names the layer by its
 * dotted path, then the op, the shapes and the rule: {@code "criterion (MultiMarginLoss): multiMargin: input of shape
 * [4, 3] needs 4 class indexes as target, got shape [3]"}.
 */
final class LayerErrors {
    private LayerErrors() {
    }

    static <T> T named(Module layer, Supplier<T> call) {
        try {
            return call.get();
        } catch (IndexOutOfBoundsException e) {
            IndexOutOfBoundsException named = new IndexOutOfBoundsException(layer.describe() + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer.describe() + ": " + e.getMessage(), e);
        }
    }
}
