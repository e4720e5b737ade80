package org.backprop4j.data;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.tensor.Tensor;

/**
 * Random access to examples, as PyTorch's map-style {@code Dataset}: {@link #size()} examples, each fetched by
 * {@link #get(int)}. {@link #batch(int[])} fetches many at once; the default stacks {@code get} results, and
 * datasets backed by columns ({@link TensorDataset}, {@link ArrowDataset}) override it with bulk copies.
 *
 * {@snippet file="DataDisplaySnippets.java" region="dataset"}
 */
public interface Dataset {
    /** The number of examples. */
    int size();

    /**
     * Example {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
     */
    Sample get(int index);

    /**
     * The examples at {@code indices}, in that order, stacked along a new first dimension.
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     * @throws DataException if the examples' shapes or dtypes differ, or only some have labels
     */
    default Batch batch(int[] indices) {
        List<Tensor> features = new ArrayList<>(indices.length);
        List<Tensor> labels = new ArrayList<>(indices.length);
        for (int index : indices) {
            Sample s = get(index);
            features.add(s.features());
            if (s.label() != null) {
                labels.add(s.label());
            }
        }
        return Collate.stack(toString(), features, labels, indices);
    }

    /** The class names, index {@code i} naming class {@code i}; empty when the labels are not named classes. */
    default List<String> classNames() {
        return List.of();
    }

    /**
     * A dataset over the first dimension of {@code features} and {@code labels} ({@code labels} may be {@code null}).
     *
     * @throws DataException if the first dimensions differ
     */
    static TensorDataset of(Tensor features, Tensor labels) {
        return new TensorDataset(features, labels, List.of());
    }

    /** The examples of this dataset at {@code indices}, in that order (a view: nothing is copied). */
    default Dataset subset(int[] indices) {
        return new Subset(this, indices.clone());
    }
}
