package org.backprop4j.data;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * A function of one example (features such as an image {@code [C, H, W]}, or a label) that may draw from a seeded
 * {@link Rng}. The {@link DataLoader} gives every example its own generator, seeded from the loader's seed, the
 * epoch and the example's index, so augmentations are reproducible whatever the batch size or prefetching.
 * {@link Transforms} holds the standard ones; {@link #andThen} composes.
 *
 * {@snippet file="DataDisplaySnippets.java" region="transform"}
 */
@FunctionalInterface
public interface Transform {
    /** Transforms one example; must not modify {@code example}. */
    Tensor apply(Tensor example, Rng rng);

    /**
     * Transforms a batch {@code [B, ...]} whose example {@code i} draws from {@code rngs[i]}; the result equals
     * stacking {@code apply(batch[i], rngs[i])}. The default does exactly that; elementwise transforms override it
     * to run on the whole batch at once.
     */
    default Tensor applyBatch(Tensor batch, Rng[] rngs) {
        List<Tensor> out = new ArrayList<>(batch.size(0));
        int[] indices = new int[batch.size(0)];
        for (int i = 0; i < batch.size(0); i++) {
            out.add(apply(batch.select(0, i), rngs[i]));
            indices[i] = i;
        }
        return Collate.stack(toString(), "transform output", out, indices);
    }

    /** This transform, then {@code next}. */
    default Transform andThen(Transform next) {
        Transform first = this;
        return new Transform() {
            @Override
            public Tensor apply(Tensor example, Rng rng) {
                return next.apply(first.apply(example, rng), rng);
            }

            @Override
            public Tensor applyBatch(Tensor batch, Rng[] rngs) {
                return next.applyBatch(first.applyBatch(batch, rngs), rngs);
            }

            @Override
            public String toString() {
                return first + " then " + next;
            }
        };
    }
}
