package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.Graph;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Broadcast;
import org.backprop4j.array.internal.Kernels;
import org.backprop4j.array.internal.ReduceKernel;

/**
 * Reshaping, views and joins. Views (reshape of compatible layouts, transpose, permute, expand, slice, select,
 * squeeze, unsqueeze) share storage with their input; their gradients are the inverse rearrangement.
 */
public final class Shaping {
    private Shaping() {
    }

    private static Tensor viewOf(String op, Tensor x, Shape shape, int[] strides, int offset,
            org.backprop4j.autograd.Backward<Tensor> backward) {
        Tensor out = Tensor.asStrided(x.storage(), shape, strides, offset);
        return Graph.record(op, out, new Tensor[] {x}, backward);
    }

    private static Tensor reshapeGrad(Tensor g, Shape in) {
        return reshape(g, in.toArray());
    }

    /** Resolves one -1 in {@code dims} against {@code numel}. */
    private static Shape infer(String op, Tensor x, int[] dims) {
        int known = 1;
        int free = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (free >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be -1, got "
                            + Arrays.toString(dims));
                }
                free = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + dims[i] + " in " + Arrays.toString(dims));
            } else {
                known *= dims[i];
            }
        }
        int[] out = dims.clone();
        if (free >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new IllegalArgumentException(op + ": cannot infer -1 in " + Arrays.toString(dims)
                        + " for a tensor of shape " + x.shape() + " (" + x.numel() + " elements)");
            }
            out[free] = x.numel() / known;
        }
        Shape s = Shape.of(out);
        if (s.numel() != x.numel()) {
            throw new IllegalArgumentException(op + ": shape " + s + " (" + s.numel()
                    + " elements) is invalid for a tensor of shape " + x.shape() + " (" + x.numel() + " elements)");
        }
        return s;
    }

    /**
     * Strides that let {@code shape} view the data of {@code x} without copying, or null where impossible
     * (dimensions may be split or merged only where the old layout is contiguous across them).
     */
    private static int[] viewStrides(Tensor x, Shape shape) {
        int[] newDims = shape.toArray();
        int[] newStrides = new int[newDims.length];
        int[] oldDims = x.shape().toArray();
        int[] oldStrides = x.strides();
        if (x.numel() == 0 || oldDims.length == 0) {
            return shape.contiguousStrides();
        }
        int viewD = newDims.length - 1;
        int base = oldStrides[oldDims.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = oldDims.length - 1; d >= 0; d--) {
            tensorNumel *= oldDims[d];
            boolean chunkEnds = d == 0 || (oldDims[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * base);
            if (chunkEnds) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newDims[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * base);
                    viewNumel *= newDims[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    base = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    /** A view with {@code dims} (one may be -1); copies only when the layout does not allow a view. */
    public static Tensor reshape(Tensor x, int... dims) {
        Shape shape = infer("reshape", x, dims);
        if (shape.equals(x.shape())) {
            return x;
        }
        int[] strides = viewStrides(x, shape);
        Tensor source = strides == null ? copy(x) : x;
        return view(source, shape, strides == null ? shape.contiguousStrides() : strides);
    }

    /**
     * A view with {@code dims} (one may be -1).
     *
     * @throws IllegalArgumentException if the element count differs or the layout needs a copy (use reshape)
     */
    public static Tensor view(Tensor x, int... dims) {
        Shape shape = infer("view", x, dims);
        int[] strides = viewStrides(x, shape);
        if (strides == null) {
            throw new IllegalArgumentException("view: shape " + shape + " is incompatible with the layout of a "
                    + "tensor of shape " + x.shape() + " and strides " + Arrays.toString(x.strides())
                    + " (it is not contiguous across the merged dimensions); use reshape, which copies");
        }
        return view(x, shape, strides);
    }

    private static Tensor view(Tensor x, Shape shape, int[] strides) {
        Shape in = x.shape();
        return viewOf("view", x, shape, strides, x.offset(), (g, ctx) -> grads(reshapeGrad(g, in)));
    }

    /** Merges dimensions {@code start..end} (inclusive) into one. */
    public static Tensor flatten(Tensor x, int start, int end) {
        if (x.dim() == 0) {
            return reshape(x, 1);
        }
        int s = Check.dim("flatten", start, x.dim());
        int e = Check.dim("flatten", end, x.dim());
        if (s > e) {
            throw new IllegalArgumentException("flatten: start dimension " + start + " comes after end dimension "
                    + end + " for shape " + x.shape());
        }
        int[] dims = x.shape().toArray();
        int[] out = new int[dims.length - (e - s)];
        int k = 0;
        for (int d = 0; d < dims.length; d++) {
            if (d <= s || d > e) {
                out[k++] = dims[d];
            } else {
                out[k - 1] *= dims[d];
            }
        }
        return reshape(x, out);
    }

    /** Removes every dimension of size 1. */
    public static Tensor squeeze(Tensor x) {
        int[] dims = x.shape().toArray();
        return reshape(x, Arrays.stream(dims).filter(d -> d != 1).toArray());
    }

    /** Removes dimension {@code dim} if its size is 1; returns {@code x} otherwise, as PyTorch does. */
    public static Tensor squeeze(Tensor x, int dim) {
        int d = Check.dim("squeeze", dim, x.dim());
        if (x.dim() == 0 || x.size(d) != 1) {
            return x;
        }
        int[] dims = x.shape().toArray();
        int[] out = new int[dims.length - 1];
        for (int i = 0, k = 0; i < dims.length; i++) {
            if (i != d) {
                out[k++] = dims[i];
            }
        }
        return reshape(x, out);
    }

    /** Inserts a dimension of size 1 at {@code dim} (in {@code [-rank-1, rank]}). */
    public static Tensor unsqueeze(Tensor x, int dim) {
        int d = Check.dim("unsqueeze", dim, x.dim() + 1);
        int[] dims = x.shape().toArray();
        int[] out = new int[dims.length + 1];
        for (int i = 0, k = 0; i < out.length; i++) {
            out[i] = i == d ? 1 : dims[k++];
        }
        return reshape(x, out);
    }

    /** Swaps two dimensions (a view). */
    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = Check.dim("transpose", dim0, x.dim());
        int b = Check.dim("transpose", dim1, x.dim());
        if (a == b || x.dim() < 2) {
            return x;
        }
        int[] perm = new int[x.dim()];
        Arrays.setAll(perm, i -> i);
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    /** The transpose of a matrix; vectors and scalars are returned as they are. */
    public static Tensor t(Tensor x) {
        if (x.dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor of rank at most 2, got shape " + x.shape()
                    + "; use transpose(dim0, dim1) or permute");
        }
        return x.dim() < 2 ? x : transpose(x, 0, 1);
    }

    /**
     * Reorders dimensions (a view): output dimension {@code i} is input dimension {@code dims[i]}.
     *
     * @throws IllegalArgumentException if {@code dims} is not a permutation of the dimensions
     */
    public static Tensor permute(Tensor x, int... dims) {
        int r = x.dim();
        if (dims.length != r) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " has " + dims.length
                    + " entries for a tensor of rank " + r + " (shape " + x.shape() + ")");
        }
        int[] perm = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            perm[i] = Check.dim("permute", dims[i], r);
            if (seen[perm[i]]) {
                throw new IllegalArgumentException("permute: dimension " + perm[i] + " repeats in "
                        + Arrays.toString(dims));
            }
            seen[perm[i]] = true;
        }
        int[] shape = new int[r];
        int[] strides = new int[r];
        int[] inStrides = x.strides();
        for (int i = 0; i < r; i++) {
            shape[i] = x.size(perm[i]);
            strides[i] = inStrides[perm[i]];
        }
        int[] inverse = ReduceKernel.inverse(perm);
        return viewOf("permute", x, Shape.of(shape), strides, x.offset(),
                (g, ctx) -> grads(permute(g, inverse)));
    }

    /**
     * A broadcast view of {@code x} with shape {@code dims}: new leading dimensions and dimensions of size 1 stretch
     * without copying; -1 keeps a size. Gradient: summed back over the stretched dimensions.
     */
    public static Tensor expand(Tensor x, int... dims) {
        int r = dims.length;
        int lead = r - x.dim();
        if (lead < 0) {
            throw new IllegalArgumentException("expand: target " + Arrays.toString(dims) + " has fewer dimensions "
                    + "than the tensor's shape " + x.shape());
        }
        int[] shape = new int[r];
        int[] strides = new int[r];
        int[] inStrides = x.strides();
        for (int d = 0; d < r; d++) {
            int have = d < lead ? 1 : x.size(d - lead);
            int want = dims[d] == -1 && d >= lead ? have : dims[d];
            if (want < 0 || (have != want && have != 1)) {
                throw new IllegalArgumentException("expand: cannot expand shape " + x.shape() + " to "
                        + Arrays.toString(dims) + ": dimension " + d + " has size " + have
                        + " and only size-1 dimensions can be expanded");
            }
            shape[d] = want;
            strides[d] = d < lead || have != want ? 0 : inStrides[d - lead];
        }
        Shape target = Shape.of(shape);
        if (target.equals(x.shape())) {
            return x;
        }
        Shape in = x.shape();
        return viewOf("expand", x, target, strides, x.offset(), (g, ctx) -> grads(Reductions.sumTo(g, in)));
    }

    /**
     * Elements {@code start, start+step, ...} below {@code end} along {@code dim} (a view). Negative bounds count
     * from the end and bounds are clamped to the dimension, as in Python slicing.
     *
     * @throws IllegalArgumentException if {@code step} is not positive
     */
    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = Check.dim("slice", dim, x.dim());
        if (x.dim() == 0) {
            throw new IllegalArgumentException("slice: cannot slice a scalar");
        }
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step + " (dimension " + d
                    + " of shape " + x.shape() + ")");
        }
        int n = x.size(d);
        int s = clampIndex(start, n);
        int e = Math.max(clampIndex(end, n), s);
        int len = (e - s + step - 1) / step;
        int[] strides = x.strides();
        int offset = x.offset() + (len > 0 ? s * strides[d] : 0);
        strides[d] *= step;
        Shape in = x.shape();
        return viewOf("slice", x, in.with(d, len), strides, offset,
                (g, ctx) -> grads(sliceBackward(g, in, d, s, e, step)));
    }

    private static int clampIndex(int i, int n) {
        int v = i < 0 ? i + n : i;
        return Math.max(0, Math.min(v, n));
    }

    /** Zeros of shape {@code in} with {@code g} written into the slice: the gradient of {@link #slice}. */
    static Tensor sliceBackward(Tensor g, Shape in, int d, int start, int end, int step) {
        Tensor out = Tensor.zeros(g.dtype(), in);
        Kernels.copyInto(slice(out, d, start, end, step), g);
        return Graph.record("sliceBackward", out, new Tensor[] {g},
                (gg, ctx) -> grads(slice(gg, d, start, end, step)));
    }

    /**
     * The slice at {@code index} along {@code dim}, with the dimension removed (a view).
     *
     * @throws IndexOutOfBoundsException naming the index, dimension and size
     */
    public static Tensor select(Tensor x, int dim, int index) {
        int d = Check.dim("select", dim, x.dim());
        if (x.dim() == 0) {
            throw new IllegalArgumentException("select: cannot index a scalar");
        }
        int n = x.size(d);
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dimension " + d
                    + " of size " + n + " (shape " + x.shape() + ")");
        }
        int i = index < 0 ? index + n : index;
        int[] shape = x.shape().toArray();
        int[] strides = x.strides();
        int[] outShape = new int[shape.length - 1];
        int[] outStrides = new int[shape.length - 1];
        for (int a = 0, k = 0; a < shape.length; a++) {
            if (a != d) {
                outShape[k] = shape[a];
                outStrides[k++] = strides[a];
            }
        }
        Shape in = x.shape();
        return viewOf("select", x, Shape.of(outShape), outStrides, x.offset() + i * strides[d],
                (g, ctx) -> grads(sliceBackward(unsqueeze(g, d), in, d, i, i + 1, 1)));
    }

    /** {@code x} itself when contiguous, else a contiguous copy (which stays in the graph). */
    public static Tensor contiguous(Tensor x) {
        return x.isContiguous() ? x : copy(x);
    }

    /** A contiguous copy. Gradient: {@code g}. */
    public static Tensor copy(Tensor x) {
        Tensor out = Tensor.of(Kernels.copyOf(x, x.dtype()), x.shape());
        return Graph.record("clone", out, new Tensor[] {x}, (g, ctx) -> grads(g));
    }
}
