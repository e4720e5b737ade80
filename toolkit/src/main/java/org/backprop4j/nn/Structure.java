package org.backprop4j.nn;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a module's parameters, buffers and children in its instance fields (superclass fields first, then in
 * declaration order), so that modules are plain Java classes with no registration calls.
 */
final class Structure {
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            if (type.getSuperclass() != null && Module.class.isAssignableFrom(type.getSuperclass())) {
                fields.addAll(get(type.getSuperclass()));
            }
            if (type == Module.class) {
                return fields;
            }
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                    continue;
                }
                Class<?> t = f.getType();
                if (holdsTensor(t) || Module.class.isAssignableFrom(t) || Collection.class.isAssignableFrom(t)
                        || (t.isArray() && Module.class.isAssignableFrom(t.getComponentType()))) {
                    try {
                        f.setAccessible(true);
                    } catch (InaccessibleObjectException e) {
                        throw new IllegalStateException("Module: cannot read field " + f.getName() + " of "
                                + type.getName() + " to find its parameters; open its package to backprop4j, or "
                                + "override ownParameters/ownBuffers/ownChildren", e);
                    }
                    fields.add(f);
                }
            }
            return List.copyOf(fields);
        }
    };

    private Structure() {
    }

    private static boolean holdsTensor(Class<?> t) {
        return Parameter.class.isAssignableFrom(t) || Buffer.class.isAssignableFrom(t)
                || t == org.backprop4j.tensor.Tensor.class;
    }

    private static Object read(Field f, Module m) {
        try {
            return f.get(m);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Module: cannot read field " + f.getName(), e);
        }
    }

    /** Non-null fields whose value is a {@code type}, by field name. */
    static <T> Map<String, T> fields(Module m, Class<T> type) {
        Map<String, T> out = new LinkedHashMap<>();
        for (Field f : FIELDS.get(m.getClass())) {
            Object v = read(f, m);
            if (type.isInstance(v)) {
                out.put(f.getName(), type.cast(v));
            }
        }
        return out;
    }

    /** Module fields by name, and the modules in collection or array fields as {@code name.index}. */
    static Map<String, Module> children(Module m) {
        Map<String, Module> out = new LinkedHashMap<>();
        for (Field f : FIELDS.get(m.getClass())) {
            Object v = read(f, m);
            if (v instanceof Module child) {
                out.put(f.getName(), child);
            } else if (v instanceof Collection<?> items) {
                addAll(out, f.getName(), items.toArray());
            } else if (v instanceof Module[] items) {
                addAll(out, f.getName(), items);
            }
        }
        return out;
    }

    private static void addAll(Map<String, Module> out, String name, Object[] items) {
        for (int i = 0; i < items.length; i++) {
            if (items[i] instanceof Module child) {
                out.put(name + "." + i, child);
            }
        }
    }
}
