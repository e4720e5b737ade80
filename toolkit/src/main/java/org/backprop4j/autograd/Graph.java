package org.backprop4j.autograd;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;

/**
 * Records ops into the backward graph. Every differentiable op calls {@link #record} after computing its output:
 * when grad mode is on and some input requires grad, the output gets a {@link Node} holding the op's derivative
 * rule; otherwise the output is returned as it is. An op computes its output {@code out} without recording, then
 * records its rule, here {@code mul}'s, which saves both operands:
 *
 * {@snippet file="CoreSnippets.java" region="graph"}
 */
public final class Graph {
    private Graph() {
    }

    /** True when an op on these inputs must be recorded. */
    public static boolean needsGrad(Variable<?>... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Variable<?> t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** {@link #record(String, Variable, Variable[], Variable[], Backward)} for an op that saves nothing. */
    public static <V extends Variable<V>> V record(String op, V out, V[] inputs, Backward<V> backward) {
        return record(op, out, inputs, null, backward);
    }

    /**
     * Attaches the op's node to {@code out} when its inputs need gradients.
     *
     * @param op       the op's name, shown in errors, anomaly reports and {@code toString}
     * @param out      the freshly computed output (not yet part of any graph)
     * @param inputs   the op's tensor inputs, in the order {@code backward} returns their gradients
     * @param saved    tensors {@code backward} reads through {@link BackwardContext#saved}; may include {@code out};
     *                 null or empty when it reads none
     * @param backward the derivative rule
     * @return {@code out}
     */
    public static <V extends Variable<V>> V record(String op, V out, V[] inputs, V[] saved, Backward<V> backward) {
        GradMode.State mode = GradMode.STATE.get();
        if (!mode.gradEnabled) {
            return out;
        }
        Node<V>[] next = null;
        for (int i = 0; i < inputs.length; i++) {
            V t = inputs[i];
            if (t != null && t.requiresGrad()) {
                if (next == null) {
                    next = newNodes(inputs.length);
                }
                next[i] = t.gradEdge();
            }
        }
        if (next == null) {
            return out;
        }
        if (!out.dtype().isFloatingPoint()) {
            return out;
        }
        Shape[] shapes = new Shape[inputs.length];
        DType[] types = new DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                shapes[i] = inputs[i].shape();
                types[i] = inputs[i].dtype();
            }
        }
        Node<V> node = new Node<>(op, next, shapes, types, backward, saved == null ? out.newArray(0) : saved,
                mode.anomaly, mode.recompute);
        out.attachGradFn(node);
        return out;
    }

    /**
     * Records {@code out} as computed from {@code inputs} by a rule that has no derivative of its own, so that
     * differentiating through it fails with a clear error instead of silently giving zero. Used inside derivative
     * rules that are exact but computed by a kernel (PyTorch's {@code once_differentiable}).
     */
    @SafeVarargs
    public static <V extends Variable<V>> V recordOnceDifferentiable(String op, V out, V... inputs) {
        return record(op, out, inputs, (g, ctx) -> {
            throw new AutogradException("'" + op + "' cannot be differentiated again: it is part of a derivative "
                    + "rule that is differentiable only once for these inputs");
        });
    }

    /**
     * Registers {@code hook} to see, and optionally replace, the gradient flowing into {@code t}: it receives the
     * gradient and returns a replacement of the same shape, or null to keep it.
     *
     * @throws AutogradException if {@code t} does not require grad
     */
    public static <V extends Variable<V>> HookHandle registerHook(V t, java.util.function.UnaryOperator<V> hook) {
        Node<V> edge = t.gradEdge();
        if (edge == null) {
            throw new AutogradException("registerHook: tensor of shape " + t.shape()
                    + " does not require grad, so no gradient will flow into it; call requiresGrad(true) first");
        }
        return edge.addHook(hook);
    }

    /**
     * Makes a non-leaf {@code t} keep its gradient in {@code grad()} after backward (leaves always do).
     *
     * @throws AutogradException if {@code t} does not require grad
     */
    public static <V extends Variable<V>> void retainGrad(V t) {
        if (!t.requiresGrad()) {
            throw new AutogradException("retainGrad: tensor of shape " + t.shape() + " does not require grad");
        }
        if (!t.isLeaf()) {
            t.gradFn().retain(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V extends Variable<V>> Node<V>[] newNodes(int n) {
        return new Node[n];
    }
}
