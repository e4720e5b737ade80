package org.backprop4j.data;

import java.util.List;

import org.backprop4j.tensor.Tensor;

/**
 * A dataset held in memory as two tensors whose first dimension indexes the examples: features {@code [N, ...]}
 * and labels {@code [N, ...]} (or no labels). {@link #get(int)} returns views; {@link #batch(int[])} copies the
 * chosen rows with one array copy per row.
 */
public final class TensorDataset implements Dataset {
    private final Tensor features;
    private final Tensor labels;
    private final List<String> classNames;
    private final String name;

    TensorDataset(Tensor features, Tensor labels, List<String> classNames) {
        this(features, labels, classNames, "TensorDataset");
    }

    /**
     * @throws DataException if {@code features} is a scalar, the first dimensions differ, or a class name is null
     */
    TensorDataset(Tensor features, Tensor labels, List<String> classNames, String name) {
        if (features.dim() == 0) {
            throw new DataException(name, "features", "needs a first dimension indexing the examples, got a scalar");
        }
        if (labels != null && (labels.dim() == 0 || labels.size(0) != features.size(0))) {
            throw new DataException(name, "labels", "shape " + labels.shape() + " does not match features of shape "
                    + features.shape() + ": both need the number of examples as their first dimension");
        }
        this.features = features.detach();
        this.labels = labels == null ? null : labels.detach();
        this.classNames = List.copyOf(classNames);
        this.name = name;
    }

    /** This dataset with named classes (for display and for writing the labels as a dictionary column). */
    public TensorDataset withClassNames(List<String> names) {
        return new TensorDataset(features, labels, names, name);
    }

    /** All features, {@code [N, ...]}. */
    public Tensor features() {
        return features;
    }

    /** All labels, {@code [N, ...]}, or {@code null}. */
    public Tensor labels() {
        return labels;
    }

    @Override
    public int size() {
        return features.size(0);
    }

    @Override
    public Sample get(int index) {
        java.util.Objects.checkIndex(index, size());
        return new Sample(features.select(0, index), labels == null ? null : labels.select(0, index));
    }

    @Override
    public Batch batch(int[] indices) {
        return new Batch(Collate.gatherRows(features, indices),
                labels == null ? null : Collate.gatherRows(labels, indices));
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public String toString() {
        return name + " of " + size() + " examples, features " + features.shape().toString().replaceFirst("^\\[\\d+",
                "[N") + (labels == null ? "" : ", labels " + labels.dtype());
    }
}
