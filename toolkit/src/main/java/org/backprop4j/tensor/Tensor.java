package org.backprop4j.tensor;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.autograd.Variable;
import org.backprop4j.ops.Activations;
import org.backprop4j.ops.Comparison;
import org.backprop4j.ops.Elementwise;
import org.backprop4j.ops.InPlace;
import org.backprop4j.ops.Indexing;
import org.backprop4j.ops.Joins;
import org.backprop4j.ops.LinAlg;
import org.backprop4j.ops.Reductions;
import org.backprop4j.ops.Shaping;

/**
 * An n-dimensional array that records the operations applied to it, so that {@link #backward()} can compute
 * gradients. A tensor is a strided view over a {@link Storage} ({@link org.backprop4j.array.StridedArray}):
 * transposes, slices, expansions and reshapes of contiguous data share storage without copying; its autograd state
 * (gradient, {@code gradFn}, hooks) is the part it inherits from {@link Variable}. Operations are chainable and never
 * modify their operands (the few in-place methods end in {@code InPlace} or are named {@code fill}, {@code zero}, {@code copyFrom}).
 *
 * {@snippet file="CoreSnippets.java" region="tensor"}
 *
 * The methods below are a facade: each op's forward and derivative live in its family in
 * {@code org.backprop4j.ops}, whose documentation gives shapes and rules.
 */
public class Tensor extends Variable<Tensor> {
    private Tensor(Storage storage, Shape shape, int[] strides, int offset) {
        super(storage, shape, strides, offset);
    }

    /**
     * For the tensor kinds of {@code nn} (parameters, buffers): a new leaf sharing {@code data}'s storage and
     * layout. Tensor is not otherwise meant to be subclassed; its methods are final.
     */
    protected Tensor(Tensor data) {
        this(data.storage(), data.shape(), data.strides(), data.offset());
    }

    /** A contiguous tensor over the whole of {@code storage}, which must hold exactly {@code shape.numel()}. */
    public static Tensor of(Storage storage, Shape shape) {
        if (storage.length() != shape.numel()) {
            throw new IllegalArgumentException("of: storage holds " + storage.length() + " elements but shape "
                    + shape + " needs " + shape.numel());
        }
        return new Tensor(storage, shape, shape.contiguousStrides(), 0);
    }

    /**
     * A view of {@code storage} with explicit strides and offset (PyTorch's {@code as_strided}).
     *
     * @throws IllegalArgumentException if the view would reach outside the storage or a stride is negative
     */
    public static Tensor asStrided(Storage storage, Shape shape, int[] strides, int offset) {
        if (strides.length != shape.rank()) {
            throw new IllegalArgumentException("asStrided: " + strides.length + " strides for shape " + shape);
        }
        long last = offset;
        for (int d = 0; d < strides.length; d++) {
            if (strides[d] < 0) {
                throw new IllegalArgumentException("asStrided: negative stride " + strides[d] + " in dimension " + d);
            }
            last += (long) strides[d] * (shape.dim(d) - 1);
        }
        if (offset < 0 || (shape.numel() > 0 && last >= storage.length())) {
            throw new IllegalArgumentException("asStrided: shape " + shape + " with strides "
                    + java.util.Arrays.toString(strides) + " at offset " + offset + " reaches element " + last
                    + " of a storage of " + storage.length());
        }
        return new Tensor(storage, shape, strides.clone(), offset);
    }

    // ---------------------------------------------------------------- factories (see Creation)

    public static Tensor scalar(double value) { return Creation.full(DType.defaultFloat(), value, Shape.scalar()); }
    public static Tensor scalar(double value, DType dtype) { return Creation.full(dtype, value, Shape.scalar()); }
    public static Tensor of(float... values) { return of(Storage.of(values.clone()), Shape.of(values.length)); }
    public static Tensor of(double... values) { return of(Storage.of(values.clone()), Shape.of(values.length)); }
    public static Tensor of(long... values) { return of(Storage.of(values.clone()), Shape.of(values.length)); }
    public static Tensor of(boolean... values) { return of(Storage.of(values.clone()), Shape.of(values.length)); }
    /**
     * {@code values} in row-major order as a tensor of {@code shape}, e.g.
     * {@code Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)}; likewise for double, long and boolean arrays.
     *
     * @throws IllegalArgumentException if the number of values is not the product of {@code shape}
     */
    public static Tensor of(float[] values, int... shape) { return shaped(Storage.of(values.clone()), shape); }
    public static Tensor of(double[] values, int... shape) { return shaped(Storage.of(values.clone()), shape); }
    public static Tensor of(long[] values, int... shape) { return shaped(Storage.of(values.clone()), shape); }
    public static Tensor of(boolean[] values, int... shape) { return shaped(Storage.of(values.clone()), shape); }

