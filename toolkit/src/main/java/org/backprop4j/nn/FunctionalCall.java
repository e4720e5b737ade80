package org.backprop4j.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;

/**
 * Runs a module with other tensors in place of some of its parameters and buffers, by name (PyTorch's
 * {@code torch.func.functional_call}): the module computes as a function of the given tensors, which can be results
 * of other ops (the adapted weights of a MAML inner loop), and gradients flow to them, to any order. The module's own
 * parameters are neither read nor changed, and everything is put back when the call returns or throws.
 *
 * <p>How: for the duration of the call, every place in the module tree that holds a substituted parameter or buffer
 * (a field, final or not, or an entry of a {@code Map}, {@code List} or array field) holds instead a stand-in over
 * the given tensor's data whose gradient is the given tensor's, recorded as an identity op. Modules keep their
 * parameters in final fields, and this class is the one place that writes such fields, always putting the original
 * back. A module must therefore not be used by another thread during a functional call. Tied parameters (one object
 * under two names) are substituted everywhere they are held; either name may be given.
 *
 * <pre>{@code
 * Map<String, Tensor> fast = new LinkedHashMap<>(model.namedParameters());
 * Tensor loss = mse.forward(model.functionalCall(fast, x), y);
 * Tensor[] g = Autograd.grad(loss, CREATE_GRAPH, fast.values().toArray(Tensor[]::new));   // then update fast
 * }</pre>
 */
