package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

import org.backprop4j.tensor.Tensor;

/**
 * Parameters held by name (PyTorch's {@code nn.ParameterDict}): named by their keys, in insertion order, so that a
 * model's field {@code offsets} gives state-dict keys {@code offsets.<key>}. A tensor that is not a
 * {@link Parameter} becomes one over the same storage (requiring grad), as in PyTorch; putting under a key already
 * held replaces that entry in place. Keys may be neither empty nor contain {@code '.'}.
 *
 * {@snippet file="ContainerSnippets.java" region="parameterDict"}
 */
public class ParameterDict extends Module {
    // A Map-typed field so that FunctionalCall can stand in for the parameters it holds
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    /** An empty dictionary. */
    public ParameterDict() {
    }

    /** A dictionary of {@code tensors} as parameters, in the map's iteration order. */
    public ParameterDict(Map<String, ? extends Tensor> tensors) {
        update(tensors);
    }

    /**
     * Puts {@code tensor} (as a parameter) under {@code key}; returns the parameter it replaced, or null.
     *
     * @throws IllegalArgumentException if {@code key} is empty or contains {@code '.'}
     */
    public Parameter put(String key, Tensor tensor) {
        Containers.key(this, "put", key);
        return parameters.put(key, Containers.parameter(this, "put", tensor));
    }

    /** Puts every entry of {@code more}, in its iteration order (PyTorch's {@code update}). */
    public ParameterDict update(Map<String, ? extends Tensor> more) {
        Objects.requireNonNull(more, () -> describe() + ": update: the tensors are null");
        more.forEach(this::put);
        return this;
    }

    /**
     * The parameter under {@code key}.
     *
     * @throws java.util.NoSuchElementException if there is none; the message lists the keys
     */
    public Parameter get(String key) {
        Parameter p = parameters.get(key);
        if (p == null) {
            throw Containers.missing(this, "get", key, parameters.keySet());
        }
        return p;
    }

    public boolean contains(String key) {
        return parameters.containsKey(key);
    }

    /**
     * Removes and returns the parameter under {@code key}.
     *
     * @throws java.util.NoSuchElementException if there is none
     */
    public Parameter pop(String key) {
        if (!parameters.containsKey(key)) {
            throw Containers.missing(this, "pop", key, parameters.keySet());
        }
        return parameters.remove(key);
    }

    /** Removes every entry. */
    public void clear() {
        parameters.clear();
    }

    public int size() {
        return parameters.size();
    }

    public boolean isEmpty() {
        return parameters.isEmpty();
    }

    /** The keys, in insertion order. */
    public List<String> keys() {
        return List.copyOf(parameters.keySet());
    }

    /** The parameters, in insertion order. */
    public List<Parameter> values() {
        return List.copyOf(parameters.values());
    }

    /** The (key, parameter) pairs, in insertion order (PyTorch's {@code items()}). */
    public List<Map.Entry<String, Parameter>> entries() {
        List<Map.Entry<String, Parameter>> out = new ArrayList<>(parameters.size());
        parameters.forEach((k, v) -> out.add(Map.entry(k, v)));
        return List.copyOf(out);
    }

    @Override
    protected Map<String, Parameter> ownParameters() {
        return new LinkedHashMap<>(parameters);
    }

    /** Refused: parameters are read by the module that holds the dictionary. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(describe() + " has no forward; read its parameters from the forward "
                + "of the module that holds it");
    }

    @Override
    protected String extraRepr() {
        return describe(parameters);
    }

    /** {@code name: dtype shape} for each parameter, as the containers' one-line settings. */
    static String describe(Map<String, Parameter> parameters) {
        StringJoiner out = new StringJoiner(", ");
        parameters.forEach((k, p) -> out.add(k + ": " + p.dtype() + " " + p.shape()));
        return out.toString();
    }
}
