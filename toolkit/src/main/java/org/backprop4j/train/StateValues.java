package org.backprop4j.train;

import java.util.List;
import java.util.Map;

/** Reading plain state values (numbers, lists, maps) back from a checkpoint, with errors that name the entry. */
final class StateValues {
    private StateValues() {
    }

    static <T> T require(Map<String, Object> state, String key, Class<T> type, String where) {
        Object v = state.get(key);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(where + ": '" + key + "' is " + (v == null ? "missing" : "a "
                    + v.getClass().getSimpleName()) + ", expected a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    static Number number(Map<String, Object> state, String key, String where) {
        return require(state, key, Number.class, where);
    }

    static double[] doubles(Object list, String where) {
        if (!(list instanceof List<?> l)) {
            throw new IllegalArgumentException(where + ": expected a list of numbers, got " + list);
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n)) {
                throw new IllegalArgumentException(where + ": element " + i + " is not a number: " + l.get(i));
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    static long[] longs(Object list, String where) {
        double[] d = doubles(list, where);
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = ((Number) ((List<?>) list).get(i)).longValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> state, String key, String where) {
        return (Map<String, Object>) require(state, key, Map.class, where);
    }
}
