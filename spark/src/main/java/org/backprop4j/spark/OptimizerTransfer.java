package org.backprop4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.optim.OptimizerStateDict;
import org.backprop4j.tensor.Tensor;

/**
 * An {@link OptimizerStateDict} in a form Spark can ship and average: its structure and plain values (the
 * skeleton, in which each tensor is a reference into a {@link Packed}), and its tensors packed. Averaging the
 * packs of several replicas averages their moments and momentum buffers, as DL4J's parameter averaging does with
 * its updater state; plain values (step counts, settings) are the same on every replica and are taken from the
 * first.
 */
final class OptimizerTransfer {
    private OptimizerTransfer() {
    }

    /** Where one state tensor sits in the pack. */
    record TensorRef(DType dtype, int[] dims, int offset) implements Serializable {
    }

    /** Everything of a state dict but its tensors' elements. */
    record Skeleton(String optimizer, List<List<Integer>> groupParams, List<Map<String, Object>> groupOptions,
            Map<Integer, Map<String, Object>> state) implements Serializable {

        /** Equal structure: same optimizer, groups and state keys, tensors of the same shapes. */
        boolean sameStructure(Skeleton other) {
            if (!optimizer.equals(other.optimizer) || !groupParams.equals(other.groupParams)
                    || !state.keySet().equals(other.state.keySet())) {
                return false;
            }
            for (Map.Entry<Integer, Map<String, Object>> e : state.entrySet()) {
                Map<String, Object> theirs = other.state.get(e.getKey());
                if (!e.getValue().keySet().equals(theirs.keySet())) {
                    return false;
                }
                for (Map.Entry<String, Object> v : e.getValue().entrySet()) {
                    if (v.getValue() instanceof TensorRef r && !(theirs.get(v.getKey()) instanceof TensorRef t
                            && r.dtype() == t.dtype() && Arrays.equals(r.dims(), t.dims())
                            && r.offset() == t.offset())) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** A skeleton and its packed tensors. */
    record Transfer(Skeleton skeleton, Packed tensors) implements Serializable {
    }

    static Transfer pack(OptimizerStateDict dict) {
        List<List<Integer>> params = new ArrayList<>();
        List<Map<String, Object>> options = new ArrayList<>();
        for (OptimizerStateDict.Group g : dict.paramGroups()) {
            params.add(new ArrayList<>(g.params()));
            options.add(plain(g.options()));
        }
        int[] sizes = new int[3];
        List<Tensor> tensors = new ArrayList<>();
        Map<Integer, Map<String, Object>> state = new TreeMap<>();
        for (Map.Entry<Integer, Map<String, Object>> e : dict.state().entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            for (Map.Entry<String, Object> v : e.getValue().entrySet()) {
                if (v.getValue() instanceof Tensor t) {
                    int kind = kind(t.dtype());
                    entry.put(v.getKey(), new TensorRef(t.dtype(), t.shape().toArray(), sizes[kind]));
                    sizes[kind] = Math.addExact(sizes[kind], t.numel());
                    tensors.add(t);
                } else {
                    entry.put(v.getKey(), plainValue(v.getValue()));
                }
            }
            state.put(e.getKey(), entry);
        }
        Packed packed = Packed.zeros(sizes[0], sizes[1], sizes[2]);
        int[] at = new int[3];
        for (Tensor t : tensors) {
            switch (t.dtype()) {
                case FLOAT32 -> System.arraycopy(t.toFloatArray(), 0, packed.floats(), at[0], t.numel());
                case FLOAT64 -> System.arraycopy(t.toDoubleArray(), 0, packed.doubles(), at[1], t.numel());
                default -> System.arraycopy(t.toLongArray(), 0, packed.longs(), at[2], t.numel());
            }
            at[kind(t.dtype())] += t.numel();
        }
        return new Transfer(new Skeleton(dict.optimizer(), params, options, state), packed);
    }

    static OptimizerStateDict unpack(Transfer transfer) {
        Skeleton s = transfer.skeleton();
        Packed p = transfer.tensors();
        List<OptimizerStateDict.Group> groups = new ArrayList<>();
        for (int i = 0; i < s.groupParams().size(); i++) {
            groups.add(new OptimizerStateDict.Group(s.groupParams().get(i), s.groupOptions().get(i)));
        }
        Map<Integer, Map<String, Object>> state = new TreeMap<>();
        for (Map.Entry<Integer, Map<String, Object>> e : s.state().entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            for (Map.Entry<String, Object> v : e.getValue().entrySet()) {
                entry.put(v.getKey(), v.getValue() instanceof TensorRef r ? tensor(p, r) : v.getValue());
            }
            state.put(e.getKey(), entry);
        }
        return new OptimizerStateDict(s.optimizer(), groups, state);
    }

    private static Tensor tensor(Packed p, TensorRef r) {
        int n = Shape.of(r.dims()).numel();
        Storage storage = switch (r.dtype()) {
            case FLOAT32 -> Storage.of(Arrays.copyOfRange(p.floats(), r.offset(), r.offset() + n));
            case FLOAT64 -> Storage.of(Arrays.copyOfRange(p.doubles(), r.offset(), r.offset() + n));
            case INT64 -> Storage.of(Arrays.copyOfRange(p.longs(), r.offset(), r.offset() + n));
            case BOOL -> throw new IllegalArgumentException("backprop4j-spark: optimizer state holds a bool tensor");
        };
        return Tensor.of(storage, Shape.of(r.dims()));
    }

    private static int kind(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> 0;
            case FLOAT64 -> 1;
            case INT64 -> 2;
            case BOOL -> throw new IllegalArgumentException("backprop4j-spark: optimizer state holds a bool tensor, "
                    + "which cannot be averaged");
        };
    }

    private static Map<String, Object> plain(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, plainValue(v)));
        return out;
    }

    /** Lists become ArrayLists: the dict's own are immutable copies, which need not be serializable. */
    private static Object plainValue(Object v) {
        return v instanceof List<?> list ? new ArrayList<>(list) : v;
    }
}
