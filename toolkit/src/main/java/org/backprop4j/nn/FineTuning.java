package org.backprop4j.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;

/**
 * Transfer learning: a new head on a pretrained body, learning-rate groups by submodule, partial loading. Freezing
 * is {@code module.requiresGrad(false)}; {@code model.trainableParameters()} is what an optimizer gets then.
 *
 * {@snippet file="TechniqueSnippets.java" region="fineTuning"}
 *
 * <p>Why children are replaced only in mutable places: a module holds its parameters and children in final fields so
 * that what an optimizer, a hook or a state dict refers to cannot silently change. A slot meant to be swapped says so
 * in its declaration, as a non-final field ({@code Module classifier = new Linear(512, 10);}) or an entry of a
 * {@link Sequential} ({@link Sequential#set}); {@link #replace} writes those and refuses final fields with a hint.
 */
public final class FineTuning {
    private FineTuning() {
    }

    /**
     * Puts {@code replacement} in place of the child at dotted {@code path} (e.g. {@code classifier} or
     * {@code features.3}) and returns the module it replaced. The parent holds it in a {@link Sequential}, a modifiable
     * list or array field, or a non-final field whose type accepts the replacement. Build the optimizer after
     * replacing: the old module's parameters are gone from the model.
     *
     * @throws IllegalArgumentException if no child has that path, the parent holds it in a final field or where it
     *                                  cannot be written, or the field's type does not accept {@code replacement}
     */
    public static Module replace(Module root, String path, Module replacement) {
        Objects.requireNonNull(replacement, "FineTuning.replace: replacement");
        Map<String, Module> modules = root.namedModules();
        Module old = modules.get(path);
        if (old == null || path.isEmpty()) {
            throw new IllegalArgumentException("FineTuning.replace: " + root.describe() + " has no child '" + path
                    + "'; its modules are " + String.join(", ", modules.keySet().stream().filter(k -> !k.isEmpty())
                            .toList()));
        }
        Module parent = null;
        String name = null;
        for (Map.Entry<String, Module> m : modules.entrySet()) {
            String q = m.getKey();
            String rest = q.isEmpty() ? path : path.startsWith(q + ".") ? path.substring(q.length() + 1) : null;
            if (rest != null && m.getValue().namedChildren().get(rest) == old) {
                parent = m.getValue();
                name = rest;
                break;
            }
        }
        if (parent instanceof Sequential seq && name.chars().allMatch(Character::isDigit)) {
            return seq.set(Integer.parseInt(name), replacement);
        }
        Field f = fieldOf(parent, name);
        if (f != null && read(parent, f) == old) {
            if (Modifier.isFinal(f.getModifiers())) {
                throw cannot(parent, name, "the field is final; declare a slot meant to be replaced without final ("
                        + f.getType().getSimpleName() + " " + name + " = ...) or hold the layers in a Sequential");
            }
            if (!f.getType().isInstance(replacement)) {
                throw cannot(parent, name, "the field has type " + f.getType().getSimpleName()
                        + " and the replacement is a " + replacement.getClass().getSimpleName());
            }
            try {
                f.set(parent, replacement);
            } catch (IllegalAccessException e) {
                throw cannot(parent, name, "the field cannot be written; open the package to backprop4j");
            }
            return old;
        }
        int dot = name.lastIndexOf('.');
        Field holder = dot < 0 ? null : fieldOf(parent, name.substring(0, dot));
        Object items = holder == null ? null : read(parent, holder);
        int index = dot < 0 ? -1 : Integer.parseInt(name.substring(dot + 1));
        if (items instanceof List<?> list) {
            try {
                @SuppressWarnings("unchecked")
                List<Object> writable = (List<Object>) list;
                writable.set(index, replacement);
            } catch (UnsupportedOperationException | ClassCastException e) {
                throw cannot(parent, name, "its list cannot be modified (" + e + ")");
            }
            return old;
        }
        if (items instanceof Module[] array) {
            if (!array.getClass().getComponentType().isInstance(replacement)) {
                throw cannot(parent, name, "the array holds " + array.getClass().getComponentType().getSimpleName()
                        + " and the replacement is a " + replacement.getClass().getSimpleName());
            }
            array[index] = replacement;
            return old;
        }
        throw cannot(parent, name, "it is not held in a field of that name (the module lists its children itself)");
    }

