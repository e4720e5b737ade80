package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.TableKernels;
import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;

/**
 * Two primitives that move every plane of a tensor through one index table, each the other's adjoint (and so each
 * the other's gradient, to every order). The last dimension holds the planes' elements; the table says, for every
 * output element, which element of its plane it comes from. The windows of 3-D convolutions and of all pooling, the
 * borders of reflect, replicate and circular padding and nearest-neighbour resampling are such tables
 * ({@code array.internal.Window3d}, {@link Padding}, {@link Resampling}).
 */
public final class TableGather {
    private TableGather() {
    }

    /**
     * {@code out[..., i] = x[..., table[i]]}, or {@code fill} where {@code table[i] = -1}: {@code [..., S] -> [..., T]}
     * with {@code T = table.length}. Gradient: {@link #scatterAdd} of the output gradient through the same table.
     * The table must not change afterwards (the gradient reads it).
     *
     * @throws IllegalArgumentException if a table entry is outside {@code [-1, S)}
     */
    public static Tensor gather(Tensor x, int[] table, double fill) {
        Check.floating("tableGather", x);
        if (x.dim() == 0) {
            throw new IllegalArgumentException("tableGather: expected a tensor with at least one dimension, got a "
                    + "scalar");
        }
        int size = x.size(-1);
        checkTable("tableGather", table, size);
        Tensor in = x.detach().contiguous();
        int planes = size == 0 ? 0 : in.numel() / size;
        Tensor out = Tensor.zeros(x.dtype(), x.shape().with(x.dim() - 1, table.length));
        if (x.dtype() == DType.FLOAT32) {
            TableKernels.gather(in.storage().floats(), in.offset(), planes, size, table, (float) fill,
                    out.storage().floats());
        } else {
            TableKernels.gather(in.storage().doubles(), in.offset(), planes, size, table, fill,
                    out.storage().doubles());
        }
        return Graph.record("tableGather", out, new Tensor[] {x}, (g, ctx) -> grads(scatterAdd(g, table, size)));
    }

    /**
     * The adjoint of {@link #gather}: {@code [..., T] -> [..., size]}, adding {@code g[..., i]} into element
     * {@code table[i]} (entries of -1 are dropped). Gradient: {@link #gather} with fill 0.
     *
     * @throws IllegalArgumentException if the last dimension is not the table's length or an entry is outside
     *                                  {@code [-1, size)}
     */
    public static Tensor scatterAdd(Tensor g, int[] table, int size) {
        Check.floating("tableScatter", g);
        if (g.dim() == 0 || g.size(-1) != table.length) {
            throw new IllegalArgumentException("tableScatter: expected a last dimension of " + table.length
                    + " (the table's length), got shape " + g.shape());
        }
        checkTable("tableScatter", table, size);
        Tensor in = g.detach().contiguous();
        int planes = table.length == 0 ? 0 : in.numel() / table.length;
        Shape shape = g.shape().with(g.dim() - 1, size);
        Tensor out = Tensor.zeros(g.dtype(), shape);
        if (g.dtype() == DType.FLOAT32) {
            TableKernels.scatterAdd(in.storage().floats(), in.offset(), planes, size, table, out.storage().floats());
        } else {
            TableKernels.scatterAdd(in.storage().doubles(), in.offset(), planes, size, table,
                    out.storage().doubles());
        }
        return Graph.record("tableScatter", out, new Tensor[] {g}, (gg, ctx) -> grads(gather(gg, table, 0)));
    }

    private static void checkTable(String op, int[] table, int size) {
        for (int s : table) {
            if (s < -1 || s >= size) {
                throw new IllegalArgumentException(op + ": table entry " + s + " is outside [-1, " + size + ")");
            }
        }
    }
}