    private static Tensor shaped(Storage values, int[] dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("Tensor.of: shape " + java.util.Arrays.toString(dims)
                        + " has a negative dimension; give every dimension explicitly");
            }
        }
        Shape shape = Shape.of(dims);
        if (values.length() != shape.numel()) {
            throw new IllegalArgumentException("Tensor.of: " + values.length() + " " + values.dtype() + " values "
                    + "cannot fill shape " + shape + ", which holds " + shape.numel() + "; pass as many values as "
                    + "the product of the dimensions");
        }
        return of(values, shape);
    }

    /** Values converted to {@code dtype}, e.g. {@code Tensor.of(DType.FLOAT32, 1, 2, 3)}. */
    public static Tensor of(DType dtype, double... values) { return Creation.fromDoubles(dtype, values); }
    public static Tensor of(float[][] rows) { return Creation.fromNested(rows, DType.FLOAT32); }
    public static Tensor of(double[][] rows) { return Creation.fromNested(rows, DType.FLOAT64); }
    public static Tensor of(float[][][] blocks) { return Creation.fromNested(blocks, DType.FLOAT32); }
    public static Tensor of(double[][][] blocks) { return Creation.fromNested(blocks, DType.FLOAT64); }
    public static Tensor of(long[][] rows) { return Creation.fromNested(rows, DType.INT64); }
    public static Tensor zeros(int... dims) { return Creation.full(DType.defaultFloat(), 0, Shape.of(dims)); }
    public static Tensor zeros(DType dtype, int... dims) { return Creation.full(dtype, 0, Shape.of(dims)); }
    public static Tensor zeros(DType dtype, Shape shape) { return Creation.full(dtype, 0, shape); }
    public static Tensor ones(int... dims) { return Creation.full(DType.defaultFloat(), 1, Shape.of(dims)); }
    public static Tensor ones(DType dtype, int... dims) { return Creation.full(dtype, 1, Shape.of(dims)); }
    public static Tensor full(double value, int... dims) { return Creation.full(DType.defaultFloat(), value, Shape.of(dims)); }
    public static Tensor full(DType dtype, double value, int... dims) { return Creation.full(dtype, value, Shape.of(dims)); }
    public static Tensor zerosLike(Tensor t) { return Creation.full(t.dtype(), 0, t.shape()); }
    public static Tensor onesLike(Tensor t) { return Creation.full(t.dtype(), 1, t.shape()); }
    public static Tensor fullLike(Tensor t, double value) { return Creation.full(t.dtype(), value, t.shape()); }
    /** {@code 0, 1, ..., end-1} as int64, like PyTorch's integer {@code arange}. */
    public static Tensor arange(long end) { return Creation.arange(DType.INT64, 0, end, 1); }
    /** {@code start, start+step, ...} below {@code end} (above, for a negative step), of {@link DType#defaultFloat()}. */
    public static Tensor arange(double start, double end, double step) { return Creation.arange(DType.defaultFloat(), start, end, step); }
    public static Tensor arange(DType dtype, double start, double end, double step) { return Creation.arange(dtype, start, end, step); }
    /** {@code steps} evenly spaced values (default floating type) from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps) { return Creation.linspace(DType.defaultFloat(), start, end, steps); }
    public static Tensor linspace(DType dtype, double start, double end, int steps) { return Creation.linspace(dtype, start, end, steps); }
    public static Tensor eye(int n) { return Creation.eye(DType.defaultFloat(), n, n); }
    public static Tensor eye(DType dtype, int n, int m) { return Creation.eye(dtype, n, m); }
    /** Uniform on [0, 1) from the global generator ({@link Rng#global()}). */
    public static Tensor rand(int... dims) { return Creation.rand(Rng.global(), DType.defaultFloat(), Shape.of(dims)); }
    public static Tensor rand(Rng rng, int... dims) { return Creation.rand(rng, DType.defaultFloat(), Shape.of(dims)); }
    public static Tensor rand(Rng rng, DType dtype, int... dims) { return Creation.rand(rng, dtype, Shape.of(dims)); }
    /** Standard normal from the global generator ({@link Rng#global()}). */
    public static Tensor randn(int... dims) { return Creation.randn(Rng.global(), DType.defaultFloat(), Shape.of(dims)); }
    public static Tensor randn(Rng rng, int... dims) { return Creation.randn(rng, DType.defaultFloat(), Shape.of(dims)); }
    public static Tensor randn(Rng rng, DType dtype, int... dims) { return Creation.randn(rng, dtype, Shape.of(dims)); }
    /** Uniform integers in {@code [low, high)} as int64. */
    public static Tensor randint(long low, long high, int... dims) { return Creation.randint(Rng.global(), low, high, Shape.of(dims)); }
    public static Tensor randint(Rng rng, long low, long high, int... dims) { return Creation.randint(rng, low, high, Shape.of(dims)); }

    // ---------------------------------------------------------------- data

    /**
     * True when shapes match and everywhere {@code a == b} or {@code |a - b| <= atol + rtol |b|} for a finite
     * {@code b} (NaNs never match; an infinity matches only itself).
     */
    public final boolean allClose(Tensor other, double rtol, double atol) { return Creation.allClose(this, other, rtol, atol); }
    public final boolean allClose(Tensor other) { return allClose(other, 1e-5, 1e-8); }

    /** PyTorch-style printing, summarized with {@code ...} for more than 1000 elements. */
    @Override
    public final String toString() { return TensorFormatter.format(this); }

    // ---------------------------------------------------------------- autograd (the rest is in Variable)

    /** A tensor sharing this one's data but cut from the graph: a leaf that does not require grad. */
    @Override
    public final Tensor detach() { return new Tensor(storage(), shape(), strides(), offset()); }

    @Override
    protected final Tensor newOnes() { return onesLike(this); }

    @Override
    protected final Tensor[] newArray(int length) { return new Tensor[length]; }

    // ---------------------------------------------------------------- elementwise (Elementwise)

    @Override
    public final Tensor add(Tensor other) { return Elementwise.add(this, other); }
    public final Tensor add(double value) { return Elementwise.add(this, Creation.scalarLike(this, value)); }
    public final Tensor sub(Tensor other) { return Elementwise.sub(this, other); }
    public final Tensor sub(double value) { return Elementwise.sub(this, Creation.scalarLike(this, value)); }
    public final Tensor mul(Tensor other) { return Elementwise.mul(this, other); }
    public final Tensor mul(double value) { return Elementwise.mul(this, Creation.scalarLike(this, value)); }
    public final Tensor div(Tensor other) { return Elementwise.div(this, other); }
    public final Tensor div(double value) { return Elementwise.div(this, Creation.scalarLike(this, value)); }
    public final Tensor neg() { return Elementwise.neg(this); }
    public final Tensor pow(Tensor exponent) { return Elementwise.pow(this, exponent); }
    public final Tensor pow(double exponent) { return Elementwise.pow(this, exponent); }
    public final Tensor square() { return Elementwise.pow(this, 2); }
    public final Tensor exp() { return Elementwise.exp(this); }
    public final Tensor expm1() { return Elementwise.expm1(this); }
    public final Tensor log() { return Elementwise.log(this); }
    public final Tensor log1p() { return Elementwise.log1p(this); }
    public final Tensor sqrt() { return Elementwise.sqrt(this); }
    public final Tensor rsqrt() { return Elementwise.rsqrt(this); }
    public final Tensor abs() { return Elementwise.abs(this); }
    public final Tensor sign() { return Elementwise.sign(this); }
    public final Tensor sin() { return Elementwise.sin(this); }
    public final Tensor cos() { return Elementwise.cos(this); }
    public final Tensor erf() { return Elementwise.erf(this); }
    public final Tensor reciprocal() { return Elementwise.reciprocal(this); }
    /** Clamps into {@code [min, max]}; pass an infinity for an open side. */
    public final Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max); }
    public final Tensor minimum(Tensor other) { return Elementwise.minimum(this, other); }
    public final Tensor maximum(Tensor other) { return Elementwise.maximum(this, other); }
    /** {@code condition ? a : b} elementwise, broadcasting all three. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Elementwise.where(condition, a, b); }
    /** A copy converted to {@code dtype} (differentiable between floating types). */
    public final Tensor to(DType dtype) { return Elementwise.cast(this, dtype); }

    // ---------------------------------------------------------------- comparisons (Comparison), no gradient

    public final Tensor eq(Tensor other) { return Comparison.eq(this, other); }
    public final Tensor eq(double value) { return Comparison.eq(this, Creation.scalarLike(this, value)); }
    public final Tensor ne(Tensor other) { return Comparison.ne(this, other); }
    public final Tensor ne(double value) { return Comparison.ne(this, Creation.scalarLike(this, value)); }
    public final Tensor lt(Tensor other) { return Comparison.lt(this, other); }
    public final Tensor lt(double value) { return Comparison.lt(this, Creation.scalarLike(this, value)); }
    public final Tensor le(Tensor other) { return Comparison.le(this, other); }
    public final Tensor le(double value) { return Comparison.le(this, Creation.scalarLike(this, value)); }
    public final Tensor gt(Tensor other) { return Comparison.gt(this, other); }
    public final Tensor gt(double value) { return Comparison.gt(this, Creation.scalarLike(this, value)); }
    public final Tensor ge(Tensor other) { return Comparison.ge(this, other); }
    public final Tensor ge(double value) { return Comparison.ge(this, Creation.scalarLike(this, value)); }
    public final Tensor logicalAnd(Tensor other) { return Comparison.logicalAnd(this, other); }
    public final Tensor logicalOr(Tensor other) { return Comparison.logicalOr(this, other); }
    public final Tensor logicalNot() { return Comparison.logicalNot(this); }
    public final Tensor isNan() { return Comparison.isNan(this); }
    public final Tensor isFinite() { return Comparison.isFinite(this); }

    // ---------------------------------------------------------------- activations (Activations)

    public final Tensor relu() { return Activations.relu(this); }
    public final Tensor leakyRelu(double negativeSlope) { return Activations.leakyRelu(this, negativeSlope); }
    public final Tensor elu(double alpha) { return Activations.elu(this, alpha); }
    public final Tensor selu() { return Activations.selu(this); }
    /** The exact GELU, {@code x * Phi(x)}. */
    public final Tensor gelu() { return Activations.gelu(this, false); }
    /** GELU; with {@code tanhApproximation} the tanh formula of Hendrycks and Gimpel. */
    public final Tensor gelu(boolean tanhApproximation) { return Activations.gelu(this, tanhApproximation); }
    public final Tensor silu() { return Activations.silu(this); }
    public final Tensor sigmoid() { return Activations.sigmoid(this); }
    public final Tensor tanh() { return Activations.tanh(this); }
    public final Tensor softplus() { return Activations.softplus(this, 1, 20); }
    public final Tensor softplus(double beta, double threshold) { return Activations.softplus(this, beta, threshold); }
    public final Tensor hardtanh(double min, double max) { return Activations.hardtanh(this, min, max); }
    public final Tensor softmax(int dim) { return Activations.softmax(this, dim); }
    public final Tensor logSoftmax(int dim) { return Activations.logSoftmax(this, dim); }
    public final Tensor softmin(int dim) { return Activations.softmin(this, dim); }
    public final Tensor logSigmoid() { return Activations.logSigmoid(this); }
    public final Tensor mish() { return Activations.mish(this); }
    public final Tensor hardsigmoid() { return Activations.hardsigmoid(this); }
    public final Tensor hardswish() { return Activations.hardswish(this); }
    public final Tensor softsign() { return Activations.softsign(this); }
    public final Tensor celu(double alpha) { return Activations.celu(this, alpha); }
    /** {@code x} where {@code x > threshold}, else {@code value}. */
    public final Tensor threshold(double threshold, double value) { return Activations.threshold(this, threshold, value); }
    /** Gated linear unit: first half along {@code dim} times the sigmoid of the second half. */
    public final Tensor glu(int dim) { return Activations.glu(this, dim); }
    /** {@code min(max(x, 0), 6)}. */
    public final Tensor relu6() { return Activations.relu6(this); }
    /** {@code x} where {@code |x| > lambd}, else 0. */
    public final Tensor hardshrink(double lambd) { return Activations.hardshrink(this, lambd); }
    /** {@code x} moved {@code lambd} towards 0, and 0 within {@code [-lambd, lambd]}. */
    public final Tensor softshrink(double lambd) { return Activations.softshrink(this, lambd); }
    /** {@code x - tanh(x)}. */
    public final Tensor tanhshrink() { return Activations.tanhshrink(this); }
    /** Parametric ReLU with one slope ({@code [1]}) or one per channel ({@code [C]}, channels at dimension 1). */
    public final Tensor prelu(Tensor weight) { return Activations.prelu(this, weight); }

    // ---------------------------------------------------------------- reductions (Reductions)

    public final Tensor sum() { return Reductions.sum(this, null, false); }
    public final Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }
    public final Tensor sum(int dim, boolean keepDim) { return Reductions.sum(this, new int[] {dim}, keepDim); }
    public final Tensor sum(int[] dims, boolean keepDim) { return Reductions.sum(this, dims, keepDim); }
    public final Tensor mean() { return Reductions.mean(this, null, false); }
    public final Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }
    public final Tensor mean(int dim, boolean keepDim) { return Reductions.mean(this, new int[] {dim}, keepDim); }
    public final Tensor mean(int[] dims, boolean keepDim) { return Reductions.mean(this, dims, keepDim); }
    public final Tensor prod() { return Reductions.prod(this, null, false); }
    public final Tensor prod(int dim) { return Reductions.prod(this, new int[] {dim}, false); }
    public final Tensor prod(int dim, boolean keepDim) { return Reductions.prod(this, new int[] {dim}, keepDim); }
    public final Tensor prod(int[] dims, boolean keepDim) { return Reductions.prod(this, dims, keepDim); }
    /** The largest element; ties share the gradient equally. */
    public final Tensor max() { return Reductions.amax(this, null, false); }
    /** Largest values along {@code dim} and their indices; the gradient goes to the returned index. */
    public final ValuesAndIndices max(int dim) { return Reductions.max(this, dim, false); }
    public final ValuesAndIndices max(int dim, boolean keepDim) { return Reductions.max(this, dim, keepDim); }
    public final Tensor min() { return Reductions.amin(this, null, false); }
    public final ValuesAndIndices min(int dim) { return Reductions.min(this, dim, false); }
    public final ValuesAndIndices min(int dim, boolean keepDim) { return Reductions.min(this, dim, keepDim); }
    /** Largest values over several dims; ties share the gradient equally. */
    public final Tensor amax(int[] dims, boolean keepDim) { return Reductions.amax(this, dims, keepDim); }
    public final Tensor amin(int[] dims, boolean keepDim) { return Reductions.amin(this, dims, keepDim); }
    /** Flat index of the largest element, as int64. */
    public final Tensor argmax() { return Reductions.argmax(this, null, false); }
    /** Index of the largest element along {@code dim} (dropped), as int64: {@code logits.argmax(1)} gives classes. */
    public final Tensor argmax(int dim) { return Reductions.argmax(this, dim, false); }
    public final Tensor argmax(int dim, boolean keepDim) { return Reductions.argmax(this, dim, keepDim); }
    public final Tensor argmin() { return Reductions.argmin(this, null, false); }
    public final Tensor argmin(int dim) { return Reductions.argmin(this, dim, false); }
    public final Tensor argmin(int dim, boolean keepDim) { return Reductions.argmin(this, dim, keepDim); }
    /** Unbiased variance over all elements (Bessel's correction, as in PyTorch). */
    public final Tensor var() { return Reductions.var(this, null, 1, false); }
    public final Tensor var(int dim) { return Reductions.var(this, new int[] {dim}, 1, false); }
    /** Variance dividing by {@code N - correction}. */
    public final Tensor var(int[] dims, int correction, boolean keepDim) { return Reductions.var(this, dims, correction, keepDim); }
    public final Tensor std() { return Reductions.std(this, null, 1, false); }
    public final Tensor std(int dim) { return Reductions.std(this, new int[] {dim}, 1, false); }
    public final Tensor std(int[] dims, int correction, boolean keepDim) { return Reductions.std(this, dims, correction, keepDim); }
    public final Tensor logsumexp(int dim) { return Reductions.logsumexp(this, new int[] {dim}, false); }
    public final Tensor logsumexp(int[] dims, boolean keepDim) { return Reductions.logsumexp(this, dims, keepDim); }
    /** The 2-norm of all elements. */
    public final Tensor norm() { return Reductions.norm(this, 2, null, false); }
    /** The p-norm of all elements; {@code p} is 1, 2 or {@code Double.POSITIVE_INFINITY}. */
    public final Tensor norm(double p) { return Reductions.norm(this, p, null, false); }
    public final Tensor norm(double p, int[] dims, boolean keepDim) { return Reductions.norm(this, p, dims, keepDim); }

    // ---------------------------------------------------------------- linear algebra (LinAlg)

    /** Matrix product with PyTorch's 1-D, 2-D and batched broadcasting rules. */
    public final Tensor matmul(Tensor other) { return LinAlg.matmul(this, other); }
    public final Tensor outer(Tensor other) { return LinAlg.outer(this, other); }
    public final Tensor dot(Tensor other) { return LinAlg.dot(this, other); }

    // ---------------------------------------------------------------- shaping (Shaping)

    /** A view when the layout allows it, a copy otherwise; one dimension may be -1. */
    public final Tensor reshape(int... dims) { return Shaping.reshape(this, dims); }
    /** Like reshape, but never copies: fails when the layout does not allow a view. */
    public final Tensor view(int... dims) { return Shaping.view(this, dims); }
    public final Tensor flatten() { return Shaping.flatten(this, 0, -1); }
    /** Merges dimensions {@code startDim..-1}, e.g. {@code x.flatten(1)} keeps the batch dimension. */
    public final Tensor flatten(int startDim) { return Shaping.flatten(this, startDim, -1); }
    public final Tensor flatten(int startDim, int endDim) { return Shaping.flatten(this, startDim, endDim); }
    public final Tensor squeeze() { return Shaping.squeeze(this); }
    public final Tensor squeeze(int dim) { return Shaping.squeeze(this, dim); }
    public final Tensor unsqueeze(int dim) { return Shaping.unsqueeze(this, dim); }
    public final Tensor transpose(int dim0, int dim1) { return Shaping.transpose(this, dim0, dim1); }
    /** Transpose of a matrix (rank at most 2). */
    public final Tensor t() { return Shaping.t(this); }
    public final Tensor permute(int... dims) { return Shaping.permute(this, dims); }
    /** A broadcast view; -1 keeps a dimension. */
    public final Tensor expand(int... dims) { return Shaping.expand(this, dims); }
    /** Elements {@code start, start+1, ...} below {@code end} along {@code dim}; negative values count from the end. */
    public final Tensor slice(int dim, int start, int end) { return Shaping.slice(this, dim, start, end, 1); }
    public final Tensor slice(int dim, int start, int end, int step) { return Shaping.slice(this, dim, start, end, step); }
    /** The slice at {@code index} along {@code dim}, with that dimension removed. */
    public final Tensor select(int dim, int index) { return Shaping.select(this, dim, index); }
    /** A contiguous tensor with the same values (this tensor itself when already contiguous). */
    public final Tensor contiguous() { return Shaping.contiguous(this); }
    /** A contiguous copy that stays in the graph. */
    @Override
    public final Tensor clone() { return Shaping.copy(this); }
    public static Tensor cat(List<Tensor> tensors, int dim) { return Joins.cat(tensors, dim); }
    public static Tensor stack(List<Tensor> tensors, int dim) { return Joins.stack(tensors, dim); }
    /** Pieces of {@code size} along {@code dim} (the last may be smaller). */
    public final List<Tensor> split(int size, int dim) { return Joins.split(this, size, dim); }
    public final List<Tensor> split(int[] sizes, int dim) { return Joins.split(this, sizes, dim); }
    public final List<Tensor> chunk(int chunks, int dim) { return Joins.chunk(this, chunks, dim); }
    /** Constant padding; {@code pads} holds (before, after) pairs starting from the last dimension, as in PyTorch. */
    public final Tensor pad(int[] pads, double value) { return Joins.pad(this, pads, value); }

    // ---------------------------------------------------------------- indexing (Indexing)

    public final Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }
    public final Tensor indexAdd(int dim, Tensor index, Tensor source) { return Indexing.indexAdd(this, dim, index, source); }
    public final Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
    public final Tensor scatterAdd(int dim, Tensor index, Tensor source) { return Indexing.scatterAdd(this, dim, index, source); }
    public final Tensor maskedFill(Tensor mask, double value) { return Indexing.maskedFill(this, mask, value); }

    // ---------------------------------------------------------------- in place (InPlace), never recorded

    /** Adds {@code other} (broadcast to this shape) into this tensor. */
    @Override
    public final Tensor addInPlace(Tensor other) { return InPlace.add(this, other, 1); }
    /** Adds {@code alpha * other} into this tensor. */
    public final Tensor addInPlace(Tensor other, double alpha) { return InPlace.add(this, other, alpha); }
    public final Tensor mulInPlace(double factor) { return InPlace.mul(this, factor); }
    public final Tensor fill(double value) { return InPlace.fill(this, value); }
    public final Tensor zero() { return InPlace.fill(this, 0); }
    /** Copies {@code source} (broadcast to this shape, converted to this dtype) into this tensor. */
    public final Tensor copyFrom(Tensor source) { return InPlace.copy(this, source); }
}