    private static Object read(Module m, Field f) {
        try {
            f.setAccessible(true);
            return f.get(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw cannot(m, f.getName(), "the field cannot be read (" + e + "); open the package to backprop4j");
        }
    }

    private static Field fieldOf(Module m, String name) {
        for (Class<?> c = m.getClass(); c != null && c != Module.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return null;
    }

    private static IllegalArgumentException cannot(Module parent, String name, String why) {
        return new IllegalArgumentException("FineTuning.replace: cannot replace '" + name + "' of "
                + parent.describe() + ": " + why);
    }

    /**
     * The trainable parameters of {@code model} grouped by the first prefix that names them or a submodule holding
     * them ({@code features} takes {@code features.0.weight}), in the order of {@code prefixes}; those no prefix
     * names go to a last group under {@code ""}, present only when not empty. Each group becomes an optimizer
     * parameter group with its own learning rate (discriminative fine-tuning, Howard and Ruder, "Universal language
     * model fine-tuning", 2018).
     *
     * @throws IllegalArgumentException if no prefix is given, or one names no trainable parameter
     */
    public static Map<String, List<Parameter>> parameterGroups(Module model, String... prefixes) {
        if (prefixes.length == 0) {
            throw new IllegalArgumentException("FineTuning.parameterGroups: give at least one prefix, e.g. "
                    + "\"features\"");
        }
        Map<String, List<Parameter>> groups = new LinkedHashMap<>();
        for (String p : prefixes) {
            groups.put(Objects.requireNonNull(p, "FineTuning.parameterGroups: prefix"), new ArrayList<>());
        }
        List<Parameter> rest = new ArrayList<>();
        model.namedParameters().forEach((name, p) -> {
            if (!p.requiresGrad()) {
                return;
            }
            for (String prefix : prefixes) {
                if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                    groups.get(prefix).add(p);
                    return;
                }
            }
            rest.add(p);
        });
        for (Map.Entry<String, List<Parameter>> g : groups.entrySet()) {
            if (g.getValue().isEmpty()) {
                throw new IllegalArgumentException("FineTuning.parameterGroups: prefix '" + g.getKey() + "' names no "
                        + "trainable parameter of " + model.describe() + "; trainable: "
                        + String.join(", ", model.namedParameters().entrySet().stream()
                                .filter(e -> e.getValue().requiresGrad()).map(Map.Entry::getKey).toList()));
            }
        }
        if (!rest.isEmpty()) {
            groups.put("", rest);
        }
        groups.replaceAll((k, v) -> List.copyOf(v));
        return groups;
    }

    /** {@link Module#loadStateDictPartial}: copies what fits, reports the rest. */
    static LoadReport loadPartial(Module module, Map<String, Tensor> state) {
        Objects.requireNonNull(state, "loadStateDictPartial: state");
        Map<String, Tensor> own = new LinkedHashMap<>();
        module.namedParameters().forEach(own::put);
        module.namedBuffers().forEach(own::put);
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        try (Scope _ = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor given = state.get(e.getKey());
                Tensor mine = e.getValue();
                if (given == null) {
                    missing.add(e.getKey());
                } else if (!given.shape().equals(mine.shape())) {
                    mismatched.add(e.getKey() + ": expected shape " + mine.shape() + ", got " + given.shape());
                } else if (given.dtype().isFloatingPoint() != mine.dtype().isFloatingPoint()) {
                    mismatched.add(e.getKey() + ": expected dtype " + mine.dtype() + ", got " + given.dtype());
                } else {
                    if (given != mine) {
                        mine.copyFrom(given);
                    }
                    loaded.add(e.getKey());
                }
            }
        }
        List<String> unexpected = state.keySet().stream().filter(k -> !own.containsKey(k)).toList();
        return new LoadReport(loaded, missing, unexpected, mismatched);
    }
}
