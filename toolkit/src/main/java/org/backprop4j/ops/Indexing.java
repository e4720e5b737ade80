package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.Graph;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Broadcast;
import org.backprop4j.array.internal.Kernels;

/**
 * Gathering and scattering by int64 index tensors, and masked fills. Index values must lie in
 * {@code [0, size)} of the indexed dimension; an out-of-range index is an error naming the op, the index and the
 * dimension, never a silent wrap-around.
 */
public final class Indexing {
    private Indexing() {
    }

    private static long[] checkedIndex(String op, Tensor index, int size, int dim) {
        Check.dtype(op, "index", index, DType.INT64);
        long[] values = index.toLongArray();
        for (long v : values) {
            if (v < 0 || v >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dimension " + dim
                        + " with size " + size);
            }
        }
        return values;
    }

    /**
     * The slices of {@code x} at the positions in 1-D {@code index} along {@code dim}.
     * Gradient: the output gradient added back at those positions ({@link #indexAdd}).
     */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = Check.dim("indexSelect", dim, x.dim());
        if (index.dim() > 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + index.shape());
        }
        int size = x.dim() == 0 ? 1 : x.size(d);
        long[] idx = checkedIndex("indexSelect", index, size, d);
        if (x.dim() == 0) {
            return Shaping.reshape(x, idx.length == 1 ? new int[0] : new int[] {idx.length});
        }
        Tensor out = Tensor.zeros(x.dtype(), x.shape().with(d, idx.length));
        for (int k = 0; k < idx.length; k++) {
            Kernels.copyInto(out.select(d, k).detach(), x.detach().select(d, (int) idx[k]));
        }
        Shape in = x.shape();
        return Graph.record("indexSelect", out, new Tensor[] {x}, new Tensor[] {index},
                (g, ctx) -> grads(Tensor.zeros(g.dtype(), in.toArray()).indexAdd(d, ctx.saved(0), g)));
    }

    /**
     * A copy of {@code x} with slice {@code k} of {@code source} added at position {@code index[k]} along
     * {@code dim} (repeated positions accumulate). Gradients: {@code g} to {@code x}; to {@code source}, the
     * slices of {@code g} at the indexed positions.
     */
    public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor source) {
        Check.sameFloating("indexAdd", x, source);
        int d = Check.dim("indexAdd", dim, x.dim());
        if (index.dim() != 1 || source.dim() != x.dim() || source.size(d) != index.numel()
                || !source.shape().with(d, 1).equals(x.shape().with(d, 1))) {
            throw new IllegalArgumentException("indexAdd: source of shape " + source.shape() + " does not fit "
                    + "a tensor of shape " + x.shape() + " with a 1-D index of shape " + index.shape() + " along "
                    + "dimension " + d + " (expected source shape " + x.shape().with(d, index.numel()) + ")");
        }
        long[] idx = checkedIndex("indexAdd", index, x.size(d), d);
        Tensor out = Tensor.of(Kernels.copyOf(x, x.dtype()), x.shape());
        for (int k = 0; k < idx.length; k++) {
            Kernels.addInto(out.select(d, (int) idx[k]), source.detach().select(d, k), 1);
        }
        return Graph.record("indexAdd", out, new Tensor[] {x, source}, new Tensor[] {index},
                (g, ctx) -> grads(g, ctx.needsGrad(1) ? g.indexSelect(d, ctx.saved(0)) : null));
    }

    /** Visits every element of {@code index} with its multi-index and position in row-major order. */
    private interface IndexVisitor {
        void visit(int[] at, int flat);
    }

    private static void forEach(Shape shape, IndexVisitor v) {
        int[] dims = shape.toArray();
        int[] at = new int[dims.length];
        for (int flat = 0; flat < shape.numel(); flat++) {
            v.visit(at, flat);
            for (int a = dims.length - 1; a >= 0; a--) {
                if (++at[a] < dims[a]) {
                    break;
                }
                at[a] = 0;
            }
        }
    }

    private static void checkGatherShapes(String op, Tensor x, int d, Tensor index, Tensor src) {
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException(op + ": index of shape " + index.shape()
                    + " must have the same rank as the tensor of shape " + x.shape());
        }
        for (int a = 0; a < x.dim(); a++) {
            if ((a != d && index.size(a) > x.size(a)) || (src != null && index.size(a) > src.size(a))) {
                throw new IllegalArgumentException(op + ": index of shape " + index.shape() + " is larger than "
                        + (src != null && index.size(a) > src.size(a) ? "source of shape " + src.shape()
                                : "the tensor of shape " + x.shape()) + " in dimension " + a);
            }
        }
    }

    /**
     * {@code out[i][j][k] = x[i][index[i][j][k]][k]} for {@code dim = 1} (and likewise for others); the output has
     * the index's shape. Gradient: scattered back with {@link #scatterAdd}.
     */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = Check.dim("gather", dim, x.dim());
        Check.dtype("gather", "index", index, DType.INT64);
        checkGatherShapes("gather", x, d, index, null);
        long[] idx = checkedIndex("gather", index, x.dim() == 0 ? 1 : x.size(d), d);
        Tensor out = Tensor.zeros(x.dtype(), index.shape());
        int[] strides = x.strides();
        forEach(index.shape(), (at, flat) -> {
            int off = x.offset();
            for (int a = 0; a < at.length; a++) {
                off += (a == d ? (int) idx[flat] : at[a]) * strides[a];
            }
            out.storage().setDouble(flat, x.storage().getDouble(off));
        });
        Shape in = x.shape();
        return Graph.record("gather", out, new Tensor[] {x}, new Tensor[] {index},
                (g, ctx) -> grads(Tensor.zeros(g.dtype(), in.toArray()).scatterAdd(d, ctx.saved(0), g)));
    }

    /**
     * A copy of {@code x} with {@code source[i][j][k]} added at {@code [i][index[i][j][k]][k]} for {@code dim = 1}
     * (and likewise for others); repeated positions accumulate. Only the part of {@code source} the index covers is
     * used. Gradients: {@code g} to {@code x}; to {@code source}, {@code g} gathered at the index (zero elsewhere).
     */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor source) {
        Check.sameFloating("scatterAdd", x, source);
        int d = Check.dim("scatterAdd", dim, x.dim());
        Check.dtype("scatterAdd", "index", index, DType.INT64);
        checkGatherShapes("scatterAdd", x, d, index, source);
        long[] idx = checkedIndex("scatterAdd", index, x.dim() == 0 ? 1 : x.size(d), d);
        Tensor out = Tensor.of(Kernels.copyOf(x, x.dtype()), x.shape());
        int[] outStrides = out.strides();
        int[] srcStrides = source.strides();
        forEach(index.shape(), (at, flat) -> {
            int o = 0;
            int s = source.offset();
            for (int a = 0; a < at.length; a++) {
                o += (a == d ? (int) idx[flat] : at[a]) * outStrides[a];
                s += at[a] * srcStrides[a];
            }
            out.storage().setDouble(o, out.storage().getDouble(o) + source.storage().getDouble(s));
        });
        Shape srcShape = source.shape();
        return Graph.record("scatterAdd", out, new Tensor[] {x, source}, new Tensor[] {index}, (g, ctx) -> {
            if (!ctx.needsGrad(1)) {
                return grads(g, null);
            }
            Tensor ix = ctx.saved(0);
            Tensor gs = g.gather(d, ix);
            if (!gs.shape().equals(srcShape)) {
                int[] pads = new int[2 * srcShape.rank()];
                for (int a = 0; a < srcShape.rank(); a++) {
                    pads[2 * (srcShape.rank() - 1 - a) + 1] = srcShape.dim(a) - gs.size(a);
                }
                gs = gs.pad(pads, 0);
            }
            return grads(g, gs);
        });
    }

    /**
     * {@code x} with {@code value} wherever the bool {@code mask} (broadcast to x's shape) is true.
     * Gradient: {@code g} where the mask is false, 0 where it is true.
     */
    public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
        Check.dtype("maskedFill", "mask", mask, DType.BOOL);
        Shape s = Broadcast.shape("maskedFill", x.shape(), mask.shape());
        if (!s.equals(x.shape())) {
            throw new IllegalArgumentException("maskedFill: mask of shape " + mask.shape()
                    + " must broadcast to the tensor's shape " + x.shape() + ", not enlarge it to " + s);
        }
        return Elementwise.where(mask, Tensor.scalar(value, x.dtype()), x);
    }
}
