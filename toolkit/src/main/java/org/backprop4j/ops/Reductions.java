package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.Graph;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;
import org.backprop4j.array.internal.ReduceKernel;

/**
 * Reductions along any set of dimensions ({@code null} means all), with {@code keepDim} keeping reduced dimensions
 * as size 1. Each primitive's derivative rule broadcasts the output gradient back over the reduced dimensions.
 */
public final class Reductions {
    private Reductions() {
    }

    private static Tensor result(Tensor x, double[] values, Shape shape) {
        Tensor out = Tensor.zeros(x.dtype(), shape);
        for (int i = 0; i < values.length; i++) {
            out.storage().setDouble(i, values[i]);
        }
        return out;
    }

    /** Broadcasts a reduction's output (or its gradient) back to the input's shape. Differentiable. */
    static Tensor expandBack(Tensor g, Shape input, int[] dims) {
        return Shaping.reshape(g, ReduceKernel.outShape(input, dims, true).toArray()).expand(input.toArray());
    }

    /** Sum. Gradient: {@code g} broadcast over the reduced dimensions. */
    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        Check.floating("sum", x);
        int[] d = ReduceKernel.normalize("sum", x, dims);
        Shape in = x.shape();
        Tensor out = result(x, ReduceKernel.run("sum", x, d, ReduceKernel.Kind.SUM).values(),
                ReduceKernel.outShape(in, d, keepDim));
        return Graph.record("sum", out, new Tensor[] {x}, (g, ctx) -> grads(expandBack(g, in, d)));
    }

    /** Mean: {@code sum / N} (NaN for an empty reduction, as in PyTorch). */
    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        Check.floating("mean", x);
        int[] d = ReduceKernel.normalize("mean", x, dims);
        return sum(x, d, keepDim).div(ReduceKernel.blockSize(x.shape(), d));
    }

    /**
     * Product. Gradient: {@code g} times the product of the other elements of each block; exact with zeros, and
     * differentiable again except for blocks that contain a zero.
     */
    public static Tensor prod(Tensor x, int[] dims, boolean keepDim) {
        Check.floating("prod", x);
        int[] d = ReduceKernel.normalize("prod", x, dims);
        Shape in = x.shape();
        Tensor out = result(x, ReduceKernel.run("prod", x, d, ReduceKernel.Kind.PROD).values(),
                ReduceKernel.outShape(in, d, keepDim));
        return Graph.record("prod", out, new Tensor[] {x}, new Tensor[] {x, out}, (g, ctx) -> {
            Tensor input = ctx.saved(0);
            Tensor ge = expandBack(g, in, d);
            if (!hasZero(input)) {
                return grads(ge.mul(expandBack(ctx.saved(1), in, d)).div(input));
            }
            Tensor others;
            try (Scope _ = GradMode.noGrad()) {
                others = productOfOthers(input.detach(), d);
            }
            if (input.requiresGrad() && GradMode.isEnabled()) {
                others = Graph.recordOnceDifferentiable("prodWithZeros", others, input);
            }
            return grads(ge.mul(others));
        });
    }

    private static boolean hasZero(Tensor t) {
        for (double v : t.toDoubleArray()) {
            if (v == 0) {
                return true;
            }
        }
        return false;
    }

    /** Largest values over {@code dims}; the gradient is shared equally by tied maxima (PyTorch's amax). */
    public static Tensor amax(Tensor x, int[] dims, boolean keepDim) {
        return extremes("amax", x, dims, keepDim, ReduceKernel.Kind.MAX);
    }

    /** Smallest values over {@code dims}; the gradient is shared equally by tied minima. */
    public static Tensor amin(Tensor x, int[] dims, boolean keepDim) {
        return extremes("amin", x, dims, keepDim, ReduceKernel.Kind.MIN);
    }

    private static Tensor extremes(String op, Tensor x, int[] dims, boolean keepDim, ReduceKernel.Kind kind) {
        Check.floating(op, x);
        int[] d = ReduceKernel.normalize(op, x, dims);
        Shape in = x.shape();
        Tensor out = result(x, ReduceKernel.run(op, x, d, kind).values(), ReduceKernel.outShape(in, d, keepDim));
        return Graph.record(op, out, new Tensor[] {x}, new Tensor[] {x, out}, (g, ctx) -> {
            Tensor mask = ctx.saved(0).eq(expandBack(ctx.saved(1), in, d)).to(g.dtype());
            Tensor count = mask.sum(d, true);
            return grads(mask.div(count).mul(expandBack(g, in, d)));
        });
    }

    /** Largest values along {@code dim} with their int64 indices. Gradient: to the returned index. */
    public static ValuesAndIndices max(Tensor x, int dim, boolean keepDim) {
        return selectAlong("max", x, dim, keepDim, ReduceKernel.Kind.MAX);
    }

    /** Smallest values along {@code dim} with their int64 indices. Gradient: to the returned index. */
    public static ValuesAndIndices min(Tensor x, int dim, boolean keepDim) {
        return selectAlong("min", x, dim, keepDim, ReduceKernel.Kind.MIN);
    }

    private static ValuesAndIndices selectAlong(String op, Tensor x, int dim, boolean keepDim,
            ReduceKernel.Kind kind) {
        Check.floating(op, x);
        int[] d = ReduceKernel.normalize(op, x, new int[] {dim});
        Shape in = x.shape();
        ReduceKernel.Result r = ReduceKernel.run(op, x, d, kind);
        Shape outShape = ReduceKernel.outShape(in, d, keepDim);
        Tensor indices = Tensor.of(org.backprop4j.array.Storage.of(r.positions()), outShape);
        Tensor values = result(x, r.values(), outShape);
        Shape keptShape = ReduceKernel.outShape(in, d, true);
        int axis = d.length == 0 ? 0 : d[0];
        values = Graph.record(op, values, new Tensor[] {x}, new Tensor[] {indices}, (g, ctx) -> {
            if (in.rank() == 0) {
                return grads(g);
            }
            Tensor idx = Shaping.reshape(ctx.saved(0), keptShape.toArray());
            Tensor grad = Shaping.reshape(g, keptShape.toArray());
            return grads(Tensor.zeros(g.dtype(), in.toArray()).scatterAdd(axis, idx, grad));
        });
        return new ValuesAndIndices(values, indices);
    }

    /** Index of the largest element along {@code dim} (over the flattened tensor for {@code null}), as int64. */
    public static Tensor argmax(Tensor x, Integer dim, boolean keepDim) {
        return argExtreme("argmax", x, dim, keepDim, ReduceKernel.Kind.MAX);
    }

    /** Index of the smallest element along {@code dim} (over the flattened tensor for {@code null}), as int64. */
    public static Tensor argmin(Tensor x, Integer dim, boolean keepDim) {
        return argExtreme("argmin", x, dim, keepDim, ReduceKernel.Kind.MIN);
    }

    private static Tensor argExtreme(String op, Tensor x, Integer dim, boolean keepDim, ReduceKernel.Kind kind) {
        int[] d = ReduceKernel.normalize(op, x, dim == null ? null : new int[] {dim});
        ReduceKernel.Result r = ReduceKernel.run(op, x, d, kind);
        Shape shape = dim == null ? (keepDim ? ReduceKernel.outShape(x.shape(), d, true) : Shape.scalar())
                : ReduceKernel.outShape(x.shape(), d, keepDim);
        return Tensor.of(org.backprop4j.array.Storage.of(r.positions()), shape);
    }

    /** Variance dividing by {@code N - correction} (1: unbiased, PyTorch's default; 0: population). */
    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepDim) {
        Check.floating("var", x);
        int[] d = ReduceKernel.normalize("var", x, dims);
        int n = ReduceKernel.blockSize(x.shape(), d);
        Tensor centered = x.sub(sum(x, d, true).div(n));
        return sum(centered.square(), d, keepDim).div(Math.max(n - correction, 0));
    }

    /** Standard deviation: the square root of {@link #var}. */
    public static Tensor std(Tensor x, int[] dims, int correction, boolean keepDim) {
        return var(x, dims, correction, keepDim).sqrt();
    }

    /**
     * {@code log(sum(exp(x)))} over {@code dims}, computed as {@code m + log(sum(exp(x - m)))} with {@code m} the
     * (detached) maximum, so that large inputs do not overflow. Its gradient is the softmax.
     */
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepDim) {
        Check.floating("logsumexp", x);
        int[] d = ReduceKernel.normalize("logsumexp", x, dims);
        Tensor m = amax(x.detach(), d, true);
        m = Tensor.where(m.isFinite(), m, Tensor.scalar(0, x.dtype()));
        Tensor result = sum(x.sub(m).exp(), d, true).log().add(m);
        return keepDim ? result : Shaping.reshape(result, ReduceKernel.outShape(x.shape(), d, false).toArray());
    }

    /**
     * The p-norm over {@code dims}: p = 1 (sum of absolute values), 2 (Euclidean), infinity (largest absolute value),
     * or any other positive p. The 2-norm's gradient is {@code g x / norm}, and 0 where the norm is 0 (as in
     * PyTorch).
     *
     * @throws IllegalArgumentException if {@code p} is not positive
     */
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepDim) {
        Check.floating("norm", x);
        if (!(p > 0)) {
            throw new IllegalArgumentException("norm: p must be positive (1, 2, infinity or another p > 0), got " + p);
        }
        int[] d = ReduceKernel.normalize("norm", x, dims);
        if (p == 1) {
            return sum(x.abs(), d, keepDim);
        }
        if (p == Double.POSITIVE_INFINITY) {
            return amax(x.abs(), d, keepDim);
        }
        if (p != 2) {
            return sum(x.abs().pow(p), d, keepDim).pow(1 / p);
        }
        Shape in = x.shape();
        Tensor out;
        try (Scope _ = GradMode.noGrad()) {
            out = sum(x.square(), d, keepDim).sqrt();
        }
        return Graph.record("norm2", out, new Tensor[] {x}, new Tensor[] {x, out}, (g, ctx) -> {
            Tensor input = ctx.saved(0);
            Tensor n = expandBack(ctx.saved(1), in, d);
            Tensor scaled = input.mul(expandBack(g, in, d)).div(n);
            return grads(Tensor.where(n.eq(0), Tensor.scalar(0, input.dtype()), scaled));
        });
    }

    /**
     * Sums a broadcast gradient back to the shape of the operand it belongs to: over the leading dimensions the
     * operand lacked and over the dimensions where it had size 1. Differentiable.
     */
    static Tensor sumTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) {
            return g;
        }
        int lead = g.dim() - shape.rank();
        int[] dims = new int[g.dim()];
        int n = 0;
        for (int d = 0; d < g.dim(); d++) {
            if (g.size(d) != 1 && (d < lead || shape.dim(d - lead) == 1)) {
                dims[n++] = d;
            }
        }
        Tensor summed = n == 0 ? g : sum(g, java.util.Arrays.copyOf(dims, n), true);
        return Shaping.reshape(summed, shape.toArray());
    }

    /**
     * For each element, the product of the other elements of its reduction block (computed with prefix and suffix
     * products, so zeros are handled exactly). Returned contiguous, with {@code x}'s shape.
     */
    private static Tensor productOfOthers(Tensor x, int[] dims) {
        Tensor moved = Shaping.permute(x, ReduceKernel.reducedLast(x.dim(), dims)).contiguous();
        int block = ReduceKernel.blockSize(x.shape(), dims);
        double[] v = moved.toDoubleArray();
        double[] out = new double[v.length];
        for (int start = 0; block > 0 && start < v.length; start += block) {
            double prefix = 1;
            for (int i = 0; i < block; i++) {
                out[start + i] = prefix;
                prefix *= v[start + i];
            }
            double suffix = 1;
            for (int i = block - 1; i >= 0; i--) {
                out[start + i] *= suffix;
                suffix *= v[start + i];
            }
        }
        Tensor result = Tensor.of(x.dtype(), out).reshape(moved.shape().toArray());
        return Shaping.permute(result, ReduceKernel.inverse(ReduceKernel.reducedLast(x.dim(), dims))).contiguous();
    }
}
