package org.backprop4j.data;

import java.util.List;

/** The examples of a dataset at chosen indices (see {@link Dataset#subset(int[])}). */
final class Subset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    Subset(Dataset base, int[] indices) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= base.size()) {
                throw new DataException(base.toString(), "subset", "index " + indices[i] + " at position " + i
                        + " is outside [0, " + base.size() + ")");
            }
        }
        this.base = base;
        this.indices = indices;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Sample get(int index) {
        return base.get(indices[java.util.Objects.checkIndex(index, indices.length)]);
    }

    @Override
    public Batch batch(int[] positions) {
        int[] mapped = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            mapped[i] = indices[java.util.Objects.checkIndex(positions[i], indices.length)];
        }
        return base.batch(mapped);
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public String toString() {
        return "subset of " + indices.length + " of " + base;
    }
}
