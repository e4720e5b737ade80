package org.backprop4j.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * (a field, final or not, or a key, value or element of a {@code Map}, {@code List} or array field, which then holds
 * a substituted copy) holds instead a stand-in over the given tensor's data whose gradient is the given tensor's,
 * recorded as an identity op; parametrized layers thus compute from the given originals. Modules keep their
 * parameters in final fields, and this class is the one place that writes such fields, always putting the original
 * back. A module must therefore not be used by another thread during a functional call. Tied parameters (one object
 * under two names) are substituted everywhere they are held; either name may be given.
 *
 * {@snippet file="TechniqueSnippets.java" region="functionalCall"}
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

    /**
     * Puts the stand-ins wherever the module tree holds an original, recording how to undo each write. A field that
     * holds an original gets its stand-in; a field that holds a {@code Map} (keys or values), a {@code List} or an
     * array with an original gets a substituted copy: the module's own collections are never modified.
     */
    private static void substitute(Module root, Map<Tensor, Tensor> standIns, List<Runnable> restore) {
        Set<Tensor> found = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Module m : root.namedModules().values()) {
            for (Field f : REFERENCE_FIELDS.get(m.getClass())) {
                Object value = read(f, m);
                Object replaced = substituted(value, standIns, found);
                if (replaced != null) {
                    if (!f.getType().isInstance(replaced)) {
                        throw new IllegalStateException("FunctionalCall: " + m.describe() + " holds a parameter or "
                                + "buffer in the field '" + f.getName() + "' of type " + f.getType().getSimpleName()
                                + "; declare it as a List, a Map or an array");
                    }
                    write(f, m, replaced);
                    restore.add(() -> write(f, m, value));
                }
            }
        }
        if (found.size() != standIns.size()) {
            throw new IllegalArgumentException("FunctionalCall: " + root.describe() + " holds a parameter or buffer "
                    + "outside any field, Map, List or array of its modules, so it cannot be substituted");
        }
    }

    /** {@code value} with the stand-ins in place of originals (a copy for a collection), or null if it holds none. */
    private static Object substituted(Object value, Map<Tensor, Tensor> standIns, Set<Tensor> found) {
        switch (value) {
            case Tensor t when standIns.containsKey(t) -> {
                found.add(t);
                return standIns.get(t);
            }
            case Map<?, ?> map when map.keySet().stream().anyMatch(standIns::containsKey)
                    || map.values().stream().anyMatch(standIns::containsKey) -> {
                Map<Object, Object> copy = map instanceof IdentityHashMap<?, ?> ? new IdentityHashMap<>()
                        : new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(swap(k, standIns, found), swap(v, standIns, found)));
                return copy;
            }
            case List<?> list when list.stream().anyMatch(standIns::containsKey) -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(swap(v, standIns, found)));
                return copy;
            }
            case Object[] array when Arrays.stream(array).anyMatch(standIns::containsKey) -> {
                Object[] copy = array.clone();
                for (int i = 0; i < copy.length; i++) {
                    copy[i] = swap(copy[i], standIns, found);
                }
                return copy;
            }
            case null, default -> {
                return null;
            }
        }
    }

    private static Object swap(Object o, Map<Tensor, Tensor> standIns, Set<Tensor> found) {
        if (o instanceof Tensor t && standIns.containsKey(t)) {
            found.add(t);
            return standIns.get(t);
        }
        return o;
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
