package org.backprop4j.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.backprop4j.array.Scope;
import org.backprop4j.array.Storage;
/**
 * The reverse-mode engine: orders the graph reachable from the roots topologically, then walks it once from the
 * roots to the leaves, summing the gradients arriving at each node before applying its derivative rule.
 */
final class Engine {
    private Engine() {
    }

    /**
     * Runs one backward pass. With {@code inputs == null} gradients accumulate into leaves' {@code grad()};
     * otherwise the gradients of {@code inputs} are returned and no {@code grad()} is touched.
     */
    static <V extends Variable<V>> V[] run(V[] roots, V[] rootGrads, V[] inputs, BackwardOptions options) {
        Node<V>[] rootNodes = newNodes(roots.length);
        for (int i = 0; i < roots.length; i++) {
            Node<V> n = roots[i].gradEdge();
            if (n == null) {
                throw new AutogradException("backward: output " + i + " of shape " + roots[i].shape()
                        + " does not require grad and has no gradFn; nothing upstream of it requires grad");
            }
            rootNodes[i] = n;
        }
        long passStart = Storage.newestSerial();
        List<Node<V>> order = topologicalOrder(rootNodes);
        Node<V>[] inputNodes = null;
        V[] captured = null;
        if (inputs != null) {
            inputNodes = newNodes(inputs.length);
            for (int i = 0; i < inputs.length; i++) {
                inputNodes[i] = inputs[i].gradEdge();
                if (inputNodes[i] == null) {
                    throw new AutogradException("grad: input " + i + " of shape " + inputs[i].shape()
                            + " does not require grad");
                }
            }
            captured = roots[0].newArray(inputs.length);
            markNeeded(order, inputNodes);
        }
        boolean createGraph = options.createGraph();
        try (Scope _ = GradMode.set(createGraph)) {
            for (int i = 0; i < roots.length; i++) {
                V g = rootGrads[i];
                if (!g.shape().equals(roots[i].shape()) || g.dtype() != roots[i].dtype()) {
                    throw new AutogradException("backward: gradient " + i + " has shape " + g.shape() + " and dtype "
                            + g.dtype() + ", but its output has shape " + roots[i].shape() + " and dtype "
                            + roots[i].dtype());
                }
                accumulate(rootNodes[i], g);
            }
            for (Node<V> node : order) {
                V g = node.pending;
                node.pending = null;
                if (g == null || (inputNodes != null && !node.needed)) {
                    continue;
                }
                g = applyHooks(node, g);
                if (inputNodes != null) {
                    for (int i = 0; i < inputNodes.length; i++) {
                        if (inputNodes[i] == node) {
                            captured[i] = captured[i] == null ? g : captured[i].add(g);
                        }
                    }
                    if (node.leafSlot != null) {
                        continue;
                    }
                } else if (node.leafSlot != null) {
                    accumulateIntoLeaf(node, node.leafSlot.leaf, g, createGraph, passStart);
                    continue;
                } else if (node.retained != null) {
                    accumulateIntoLeaf(null, node.retained, g, createGraph, passStart);
                }
                propagate(node, g, inputNodes != null);
                if (!options.retainGraph()) {
                    node.freeSaved();
                }
            }
        } finally {
            for (Node<V> node : order) {
                node.pending = null;
                node.needed = false;
                node.onlyNeeded = false;
                if (node.leafSlot != null) {
                    node.leafSlot.lent = null;
                }
                node.mark = 0;
            }
        }
        if (captured != null && !options.allowUnused()) {
            for (int i = 0; i < captured.length; i++) {
                if (captured[i] == null) {
                    throw new AutogradException("grad: input " + i + " of shape " + inputs[i].shape()
                            + " was not used to compute the outputs; pass allowUnused to get null for it");
                }
            }
        }
        return captured;
    }

    private static <V extends Variable<V>> void propagate(Node<V> node, V g, boolean onlyNeeded) {
        node.onlyNeeded = onlyNeeded;
        V[] grads = node.backward.apply(g, node);
        if (grads.length != node.next.length) {
            throw new AutogradException("'" + node.op() + "' backward returned " + grads.length
                    + " gradients for " + node.next.length + " inputs");
        }
        boolean anomaly = AnomalyMode.isEnabled();
        for (int i = 0; i < grads.length; i++) {
            Node<V> target = node.next[i];
            V gi = grads[i];
            if (target == null || gi == null || (onlyNeeded && !target.needed)) {
                continue;
            }
            if (!gi.shape().equals(node.inputShapes[i]) || gi.dtype() != node.inputTypes[i]) {
                throw new AutogradException("'" + node.op() + "' backward returned a gradient of shape "
                        + gi.shape() + " (" + gi.dtype() + ") for input " + i + " of shape " + node.inputShapes[i]
                        + " (" + node.inputTypes[i] + ")");
            }
            if (anomaly) {
                checkFinite(node, i, gi);
            }
            accumulate(target, gi);
        }
    }

    private static <V extends Variable<V>> void accumulate(Node<V> target, V g) {
        target.pending = target.pending == null ? g : target.pending.add(g);
    }

    private static <V extends Variable<V>> V applyHooks(Node<V> node, V g) {
        if (node.hooks == null) {
            return g;
        }
        for (UnaryOperator<V> hook : List.copyOf(node.hooks)) {
            g.storage().markShared(); // the hook may keep it
            V replaced = hook.apply(g);
            if (replaced != null) {
                replaced.storage().markShared();
                if (!replaced.shape().equals(g.shape()) || replaced.dtype() != g.dtype()) {
                    throw new AutogradException("gradient hook on '" + node.op() + "' returned shape "
                            + replaced.shape() + " (" + replaced.dtype() + "), expected " + g.shape() + " ("
                            + g.dtype() + ")");
                }
                g = replaced;
            }
        }
        return g;
    }

