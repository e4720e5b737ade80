package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.backprop4j.tensor.Tensor;

/**
 * Modules held in a list (PyTorch's {@code nn.ModuleList}): registered as children named {@code 0, 1, ...}, so
 * that a model's field {@code layers} gives state-dict keys {@code layers.0.weight}, and the modules take part in
 * {@code parameters()}, {@code train()}/{@code eval()}, state dicts and functional calls. Unlike {@link Sequential}
 * it has no forward: the owning module decides how to call its entries. Indices may be negative (counting from the
 * end, as in Python); removing an entry renumbers the ones after it, as PyTorch does.
 *
 * {@snippet file="ContainerSnippets.java" region="moduleList"}
 *
 * @param <M> the type of the modules held
 */
public class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> modules = new ArrayList<>();

    /** An empty list. */
    public ModuleList() {
    }

    /** A list of {@code modules}, in order. */
    @SafeVarargs
    public ModuleList(M... modules) {
        extend(List.of(modules));
    }

    /** A list of the modules {@code modules} yields, in order. */
    public ModuleList(Iterable<? extends M> modules) {
        extend(modules);
    }

    /** Adds {@code module} at the end. */
    public ModuleList<M> append(M module) {
        modules.add(Objects.requireNonNull(module, () -> describe() + ": append: the module is null"));
        return this;
    }

    /** Adds the modules {@code more} yields at the end, in order. */
    public ModuleList<M> extend(Iterable<? extends M> more) {
        Objects.requireNonNull(more, () -> describe() + ": extend: the modules are null");
        for (M m : more) {
            append(m);
        }
        return this;
    }

    /**
     * Puts {@code module} before the entry at {@code index} ({@code size()} appends; negative counts from the end).
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [-size(), size()]}
     */
    public ModuleList<M> insert(int index, M module) {
        Objects.requireNonNull(module, () -> describe() + ": insert: the module is null");
        modules.add(Containers.index(this, "insert", index, modules.size(), "modules", true), module);
        return this;
    }

    /**
     * The module at {@code index} (negative counts from the end).
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [-size(), size())}
     */
    public M get(int index) {
        return modules.get(Containers.index(this, "get", index, modules.size(), "modules", false));
    }

    /**
     * Puts {@code module} in place of the one at {@code index} and returns the one it replaced.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [-size(), size())}
     */
    public M set(int index, M module) {
        Objects.requireNonNull(module, () -> describe() + ": set: the module is null");
        return modules.set(Containers.index(this, "set", index, modules.size(), "modules", false), module);
    }

    /**
     * Removes and returns the module at {@code index}; the ones after it move up by one.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [-size(), size())}
     */
    public M pop(int index) {
        return modules.remove(Containers.index(this, "pop", index, modules.size(), "modules", false));
    }

    public int size() {
        return modules.size();
    }

    public boolean isEmpty() {
        return modules.isEmpty();
    }

    @Override
    public Iterator<M> iterator() {
        return List.copyOf(modules).iterator();
    }

    /** The modules in order. */
    public Stream<M> stream() {
        return List.copyOf(modules).stream();
    }

    @Override
    protected Map<String, Module> ownChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        for (int i = 0; i < modules.size(); i++) {
            out.put(Integer.toString(i), modules.get(i));
        }
        return out;
    }

    /** Refused, as in PyTorch: a list has no order of calls; the owning module calls its entries. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(describe() + " has no forward; call its modules from the forward of "
                + "the module that holds it, or use a Sequential to chain them");
    }
}
