package org.backprop4j.display;

/**
 * An object that shows itself richly: in a notebook (the kernel turns the bundle into Jupyter display data) and as
 * files from plain Java ({@link Display#save}). Implement {@link #toMimeBundle()}; override
 * {@link #toMimeBundle(String)} when a representation is too costly to include by default but can be made on
 * request (a chart's SVG, say).
 *
 * {@snippet file="DataDisplaySnippets.java" region="displayable"}
 */
@FunctionalInterface
public interface Displayable {
    /** The default representations: {@code text/plain} and whichever rich types fit. */
    MimeBundle toMimeBundle();

    /**
     * A bundle that holds {@code mimeType} if this object can produce it (plus {@code text/plain}); by default the
     * default bundle, which may lack the type.
     */
    default MimeBundle toMimeBundle(String mimeType) {
        return toMimeBundle();
    }
}
