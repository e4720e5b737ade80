package org.backprop4j.kernel;

/** Javadoc text for inspect requests. */
final class ToolkitJavadoc {
    private ToolkitJavadoc() {
    }

    /** TODO(kernel): toolkit Javadoc from bundled sources. */
    static String lookup(String signature) {
        return null;
    }

    /** The first sentence (or paragraph) of a Javadoc comment. */
    static String summary(String javadoc) {
        String text = javadoc.strip();
        int para = text.indexOf("\n\n");
        if (para >= 0) {
            text = text.substring(0, para);
        }
        int dot = text.indexOf(". ");
        return (dot >= 0 ? text.substring(0, dot + 1) : text).replace('\n', ' ').strip();
    }
}