public final class FunctionalCall {
    private static final ClassValue<List<Field>> REFERENCE_FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Module.class && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    Class<?> t = f.getType();
                    if (!Modifier.isStatic(f.getModifiers()) && (t.isAssignableFrom(Tensor.class)
                            || Tensor.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t)
                            || List.class.isAssignableFrom(t) || t.isArray())) {
                        fields.add(f);
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    private FunctionalCall() {
    }

    /**
     * {@code module.call(input)} computed with {@code tensors} in place of the parameters and buffers they name.
     *
     * @throws IllegalArgumentException if a name is neither a parameter nor a buffer of {@code module}, or a tensor's
     *                                  shape or dtype differs from the one it replaces
     */
    public static Tensor call(Module module, Map<String, ? extends Tensor> tensors, Tensor input) {
        return run(module, tensors, () -> module.call(input));
    }

    /**
     * Runs {@code body} while {@code tensors} stand in for the parameters and buffers of {@code module} they name:
     * for modules that take several inputs, or for several calls with the same substitution.
     *
     * @throws IllegalArgumentException as {@link #call}
     */
    public static <T> T run(Module module, Map<String, ? extends Tensor> tensors, Supplier<T> body) {
        Objects.requireNonNull(module, "FunctionalCall: module");
        Objects.requireNonNull(body, "FunctionalCall: body");
        Map<Tensor, Tensor> standIns = standIns(module, Objects.requireNonNull(tensors, "FunctionalCall: tensors"));
        List<Runnable> restore = new ArrayList<>();
        try {
            substitute(module, standIns, restore);
            return body.get();
        } finally {
            for (int i = restore.size() - 1; i >= 0; i--) {
                restore.get(i).run();
            }
        }
    }

    /** Every name a parameter or buffer is held under (tied ones under each of their names). */
    private static Map<String, Tensor> allNames(Module module) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : module.namedModules().entrySet()) {
            m.getValue().ownParameters().forEach((k, v) -> out.put(Module.join(m.getKey(), k), v));
            m.getValue().ownBuffers().forEach((k, v) -> out.put(Module.join(m.getKey(), k), v));
        }
        return out;
    }

    /** The checked stand-in for each substituted original, by identity. */
    private static Map<Tensor, Tensor> standIns(Module module, Map<String, ? extends Tensor> tensors) {
        Map<String, Tensor> own = allNames(module);
        List<String> unknown = new ArrayList<>();
        Map<Tensor, Tensor> given = new IdentityHashMap<>();
        Map<Tensor, String> givenAs = new IdentityHashMap<>();
        for (Map.Entry<String, ? extends Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor original = own.get(name);
            if (original == null) {
                unknown.add(name);
                continue;
            }
            Tensor t = e.getValue();
            if (t == null) {
                throw new IllegalArgumentException("FunctionalCall: the tensor for '" + name + "' of "
                        + module.describe() + " is null");
            }
            if (!t.shape().equals(original.shape()) || t.dtype() != original.dtype()) {
                throw new IllegalArgumentException("FunctionalCall: '" + name + "' of " + module.describe()
                        + " has shape " + original.shape() + " (" + original.dtype() + "), the tensor given for it "
                        + t.shape() + " (" + t.dtype() + ")");
            }
            Tensor previous = given.put(original, t);
            if (previous != null && previous != t) {
                throw new IllegalArgumentException("FunctionalCall: '" + name + "' and '" + givenAs.get(original)
                        + "' of " + module.describe() + " are one tied tensor, but different tensors were given");
            }
            givenAs.put(original, name);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("FunctionalCall: " + module.describe() + " has no parameter or buffer "
                    + "named " + String.join(", ", unknown) + "; its names are " + String.join(", ", own.keySet()));
        }
        Map<Tensor, Tensor> standIns = new IdentityHashMap<>();
        given.forEach((original, t) -> standIns.put(original, standIn(original, t)));
        return standIns;
    }

    /** A tensor of {@code original}'s kind over {@code t}'s data, whose gradient flows to {@code t}. */
    private static Tensor standIn(Tensor original, Tensor t) {
        Tensor data = t.detach();
        Tensor out = original instanceof Parameter ? new Parameter(data, false)
                : original instanceof Buffer ? new Buffer(data) : data;
        return Graph.record("functionalCall", out, new Tensor[] {t}, (g, ctx) -> new Tensor[] {g});
    }

    /** Puts the stand-ins wherever the module tree holds an original, recording how to undo each write. */
    private static void substitute(Module root, Map<Tensor, Tensor> standIns, List<Runnable> restore) {
        Map<Tensor, Boolean> found = new IdentityHashMap<>();
        for (Module m : root.namedModules().values()) {
            for (Field f : REFERENCE_FIELDS.get(m.getClass())) {
                Object value = read(f, m);
                if (value instanceof Tensor t && standIns.containsKey(t)) {
                    write(f, m, standIns.get(t));
                    restore.add(() -> write(f, m, t));
                    found.put(t, true);
                } else if (value instanceof Map<?, ?> map) {
                    replaceInMap(m, f, map, standIns, restore, found);
                } else if (value instanceof List<?> list) {
                    replaceInList(m, f, list, standIns, restore, found);
                } else if (value instanceof Tensor[] array) {
                    for (int i = 0; i < array.length; i++) {
                        Tensor t = array[i];
                        if (t != null && standIns.containsKey(t)) {
                            int index = i;
                            array[i] = standIns.get(t);
                            restore.add(() -> array[index] = t);
                            found.put(t, true);
                        }
                    }
                }
            }
        }
        if (found.size() != standIns.size()) {
            throw new IllegalArgumentException("FunctionalCall: " + root.describe() + " holds a parameter or buffer "
                    + "outside any field, Map, List or array of its modules, so it cannot be substituted");
        }
    }

    @SuppressWarnings("unchecked")
    private static void replaceInMap(Module m, Field f, Map<?, ?> map, Map<Tensor, Tensor> standIns,
            List<Runnable> restore, Map<Tensor, Boolean> found) {
        Map<Object, Object> writable = (Map<Object, Object>) map;
        for (Map.Entry<?, ?> e : List.copyOf(map.entrySet())) {
            if (e.getValue() instanceof Tensor t && standIns.containsKey(t)) {
                Object key = e.getKey();
                try {
                    writable.put(key, standIns.get(t));
                } catch (UnsupportedOperationException ex) {
                    throw unmodifiable(m, f, ex);
                }
                restore.add(() -> writable.put(key, t));
                found.put(t, true);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void replaceInList(Module m, Field f, List<?> list, Map<Tensor, Tensor> standIns,
            List<Runnable> restore, Map<Tensor, Boolean> found) {
        List<Object> writable = (List<Object>) list;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Tensor t && standIns.containsKey(t)) {
                int index = i;
                try {
                    writable.set(i, standIns.get(t));
                } catch (UnsupportedOperationException ex) {
                    throw unmodifiable(m, f, ex);
                }
                restore.add(() -> writable.set(index, t));
                found.put(t, true);
            }
        }
    }

    private static IllegalStateException unmodifiable(Module m, Field f, RuntimeException cause) {
        return new IllegalStateException("FunctionalCall: " + m.describe() + " holds a parameter in the "
                + "unmodifiable collection '" + f.getName() + "'; keep it in a field or a modifiable collection", cause);
    }

    private static Object read(Field f, Module m) {
        try {
            f.setAccessible(true);
            return f.get(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("FunctionalCall: cannot read field '" + f.getName() + "' of "
                    + m.describe() + "; open its package to backprop4j", e);
        }
    }

    private static void write(Field f, Module m, Object value) {
        try {
            f.set(m, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("FunctionalCall: cannot write field '" + f.getName() + "' of "
                    + m.describe() + "; open its package to backprop4j", e);
        }
    }
}
