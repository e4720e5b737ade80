package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.Graph;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Kernels;

/** Joining tensors, splitting them into pieces, and padding. */
public final class Joins {
    private Joins() {
    }

    /**
     * Joins tensors along {@code dim}; all must share dtype and rank and agree in every other dimension.
     * Gradient: each input gets its slice of {@code g}.
     */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expects at least one tensor");
        }
        Tensor first = tensors.getFirst();
        if (first.dim() == 0) {
            throw new IllegalArgumentException("cat: cannot concatenate scalars (tensor 0 has shape []); "
                    + "use stack, or unsqueeze them first");
        }
        int d = Check.dim("cat", dim, first.dim());
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            Check.sameType("cat", first, t);
            if (t.dim() != first.dim()) {
                throw new IllegalArgumentException("cat: tensor " + i + " has shape " + t.shape()
                        + " but tensor 0 has shape " + first.shape() + "; all must have the same rank");
            }
            for (int a = 0; a < t.dim(); a++) {
                if (a != d && t.size(a) != first.size(a)) {
                    throw new IllegalArgumentException("cat: tensor " + i + " has shape " + t.shape()
                            + " but tensor 0 has shape " + first.shape() + "; they must agree except in dimension "
                            + d);
                }
            }
            total += t.size(d);
        }
        Tensor out = Tensor.zeros(first.dtype(), first.shape().with(d, total));
        int[] starts = new int[tensors.size()];
        int at = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = at;
            Kernels.copyInto(Tensor.asStrided(out.storage(), t.shape(), out.strides(),
                    at * out.stride(d)), t);
            at += t.size(d);
        }
        int[] lengths = tensors.stream().mapToInt(t -> t.size(d)).toArray();
        return Graph.record("cat", out, tensors.toArray(Tensor[]::new), (g, ctx) -> {
            Tensor[] result = new Tensor[lengths.length];
            for (int i = 0; i < lengths.length; i++) {
                result[i] = Shaping.slice(g, d, starts[i], starts[i] + lengths[i], 1);
            }
            return result;
        });
    }

    /** Joins tensors of one shape along a new dimension {@code dim}. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expects at least one tensor");
        }
        Shape shape = tensors.getFirst().shape();
        int d = Check.dim("stack", dim, shape.rank() + 1);
        List<Tensor> parts = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!t.shape().equals(shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + t.shape()
                        + " but tensor 0 has shape " + shape + "; stack needs equal shapes");
            }
            parts.add(Shaping.unsqueeze(t, d));
        }
        return cat(parts, d);
    }

    /** Consecutive pieces of {@code size} along {@code dim}; the last may be smaller. */
    public static List<Tensor> split(Tensor x, int size, int dim) {
        if (size <= 0) {
            throw new IllegalArgumentException("split: size must be positive, got " + size);
        }
        int d = Check.dim("split", dim, x.dim());
        int n = x.size(d);
        List<Tensor> parts = new ArrayList<>();
        for (int s = 0; s < n || (n == 0 && parts.isEmpty()); s += size) {
            parts.add(Shaping.slice(x, d, s, Math.min(s + size, n), 1));
        }
        return parts;
    }

    /**
     * Pieces of the given sizes along {@code dim}.
     *
     * @throws IllegalArgumentException if the sizes do not add up to the dimension's size
     */
    public static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        int d = Check.dim("split", dim, x.dim());
        int sum = Arrays.stream(sizes).sum();
        if (sum != x.size(d) || Arrays.stream(sizes).anyMatch(s -> s < 0)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " must be non-negative "
                    + "and add up to " + x.size(d) + ", the size of dimension " + d + " of shape " + x.shape());
        }
        List<Tensor> parts = new ArrayList<>();
        int at = 0;
        for (int s : sizes) {
            parts.add(Shaping.slice(x, d, at, at + s, 1));
            at += s;
        }
        return parts;
    }

    /** Up to {@code chunks} pieces of equal size (the last may be smaller), as PyTorch's {@code chunk}. */
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        }
        int d = Check.dim("chunk", dim, x.dim());
        int size = Math.max(1, (x.size(d) + chunks - 1) / chunks);
        return split(x, size, d);
    }

    /**
     * Pads with a constant. {@code pads} holds (before, after) pairs starting from the last dimension, as
     * PyTorch's {@code F.pad}; negative amounts crop. Gradient: the interior of {@code g}.
     *
     * @throws IllegalArgumentException if {@code pads} has odd length, names more dimensions than {@code x} has, or
     *                                  crops more elements than a dimension holds
     */
    public static Tensor pad(Tensor x, int[] pads, double value) {
        if (pads.length % 2 != 0 || pads.length / 2 > x.dim()) {
            throw new IllegalArgumentException("pad: expects (before, after) pairs for at most " + x.dim()
                    + " dimensions of shape " + x.shape() + ", got " + Arrays.toString(pads));
        }
        Tensor cropped = x;
        int[] grow = new int[x.dim() * 2];
        for (int i = 0; i < pads.length / 2; i++) {
            int d = x.dim() - 1 - i;
            int before = pads[2 * i];
            int after = pads[2 * i + 1];
            if (Math.max(-before, 0) + Math.max(-after, 0) > x.size(d)) {
                throw new IllegalArgumentException("pad: amounts (" + before + ", " + after + ") for dimension " + d
                        + " of shape " + x.shape() + " crop more than its " + x.size(d) + " elements");
            }
            if (before < 0 || after < 0) {
                int n = cropped.size(d);
                cropped = Shaping.slice(cropped, d, Math.max(-before, 0), n - Math.max(-after, 0), 1);
            }
            grow[2 * d] = Math.max(before, 0);
            grow[2 * d + 1] = Math.max(after, 0);
        }
        int[] shape = cropped.shape().toArray();
        int offset = 0;
        int[] outShape = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            outShape[d] = shape[d] + grow[2 * d] + grow[2 * d + 1];
        }
        Shape target = Shape.of(outShape);
        int[] strides = target.contiguousStrides();
        for (int d = 0; d < shape.length; d++) {
            offset += grow[2 * d] * strides[d];
        }
        Tensor out = Tensor.full(x.dtype(), value, outShape);
        Kernels.copyInto(Tensor.asStrided(out.storage(), cropped.shape(), strides, offset), cropped);
        Shape inner = cropped.shape();
        return Graph.record("pad", out, new Tensor[] {cropped}, (g, ctx) -> {
            Tensor interior = g;
            for (int d = 0; d < inner.rank(); d++) {
                if (grow[2 * d] != 0 || grow[2 * d + 1] != 0) {
                    interior = Shaping.slice(interior, d, grow[2 * d], grow[2 * d] + inner.dim(d), 1);
                }
            }
            return grads(interior);
        });
    }
}
