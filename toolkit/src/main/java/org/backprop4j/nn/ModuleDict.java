package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.backprop4j.tensor.Tensor;

/**
 * Modules held by name (PyTorch's {@code nn.ModuleDict}): registered as children under their keys, in insertion
 * order, so that a model's field {@code heads} gives state-dict keys {@code heads.<key>.weight}. Putting a module
 * under a key it already holds replaces that entry in place. Keys may be neither empty nor contain {@code '.'}.
 * Iterate with {@link #keys()}, {@link #values()} or {@link #entries()}.
 *
 * {@snippet file="ContainerSnippets.java" region="moduleDict"}
 *
 * @param <M> the type of the modules held
 */
public class ModuleDict<M extends Module> extends Module {
    private final Map<String, M> modules = new LinkedHashMap<>();

    /** An empty dictionary. */
    public ModuleDict() {
    }

    /** A dictionary of {@code modules}, in the map's iteration order (give a {@code LinkedHashMap} to fix it). */
    public ModuleDict(Map<String, ? extends M> modules) {
        update(modules);
    }

    /**
     * Puts {@code module} under {@code key} and returns the module it replaced, or null.
     *
     * @throws IllegalArgumentException if {@code key} is empty or contains {@code '.'}
     */
    public M put(String key, M module) {
        Containers.key(this, "put", key);
        return modules.put(key, Objects.requireNonNull(module, () -> describe() + ": put(\"" + key
                + "\"): the module is null"));
    }

    /** Puts every entry of {@code more}, in its iteration order (PyTorch's {@code update}). */
    public ModuleDict<M> update(Map<String, ? extends M> more) {
        Objects.requireNonNull(more, () -> describe() + ": update: the modules are null");
        more.forEach(this::put);
        return this;
    }

    /**
     * The module under {@code key}.
     *
     * @throws java.util.NoSuchElementException if there is none; the message lists the keys
     */
    public M get(String key) {
        M m = modules.get(key);
        if (m == null) {
            throw Containers.missing(this, "get", key, modules.keySet());
        }
        return m;
    }

    public boolean contains(String key) {
        return modules.containsKey(key);
    }

    /**
     * Removes and returns the module under {@code key}.
     *
     * @throws java.util.NoSuchElementException if there is none
     */
    public M pop(String key) {
        if (!modules.containsKey(key)) {
            throw Containers.missing(this, "pop", key, modules.keySet());
        }
        return modules.remove(key);
    }

    /** Removes every entry. */
    public void clear() {
        modules.clear();
    }

    public int size() {
        return modules.size();
    }

    public boolean isEmpty() {
        return modules.isEmpty();
    }

    /** The keys, in insertion order. */
    public List<String> keys() {
        return List.copyOf(modules.keySet());
    }

    /** The modules, in insertion order. */
    public List<M> values() {
        return List.copyOf(modules.values());
    }

    /** The (key, module) pairs, in insertion order (PyTorch's {@code items()}). */
    public List<Map.Entry<String, M>> entries() {
        List<Map.Entry<String, M>> out = new ArrayList<>(modules.size());
        modules.forEach((k, v) -> out.add(Map.entry(k, v)));
        return List.copyOf(out);
    }

    @Override
    protected Map<String, Module> ownChildren() {
        return new LinkedHashMap<>(modules);
    }

    /** Refused, as in PyTorch: the owning module chooses which entries to call. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(describe() + " has no forward; call its modules from the forward of "
                + "the module that holds it");
    }
}
