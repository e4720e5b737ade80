package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * Typed reading of one map of a state dict (a group's settings, a parameter's state, a schedule's position). A value
 * that is missing or does not fit throws an {@link OptimizerStateDictException} that names where the map is, the key
 * and what was expected. Tensors come back as fresh copies.
 */
public final class StateEntries {
    private final String where;
    private final Map<String, Object> values;

    public StateEntries(String where, Map<String, Object> values) {
        this.where = where;
        this.values = values;
    }

    /** A map for a state dict from alternating keys and values, in that order. */
    public static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A snapshot of {@code t}: a contiguous copy that later in-place updates do not touch. */
    public static Tensor snapshot(Tensor t) {
        return Tensor.zerosLike(t).copyFrom(t);
    }

    /** An error about the map as a whole, e.g. sizes that do not match each other. */
    public OptimizerStateDictException error(String problem) {
        return new OptimizerStateDictException(where, null, problem, null);
    }

    /** An error about the value at {@code key}: the message reads {@code 'key' problem}. */
    public OptimizerStateDictException invalid(String key, String problem) {
        return new OptimizerStateDictException(where, key, "'" + key + "' " + problem, null);
    }

    /** A value the settings record refused (its own check failed), as an error of this map. */
    OptimizerStateDictException refused(IllegalArgumentException e) {
        return new OptimizerStateDictException(where, null, e.getMessage(), e);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    private Object require(String key, String expected) {
        Object v = values.get(key);
        if (v == null) {
            throw invalid(key, "is missing (expected " + expected + ")");
        }
        return v;
    }

    /** The raw value at {@code key}, for nested structures. */
    public Object getObject(String key) {
        return require(key, "a value");
    }

    public double getDouble(String key) {
        Object v = require(key, "a number");
        if (!(v instanceof Double || v instanceof Long)) {
            throw invalid(key, "is a " + v.getClass().getSimpleName() + ", expected a number");
        }
        return ((Number) v).doubleValue();
    }

    public long getLong(String key) {
        Object v = require(key, "an integer");
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return d.longValue();
        }
        throw invalid(key, "is " + v + " (" + v.getClass().getSimpleName() + "), expected an integer");
    }

    public boolean getBoolean(String key) {
        Object v = require(key, "a boolean");
        if (!(v instanceof Boolean b)) {
            throw invalid(key, "is a " + v.getClass().getSimpleName() + ", expected a boolean");
        }
        return b;
    }

    public String getString(String key) {
        Object v = require(key, "a string");
        if (!(v instanceof String s)) {
            throw invalid(key, "is a " + v.getClass().getSimpleName() + ", expected a string");
        }
        return s;
    }

    public List<Double> getDoubles(String key, int count) {
        Object v = require(key, "a list of " + count + " numbers");
        if (!(v instanceof List<?> list) || list.size() != count) {
            throw invalid(key, "is " + v + ", expected a list of " + count + " numbers");
        }
        List<Double> out = new ArrayList<>();
        for (Object x : list) {
            out.add((Double) x);
        }
        return out;
    }

    /** A copy of the tensor at {@code key}, which must have {@code shape}, converted to {@code dtype}. */
    public Tensor getTensor(String key, Shape shape, DType dtype) {
        Object v = require(key, "a tensor of shape " + shape);
        if (!(v instanceof Tensor t)) {
            throw invalid(key, "is a " + v.getClass().getSimpleName() + ", expected a tensor of shape " + shape);
        }
        if (!t.shape().equals(shape)) {
            throw invalid(key, "has shape " + t.shape() + ", expected " + shape);
        }
        if (!t.dtype().isFloatingPoint()) {
            throw invalid(key, "has dtype " + t.dtype() + ", expected a floating tensor");
        }
        return Tensor.zeros(dtype, shape.toArray()).copyFrom(t);
    }

    /** A float64 copy of the one-dimensional floating tensor at {@code key}, of any length. */
    public Tensor getVector(String key) {
        Object v = require(key, "a one-dimensional tensor");
        if (!(v instanceof Tensor t) || t.dim() != 1 || !t.dtype().isFloatingPoint()) {
            throw invalid(key, "is " + (v instanceof Tensor t ? "a tensor of shape " + t.shape() + " (" + t.dtype()
                    + ")" : "a " + v.getClass().getSimpleName()) + ", expected a one-dimensional floating tensor");
        }
        return Tensor.zeros(DType.FLOAT64, t.numel()).copyFrom(t);
    }

    /** Fails naming every key outside {@code known}. */
    public void rejectUnknown(List<String> known) {
        List<String> unknown = values.keySet().stream().filter(k -> !known.contains(k)).toList();
        if (!unknown.isEmpty()) {
            throw new OptimizerStateDictException(where, unknown.getFirst(), "unexpected "
                    + (unknown.size() == 1 ? "key " : "keys ") + String.join(", ", unknown) + " (known: "
                    + String.join(", ", known) + ")", null);
        }
    }
}
