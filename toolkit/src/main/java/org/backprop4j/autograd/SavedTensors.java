package org.backprop4j.autograd;

import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.Shape;

/**
 * Tensors an op kept for its backward, with the storage versions they had when saved. Reading one after the
 * graph was freed, or after an in-place op changed it, is an error rather than a silently wrong gradient.
 */
public final class SavedTensors<V extends Variable<V>> {
    private final Node<V> node;
    private V[] tensors;
    private final int[] versions;

    SavedTensors(Node<V> node, V[] tensors) {
        this.node = node;
        this.tensors = tensors;
        this.versions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            versions[i] = tensors[i].storage().version();
        }
    }

    /**
     * The {@code i}-th saved tensor.
     *
     * @throws AutogradException if the graph was freed by an earlier backward, or the tensor was modified in place
     */
    public V get(int i) {
        if (tensors == null) {
            throw new AutogradException("backward through '" + node.op() + "' a second time: its saved tensors were "
                    + "freed by the first backward; pass retainGraph=true to the first backward if you need another");
        }
        V t = tensors[i];
        int now = t.storage().version();
        if (now != versions[i]) {
            throw new AutogradException("'" + node.op() + "' saved tensor " + i + " of shape " + t.shape()
                    + " for its backward, and it has since been modified by an in-place operation (version "
                    + versions[i] + ", now " + now + "); use an out-of-place op or clone() before modifying it");
        }
        return t;
    }

    /** The saved tensors' shapes, or an empty list once freed. */
    List<Shape> shapes() {
        return tensors == null ? List.of() : Arrays.stream(tensors).map(V::shape).toList();
    }

    int size() {
        return tensors == null ? 0 : tensors.length;
    }

    void free() {
        tensors = null;
    }
}
