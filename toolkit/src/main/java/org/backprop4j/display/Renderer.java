package org.backprop4j.display;

/**
 * Turns objects of a type that cannot implement {@link Displayable} itself (a third-party class such as an XChart
 * chart) into a {@link MimeBundle}; register one with {@link Display#register}.
 *
 * @param <T> the type rendered
 */
@FunctionalInterface
public interface Renderer<T> {
    /** The default representations of {@code value}. */
    MimeBundle render(T value);

    /** A bundle holding {@code mimeType} if this renderer can produce it; by default the default bundle. */
    default MimeBundle render(T value, String mimeType) {
        return render(value);
    }
}
