package org.backprop4j.data;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;

/** Stacking examples into batches and gathering rows, with bulk array copies. */
final class Collate {
    private Collate() {
    }

    /** Stacks per-example tensors along a new first dimension; {@code labels} is empty or one per feature. */
    static Batch stack(String source, List<Tensor> features, List<Tensor> labels, int[] indices) {
        if (!labels.isEmpty() && labels.size() != features.size()) {
            throw new DataException(source, "label", "only " + labels.size() + " of the " + features.size()
                    + " examples in a batch have a label");
        }
        Tensor f = stack(source, "features", features, indices);
        Tensor l = labels.isEmpty() ? null : stack(source, "label", labels, indices);
        return new Batch(f, l);
    }

    static Tensor stack(String source, String field, List<Tensor> parts, int[] indices) {
        if (parts.isEmpty()) {
            throw new DataException(source, field, "cannot stack an empty batch");
        }
        Tensor first = parts.get(0);
        Shape shape = first.shape();
        DType dtype = first.dtype();
        int[] dims = new int[shape.rank() + 1];
        dims[0] = parts.size();
        System.arraycopy(shape.toArray(), 0, dims, 1, shape.rank());
        int n = shape.numel();
        Storage out = Storage.allocate(dtype, Math.multiplyExact(n, parts.size()));
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            if (!t.shape().equals(shape) || t.dtype() != dtype) {
                throw new DataException(source, field, "example " + indices[i] + " has " + t.dtype() + " "
                        + t.shape() + " but example " + indices[0] + " has " + dtype + " " + shape
                        + "; a batch needs one shape and dtype (crop or pad the examples to one size)");
            }
            Tensor c = t.contiguous();
            System.arraycopy(array(c.storage()), c.offset(), array(out), i * n, n);
        }
        return Tensor.of(out, Shape.of(dims));
    }

    /** Rows {@code indices} of {@code source} (first dimension), as a new contiguous tensor. */
    static Tensor gatherRows(Tensor source, int[] indices) {
        Tensor c = source.contiguous();
        int rows = c.size(0);
        int width = rows == 0 ? 0 : c.numel() / rows;
        int[] dims = c.shape().toArray();
        dims[0] = indices.length;
        Storage out = Storage.allocate(c.dtype(), Math.multiplyExact(width, indices.length));
        Object from = array(c.storage());
        Object to = array(out);
        for (int i = 0; i < indices.length; i++) {
            int r = java.util.Objects.checkIndex(indices[i], rows);
            System.arraycopy(from, c.offset() + r * width, to, i * width, width);
        }
        return Tensor.of(out, Shape.of(dims));
    }

    /** The primitive array behind a storage, whichever its dtype. */
    static Object array(Storage s) {
        return switch (s.dtype()) {
            case FLOAT32 -> s.floats();
            case FLOAT64 -> s.doubles();
            case INT64 -> s.longs();
            case BOOL -> s.bools();
        };
    }
}