    private static <V extends Variable<V>> void accumulateIntoLeaf(Node<V> node, V leaf, V g, boolean createGraph,
            long passStart) {
        V old = leaf.currentGrad();
        if (createGraph) {
            leaf.putGrad(old == null ? g : old.add(g), false);
        } else if (old == null) {
            // Optimizers and clipping modify grads in place, so a leaf's gradient must be its own. One made during
            // this pass that no hook saw and no other leaf took is adopted as it is (PyTorch's AccumulateGrad steals
            // a gradient nobody else references the same way): the copy was a quarter of an MLP's training step.
            // So is the buffer this pass lent the op's rule for this leaf (the gradient zeroGrad() kept). Otherwise a
            // fresh copy: the same gradient may reach several leaves (add returns g twice).
            V lent = node == null ? null : node.leafSlot.lent;
            if (lent != null && g.storage() == lent.storage() && covers(g)) {
                leaf.putGrad(g.detach(), true);
            } else if (adoptable(g, passStart)) {
                g.storage().markShared();
                leaf.putGrad(g.detach(), true);
            } else {
                leaf.putGrad(g.detach().clone(), true);
            }
        } else if (old.requiresGrad()) {
            leaf.putGrad(old.detach().add(g), false);
        } else {
            old.addInPlace(g);
        }
    }

    /**
     * True when {@code g} alone covers a storage made during this pass that nothing else has been handed: user code
     * can hold only storages made before the pass, or ones a hook saw, which are marked shared.
     */
    private static boolean adoptable(Variable<?> g, long passStart) {
        Storage s = g.storage();
        return s.serial() > passStart && !s.isShared() && covers(g);
    }

    /** True when {@code g} is its whole storage, in order. */
    private static boolean covers(Variable<?> g) {
        return g.offset() == 0 && g.isContiguous() && g.storage().length() == g.numel();
    }

    private static void checkFinite(Node<?> node, int input, Variable<?> g) {
        double[] values = g.toDoubleArray();
        for (int j = 0; j < values.length; j++) {
            if (!Double.isFinite(values[j])) {
                StringBuilder msg = new StringBuilder("anomaly: '").append(node.op())
                        .append("' backward returned ").append(Double.isNaN(values[j]) ? "NaN" : "Inf")
                        .append(" in its gradient for input ").append(input).append(" (shape ").append(g.shape())
                        .append(", flat element ").append(j).append(")");
                if (node.createdAt != null) {
                    msg.append("; the op was created at:");
                    for (StackTraceElement e : node.createdAt) {
                        if (!isInternalFrame(e)) {
                            msg.append("\n\tat ").append(e);
                        }
                    }
                }
                throw new AnomalyException(node.op(), msg.toString());
            }
        }
    }

    /**
     * True for a frame of the toolkit's own autograd, ops or Tensor code. The package alone does not decide it:
     * code outside the toolkit, such as its tests, may share a package name, and its frames are the useful ones.
     */
    private static boolean isInternalFrame(StackTraceElement e) {
        String name = e.getClassName();
        if (!name.startsWith("org.backprop4j.autograd.") && !name.startsWith("org.backprop4j.ops.")
                && !name.startsWith("org.backprop4j.array.") && !name.equals("org.backprop4j.tensor.Tensor")) {
            return false;
        }
        try {
            Class<?> c = Class.forName(name, false, Engine.class.getClassLoader());
            return java.util.Objects.equals(c.getProtectionDomain().getCodeSource(),
                    Engine.class.getProtectionDomain().getCodeSource());
        } catch (ClassNotFoundException ex) {
            return false; // not visible to the toolkit's class loader, so not the toolkit's code
        }
    }

    /** Nodes reachable from the roots, each before every node it sends gradients to (iterative, for deep graphs). */
    private static <V extends Variable<V>> List<Node<V>> topologicalOrder(Node<V>[] roots) {
        List<Node<V>> postOrder = new ArrayList<>();
        ArrayList<Node<V>> stack = new ArrayList<>();
        ArrayList<Integer> childIndex = new ArrayList<>();
        for (Node<V> root : roots) {
            if (root.mark != 0) {
                continue;
            }
            root.mark = 1;
            stack.add(root);
            childIndex.add(0);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                Node<V> n = stack.get(top);
                int c = childIndex.get(top);
                if (c < n.next.length) {
                    childIndex.set(top, c + 1);
                    Node<V> child = n.next[c];
                    if (child != null && child.mark == 0) {
                        child.mark = 1;
                        stack.add(child);
                        childIndex.add(0);
                    }
                } else {
                    stack.remove(top);
                    childIndex.remove(top);
                    postOrder.add(n);
                }
            }
        }
        return postOrder.reversed();
    }

    /** Marks the nodes that lie on a path to one of the inputs; the walk skips the others. */
    private static <V extends Variable<V>> void markNeeded(List<Node<V>> order, Node<V>[] inputNodes) {
        for (int i = order.size() - 1; i >= 0; i--) {
            Node<V> n = order.get(i);
            boolean needed = false;
            for (Node<V> in : inputNodes) {
                needed |= in == n;
            }
            for (int j = 0; !needed && j < n.next.length; j++) {
                needed = n.next[j] != null && n.next[j].needed;
            }
            n.needed = needed;
        }
    }

    @SuppressWarnings("unchecked")
    private static <V extends Variable<V>> Node<V>[] newNodes(int n) {
        return new Node[n];
    }
}
