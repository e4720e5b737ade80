package org.backprop4j.autograd;

import java.util.function.UnaryOperator;

import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.array.StridedArray;

/**
 * An array that takes part in differentiation: the autograd half of a tensor (PyTorch's {@code AutogradMeta}).
 * It knows whether gradients flow to it, the op that produced it ({@link #gradFn()}) and, for a leaf, its
 * accumulated {@link #grad()}. The engine works on this type alone; {@code Tensor} is its one implementation and
 * supplies the few operations the engine needs to sum and copy gradients.
 *
 * @param <V> the implementing type itself ({@code Tensor})
 */
public abstract class Variable<V extends Variable<V>> extends StridedArray {
    private boolean requiresGrad;
    private Node<V> gradFn;
    private Node<V> accumulator;
    private V grad;
    /** True while {@link #grad} was made by the engine and never handed out by {@link #grad()} nor set by a caller. */
    private boolean gradOwned;

    protected Variable(Storage storage, Shape shape, int[] strides, int offset) {
        super(storage, shape, strides, offset);
    }

    @SuppressWarnings("unchecked")
    final V self() {
        return (V) this;
    }

    // ---------------------------------------------------------------- what the engine asks of the tensor type

    /** {@code this + other}, recorded when grad mode is on (the engine sums gradients with it). */
    public abstract V add(V other);

    /** Adds {@code other} into this tensor, unrecorded. */
    public abstract V addInPlace(V other);

    /** A tensor sharing this one's data but cut from the graph. */
    public abstract V detach();

    /** A contiguous copy that stays in the graph. */
    @Override
    public abstract V clone();

    /** Ones of this shape and dtype: the implicit gradient of a scalar output. */
    protected abstract V newOnes();

    /** A new array of the implementing type, for the engine's results. */
    protected abstract V[] newArray(int length);

    // ---------------------------------------------------------------- autograd state

    /** True when gradients flow to or through this tensor. */
    public final boolean requiresGrad() {
        return requiresGrad || gradFn != null;
    }

    /**
     * Marks a leaf tensor as a parameter whose gradient {@link #backward()} accumulates into {@link #grad()}.
     *
     * @return this tensor
     * @throws AutogradException if the tensor is the result of a differentiable op (not a leaf), or is not floating
     */
    public final V requiresGrad(boolean flag) {
        if (gradFn != null) {
            throw new AutogradException("requiresGrad: tensor of shape " + shape() + " is the result of '"
                    + gradFn.op() + "', not a leaf; use detach().requiresGrad(" + flag + ")");
        }
        if (flag && !dtype().isFloatingPoint()) {
            throw new AutogradException("requiresGrad: only floating tensors can require grad, this one is "
                    + dtype());
        }
        this.requiresGrad = flag;
        return self();
    }

    /** True unless this tensor is the result of a recorded op. */
    public final boolean isLeaf() {
        return gradFn == null;
    }

    /**
     * The accumulated gradient, or null before any backward reached this tensor. The tensor returned is the caller's
     * to keep: {@link #zeroGrad()} and later passes leave its values alone.
     */
    public final V grad() {
        gradOwned = false;
        return grad;
    }

    /**
     * The accumulated gradient for a read or an in-place update that does not keep it (optimizers, clipping and
     * gradient scaling use this), or null. Unlike {@link #grad()}, the buffer stays the library's: after
     * {@link #zeroGrad()} the next backward pass may write the new gradient into it, so the tensor must not be held
     * across {@code zeroGrad()}. Not for user code that keeps gradients: that is {@link #grad()}.
     */
    public final V gradForUpdate() {
        return grad;
    }

    /**
     * Replaces the accumulated gradient (null clears it).
     *
     * @throws IllegalArgumentException if {@code g}'s shape or dtype differs from this tensor's
     */
    public final void setGrad(V g) {
        if (g != null && (!g.shape().equals(shape()) || g.dtype() != dtype())) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + g.shape() + " (" + g.dtype()
                    + ") for a tensor of shape " + shape() + " (" + dtype() + ")");
        }
        this.grad = g;
        this.gradOwned = false;
    }

    /**
     * Clears the accumulated gradient (sets it to null, as PyTorch does by default). A gradient the engine made and
     * nobody took through {@link #grad()} or {@link #setGrad} is kept as the buffer the next backward pass writes
     * this tensor's gradient into (where the op's rule can), so a training loop does not allocate and zero its
     * weight gradients every step.
     */
    public final void zeroGrad() {
        if (grad != null && gradOwned && accumulator != null) {
            accumulator.leafSlot.spare = grad;
        }
        this.grad = null;
        this.gradOwned = false;
    }

    /** The op that produced this tensor, or null for a leaf. */
    public final Node<V> gradFn() {
        return gradFn;
    }

    /** Keeps this non-leaf tensor's gradient in {@link #grad()} after backward. */
    public final V retainGrad() {
        Graph.retainGrad(self());
        return self();
    }

    /** Calls {@code hook} with the gradient flowing into this tensor; a non-null result replaces the gradient. */
    public final HookHandle registerHook(UnaryOperator<V> hook) {
        return Graph.registerHook(self(), hook);
    }

    /**
     * Backpropagates from this scalar, accumulating {@code d this / d leaf} into every leaf's {@link #grad()}.
     *
     * @throws AutogradException if this tensor is not a scalar or does not require grad
     */
    public final void backward() {
        Autograd.backward(self(), null, BackwardOptions.DEFAULT);
    }

    /** Backpropagates the vector-Jacobian product with {@code gradient}, which has this tensor's shape. */
    public final void backward(V gradient) {
        Autograd.backward(self(), gradient, BackwardOptions.DEFAULT);
    }

    /** Backpropagates with options; {@code gradient} may be null for a scalar. */
    public final void backward(V gradient, BackwardOptions options) {
        Autograd.backward(self(), gradient, options);
    }

    // ---------------------------------------------------------------- for the engine and Graph only

    /** The node that receives this tensor's gradient: its {@link #gradFn()}, a leaf's accumulator, or null. */
    final Node<V> gradEdge() {
        if (gradFn != null) {
            return gradFn;
        }
        if (!requiresGrad) {
            return null;
        }
        if (accumulator == null) {
            accumulator = new Node<>(self());
        }
        return accumulator;
    }

    /** The gradient as it is, for the engine (it does not hand it out). */
    final V currentGrad() {
        return grad;
    }

    /**
     * Sets a gradient the engine made: {@code owned} when nothing but this tensor holds its storage, so that
     * {@link #zeroGrad()} may keep it for the next pass.
     */
    final void putGrad(V g, boolean owned) {
        this.grad = g;
        this.gradOwned = owned;
    }

    /** Makes this freshly computed tensor the output of {@code node}; called once, by {@link Graph#record}. */
    final void attachGradFn(Node<V> node) {
        if (gradFn != null || requiresGrad) {
            throw new IllegalStateException("attachGradFn: tensor of shape " + shape() + " is already part of a "
                    + "graph");
        }
        this.gradFn = node;
    }
}
