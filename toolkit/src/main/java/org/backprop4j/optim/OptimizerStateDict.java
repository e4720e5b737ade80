package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.backprop4j.tensor.Tensor;

/**
 * An optimizer's state as plain data, laid out like PyTorch's {@code optimizer.state_dict()}: which optimizer
 * wrote it, each parameter group's settings and parameter indices, and the per-parameter state by parameter index
 * (indices count the parameters of all groups in order). Values are only tensors, numbers ({@code Double},
 * {@code Long}), booleans, strings and lists of doubles, so the dict can be written to safetensors or JSON; keys
 * are PyTorch's ({@code lr}, {@code betas}, {@code exp_avg}, {@code momentum_buffer}, ...).
 *
 * <p>{@link Optimizer#stateDict()} returns copies of the state tensors, so training on does not change a saved
 * dict, and {@link Optimizer#loadStateDict} copies them again.
 *
 * @param optimizer the simple name of the optimizer class that wrote it, e.g. {@code Adam}
 * @param paramGroups one entry per parameter group
 * @param state per-parameter state by parameter index; parameters without state (never stepped) are absent
 */
public record OptimizerStateDict(String optimizer, List<Group> paramGroups, Map<Integer, Map<String, Object>> state) {

    /**
     * One parameter group.
     *
     * @param params the indices of the group's parameters
     * @param options the group's settings by PyTorch's names
     */
    public record Group(List<Integer> params, Map<String, Object> options) {
        public Group {
            params = List.copyOf(params);
            options = checkedCopy("paramGroups options", options);
        }
    }

    /**
     * @throws IllegalArgumentException if a value is not a tensor, number, boolean, string or list of doubles
     */
    public OptimizerStateDict {
        if (optimizer == null || optimizer.isEmpty()) {
            throw new IllegalArgumentException("OptimizerStateDict: the optimizer name is missing");
        }
        paramGroups = List.copyOf(paramGroups);
        Map<Integer, Map<String, Object>> copy = new TreeMap<>();
        for (Map.Entry<Integer, Map<String, Object>> e : state.entrySet()) {
            copy.put(e.getKey(), checkedCopy("state of parameter " + e.getKey(), e.getValue()));
        }
        state = Collections.unmodifiableMap(copy);
    }

    private static Map<String, Object> checkedCopy(String where, Map<String, Object> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            boolean plain = v instanceof Tensor || v instanceof Double || v instanceof Long
                    || v instanceof Boolean || v instanceof String;
            if (v instanceof List<?> list) {
                plain = list.stream().allMatch(x -> x instanceof Double);
                v = List.copyOf(new ArrayList<>(list));
            }
            if (!plain) {
                throw new IllegalArgumentException("OptimizerStateDict: " + where + ": '" + e.getKey() + "' is "
                        + (v == null ? "null" : "a " + v.getClass().getSimpleName()) + "; values must be tensors, "
                        + "Double, Long, Boolean, String or lists of Double");
            }
            copy.put(e.getKey(), v);
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * The memory the per-parameter state takes, in bytes: each tensor's elements times its element size, plus 8
     * bytes per plain number (a step count, say) and per list element. Settings are not counted. Divided by the
     * number of parameter elements it gives an optimizer's memory per parameter: 0 for plain SGD, one buffer for
     * momentum or RMSprop, two for Adam.
     */
    public long stateBytes() {
        long bytes = 0;
        for (Map<String, Object> s : state.values()) {
            for (Object v : s.values()) {
                bytes += switch (v) {
                    case Tensor t -> (long) t.numel() * t.dtype().byteSize();
                    case List<?> list -> 8L * list.size();
                    case Boolean b -> 1;
                    case String str -> str.length();
                    default -> 8;   // Double, Long
                };
            }
        }
        return bytes;
    }

    /** Number of parameters over all groups. */
    public int numParams() {
        int n = 0;
        for (Group g : paramGroups) {
            n += g.params().size();
        }
        return n;
    }
}
