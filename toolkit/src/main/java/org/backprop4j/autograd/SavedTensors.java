package org.backprop4j.autograd;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.Shape;

/**
 * Tensors an op kept for its backward, with the storage versions they had when saved. Reading one after the
 * graph was freed, or after an in-place op changed it, is an error rather than a silently wrong gradient.
 * Inside a {@link GradientCheckpoint checkpointed} segment some entries are dropped when saved and come back from
 * the segment's recomputation on first use.
 */
public final class SavedTensors<V extends Variable<V>> {
    private final Node<V> node;
    private V[] tensors;
    private final int[] versions;
    /** Where the entries left null in {@code tensors} are recomputed; null outside checkpointed segments. */
    private final RecomputeFrame frame;
    private final int firstSlot;

    SavedTensors(Node<V> node, V[] tensors) {
        this(node, tensors, null, 0);
    }

    SavedTensors(Node<V> node, V[] tensors, RecomputeFrame frame, int firstSlot) {
        this.node = node;
        this.tensors = tensors;
        this.frame = frame;
        this.firstSlot = firstSlot;
        this.versions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] != null) {
                versions[i] = tensors[i].storage().version();
            }
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
        if (t == null) {
            @SuppressWarnings("unchecked") // the frame hands back what ops of this tensor type saved
            V recomputed = (V) frame.recomputed(firstSlot + i, node.op());
            return recomputed;
        }
        int now = t.storage().version();
        if (now != versions[i]) {
            throw new AutogradException("'" + node.op() + "' saved tensor " + i + " of shape " + t.shape()
                    + " for its backward, and it has since been modified by an in-place operation (version "
                    + versions[i] + ", now " + now + "); use an out-of-place op or clone() before modifying it");
        }
        return t;
    }

    /** The saved tensors' shapes (a checkpointed segment's dropped ones as they were saved), or none once freed. */
    List<Shape> shapes() {
        if (tensors == null) {
            return List.of();
        }
        List<Shape> out = new ArrayList<>(tensors.length);
        for (int i = 0; i < tensors.length; i++) {
            out.add(tensors[i] != null ? tensors[i].shape() : frame.droppedShape(firstSlot + i));
        }
        return out;
    }

    int size() {
        return tensors == null ? 0 : tensors.length;
    }

    void free() {
        if (frame != null && tensors != null) {
            frame.release(firstSlot, tensors.length);
        }
        tensors = null;
    }
}
