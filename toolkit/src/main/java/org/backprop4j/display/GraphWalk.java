package org.backprop4j.display;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.backprop4j.array.Shape;
import org.backprop4j.autograd.Node;
import org.backprop4j.tensor.Tensor;

/**
 * The backward graph below a tensor, breadth first from its {@code gradFn}: the first {@code limit} nodes in full
 * (op, output shape, saved tensors, inputs), the rest only counted by op, up to {@value #WALK_LIMIT} nodes.
 */
final class GraphWalk {
    /** Nodes visited at most, to count what is not shown; beyond it the count says "more than". */
    static final int WALK_LIMIT = 200_000;
    /** The input id of an edge from the nodes not shown. */
    static final int HIDDEN = -1;

    /** One node shown: an op, or a leaf that requires grad ({@code leaf} non-null). */
    record Item(int id, String op, Shape shape, Tensor leaf, List<Integer> inputs, List<Shape> saved,
            boolean savedFreed) {
    }

    final List<Item> items = new ArrayList<>();
    /** Nodes not shown, by op, most frequent first once {@link #hiddenOps()} sorts them. */
    final Map<String, Integer> hiddenOps = new TreeMap<>();
    int hidden;
    boolean walkCapped;

    private GraphWalk() {
    }

    static GraphWalk of(Tensor root, int limit) {
        GraphWalk w = new GraphWalk();
        Node<Tensor> start = root.gradFn();
        if (start == null) {
            if (root.requiresGrad()) {
                w.items.add(new Item(0, "accumulateGrad", root.shape(), root, List.of(), List.of(), false));
            }
            return w;
        }
        Map<Node<Tensor>, Integer> ids = new IdentityHashMap<>();
        Map<Node<Tensor>, Shape> shapes = new IdentityHashMap<>();
        Set<Node<Tensor>> seenHidden = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node<Tensor>> queue = new ArrayDeque<>();
        ArrayDeque<Node<Tensor>> hiddenQueue = new ArrayDeque<>();
        ids.put(start, 0);
        shapes.put(start, root.shape());
        queue.add(start);
        while (!queue.isEmpty()) {
            Node<Tensor> n = queue.poll();
            List<Node<Tensor>> next = n.nextNodes();
            List<Shape> inShapes = n.inputShapes();
            Set<Integer> inputs = new LinkedHashSet<>();
            for (int i = 0; i < next.size(); i++) {
                Node<Tensor> in = next.get(i);
                if (in == null) {
                    continue;
                }
                if (!ids.containsKey(in) && !seenHidden.contains(in)) {
                    if (ids.size() < limit) {
                        ids.put(in, ids.size());
                        shapes.put(in, in.isLeafAccumulator() ? in.variable().shape() : inShapes.get(i));
                        queue.add(in);
                    } else {
                        seenHidden.add(in);
                        hiddenQueue.add(in);
                    }
                }
                inputs.add(ids.containsKey(in) ? ids.get(in) : HIDDEN);
            }
            w.items.add(new Item(ids.get(n), n.op(), shapes.get(n), n.variable(), List.copyOf(inputs),
                    n.savedShapes(), n.savedTensorsFreed()));
        }
        w.countHidden(hiddenQueue, seenHidden, ids);
        return w;
    }

    private void countHidden(ArrayDeque<Node<Tensor>> queue, Set<Node<Tensor>> seen, Map<Node<Tensor>, Integer> ids) {
        while (!queue.isEmpty()) {
            Node<Tensor> n = queue.poll();
            hidden++;
            hiddenOps.merge(n.isLeafAccumulator() ? "leaf" : n.op(), 1, Integer::sum);
            for (Node<Tensor> in : n.nextNodes()) {
                if (in != null && !ids.containsKey(in) && !seen.contains(in)) {
                    if (ids.size() + seen.size() >= WALK_LIMIT) {
                        walkCapped = true;
                        continue;
                    }
                    seen.add(in);
                    queue.add(in);
                }
            }
        }
    }

    /** The ops of the nodes not shown, most frequent first, as {@code "mul x120, add x64, ..."} (at most 6). */
    String hiddenOps() {
        List<Map.Entry<String, Integer>> ops = new ArrayList<>(hiddenOps.entrySet());
        ops.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(ops.size(), 6); i++) {
            sb.append(i > 0 ? ", " : "").append(ops.get(i).getKey()).append(" \u00d7").append(ops.get(i).getValue());
        }
        return sb.append(ops.size() > 6 ? ", \u2026" : "").toString();
    }

    /** "9,800 more nodes" or "more than 199,800 more nodes". */
    String hiddenCount() {
        return (walkCapped ? "more than " : "") + String.format(java.util.Locale.ROOT, "%,d", hidden) + " more node"
                + (hidden == 1 ? "" : "s");
    }
}
