package org.backprop4j.display;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.backprop4j.diagnostics.GradientMonitor;
import org.backprop4j.diagnostics.GradientSnapshot;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.ModuleSummary;
import org.backprop4j.tensor.Tensor;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Turns any object into a {@link MimeBundle}, which a notebook shows and plain Java saves to files.
 * A {@link Displayable} renders itself; other types go through a {@link Renderer} registered for their class, a
 * superclass or an interface (the most specific wins); anything else shows its {@code toString()}. Built in:
 * {@link Tensor} (header, statistics and an HTML table of values), {@link Module} and {@link ModuleSummary} (a table
 * of the layers), a training {@code History} (its curves over its table),
 * XChart charts (PNG, SVG on request) and Tablesaw tables (HTML).
 *
 * {@snippet file="DataDisplaySnippets.java" region="display"}
 */
public final class Display {
    private static final Map<Class<?>, Renderer<?>> RENDERERS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Renderer<?>> RESOLVED = new ConcurrentHashMap<>();
    private static final Renderer<Object> TO_STRING = value -> MimeBundle.ofText(plainText(value));

    static {
        register(Tensor.class, new TensorRenderer());
        RENDERERS.put(Chart.class, new ChartRenderer());   // Chart is generic: register(Class<T>, ...) cannot name Chart<?, ?>
        register(Table.class, new TableRenderer());
        SummaryRenderer summaries = new SummaryRenderer();
        register(ModuleSummary.class, summaries);
        register(Module.class, model -> summaries.render(ModuleSummary.of(model)));
        register(GradientSnapshot.class, new GradientRenderer());
        register(GradientMonitor.class, GradientRenderer::monitor);
        register(org.backprop4j.train.History.class, new HistoryRenderer());
    }

    private Display() {
    }

    /**
     * Makes {@code renderer} show instances of {@code type} and its subtypes (unless a more specific type has its
     * own renderer, or the instance is {@link Displayable}). Replaces an earlier renderer for the same type.
     */
    public static <T> void register(Class<T> type, Renderer<? super T> renderer) {
        RENDERERS.put(Objects.requireNonNull(type, "Display.register: type"),
                Objects.requireNonNull(renderer, "Display.register: renderer"));
        RESOLVED.clear();
    }

    /** The default representations of {@code value}; {@code null} shows as {@code null}. */
    public static MimeBundle bundle(Object value) {
        if (value instanceof MimeBundle b) {
            return b;
        }
        if (value instanceof Displayable d) {
            return checked(d.toMimeBundle(), value);
        }
        return checked(renderer(value).render(value), value);
    }

    /** A bundle that holds {@code mimeType} when {@code value} can produce it, besides {@code text/plain}. */
    public static MimeBundle bundle(Object value, String mimeType) {
        if (value instanceof MimeBundle b) {
            return b;
        }
        if (value instanceof Displayable d) {
            return checked(d.toMimeBundle(mimeType), value);
        }
        return checked(renderer(value).render(value, mimeType), value);
    }

    /**
     * {@code value} shown only as {@code mimeType} (and text/plain), for example a chart as SVG:
     * {@code display(Display.as(chart, MimeBundle.SVG))}.
     *
     * @throws IllegalArgumentException if {@code value} cannot produce {@code mimeType}
     */
    public static Displayable as(Object value, String mimeType) {
        MimeBundle b = bundle(value, mimeType);
        if (!b.has(mimeType)) {
            throw new IllegalArgumentException("Display.as: " + typeName(value) + " cannot be shown as " + mimeType
                    + "; it offers " + b.mimeTypes());
        }
        MimeBundle only = b.only(List.of(mimeType));
        return () -> only;
    }

    /**
     * Writes {@code value} to {@code file} in the format its extension names: {@code .png}, {@code .svg},
     * {@code .txt}, or {@code .html} (the HTML representation, else a page showing the richest one). The file is
     * written whole or not at all.
     *
     * @throws IllegalArgumentException if the extension is unknown or {@code value} cannot produce that format
     * @throws IOException if the file cannot be written
     */
    public static void save(Object value, Path file) throws IOException {
        String type = MimeBundle.mimeTypeFor(file);
        MimeBundle b = bundle(value, type);
        if (!b.has(type) && !type.equals(MimeBundle.HTML)) {
            throw new IllegalArgumentException("Display.save: " + typeName(value) + " cannot be saved as "
                    + file.getFileName() + " (" + type + "); it offers " + b.mimeTypes());
        }
        b.save(file);
    }

    @SuppressWarnings("unchecked")
    private static Renderer<Object> renderer(Object value) {
        if (value == null) {
            return TO_STRING;
        }
        Renderer<?> r = RESOLVED.computeIfAbsent(value.getClass(), Display::resolve);
        return (Renderer<Object>) r;
    }

    /** The renderer of the nearest registered supertype: superclasses first, then interfaces breadth-first. */
    private static Renderer<?> resolve(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Renderer<?> r = RENDERERS.get(c);
            if (r != null && c != Object.class) {
                return r;
            }
        }
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            queue.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!queue.isEmpty()) {
            Class<?> i = queue.poll();
            if (seen.add(i)) {
                Renderer<?> r = RENDERERS.get(i);
                if (r != null) {
                    return r;
                }
                queue.addAll(Arrays.asList(i.getInterfaces()));
            }
        }
        return RENDERERS.getOrDefault(Object.class, TO_STRING);
    }

    private static MimeBundle checked(MimeBundle b, Object value) {
        if (b == null) {
            throw new IllegalStateException("Display: the renderer of " + typeName(value) + " returned no bundle");
        }
        return b;
    }

    /** {@code toString()}, with arrays shown by their elements. */
    static String plainText(Object value) {
        if (value != null && value.getClass().isArray()) {
            if (value instanceof Object[] a) {
                return Arrays.deepToString(a);
            }
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                sb.append(i > 0 ? ", " : "").append(Array.get(value, i));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
