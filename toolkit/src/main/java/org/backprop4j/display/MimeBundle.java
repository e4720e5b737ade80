package org.backprop4j.display;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Representations of one object keyed by MIME type, as Jupyter displays them: {@code text/plain} always, plus
 * {@code text/html}, {@code image/png}, {@code image/svg+xml} as fits. Text types hold strings, binary types
 * (images other than SVG) hold bytes. Immutable; the {@code with…} methods return a new bundle.
 *
 * {@snippet file="DataDisplaySnippets.java" region="mimeBundle"}
 */
public final class MimeBundle {
    public static final String PLAIN = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";
    public static final String JPEG = "image/jpeg";
    public static final String MARKDOWN = "text/markdown";
    public static final String JSON = "application/json";

    private final Map<String, Object> data;
    private final Map<String, Map<String, Object>> metadata;

    private MimeBundle(Map<String, Object> data, Map<String, Map<String, Object>> metadata) {
        this.data = data;
        this.metadata = metadata;
    }

    /** A bundle with only a {@code text/plain} representation. */
    public static MimeBundle ofText(String plain) {
        Objects.requireNonNull(plain, "MimeBundle.ofText: text/plain must not be null");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(PLAIN, plain);
        return new MimeBundle(data, Map.of());
    }

    /** True for types whose content is text: {@code text/*}, SVG, JSON and XML types. */
    public static boolean isTextual(String mimeType) {
        return mimeType.startsWith("text/") || mimeType.equals(SVG) || mimeType.endsWith("json")
                || mimeType.endsWith("+xml") || mimeType.equals("application/javascript");
    }

    /**
     * This bundle with a text representation added or replaced.
     *
     * @throws IllegalArgumentException if {@code mimeType} is a binary type such as {@code image/png}
     */
    public MimeBundle with(String mimeType, String text) {
        checkType(mimeType);
        if (!isTextual(mimeType)) {
            throw new IllegalArgumentException("MimeBundle.with: " + mimeType + " is binary; pass bytes to "
                    + "withBinary");
        }
        return put(mimeType, Objects.requireNonNull(text, () -> "MimeBundle.with: null content for " + mimeType),
                null);
    }

    /**
     * This bundle with a binary representation (for example PNG bytes) added or replaced.
     *
     * @throws IllegalArgumentException if {@code mimeType} is a text type
     */
    public MimeBundle withBinary(String mimeType, byte[] bytes) {
        checkType(mimeType);
        if (isTextual(mimeType)) {
            throw new IllegalArgumentException("MimeBundle.withBinary: " + mimeType + " is text; pass a string to with");
        }
        Objects.requireNonNull(bytes, () -> "MimeBundle.withBinary: null content for " + mimeType);
        return put(mimeType, bytes.clone(), null);
    }

    public MimeBundle withHtml(String html) { return with(HTML, html); }
    public MimeBundle withSvg(String svg) { return with(SVG, svg); }
    public MimeBundle withPng(byte[] png) { return withBinary(PNG, png); }

    /**
     * PNG bytes to be shown {@code width} x {@code height} CSS pixels, so an image drawn at twice that size stays
     * sharp on high-density screens.
     */
    public MimeBundle withPng(byte[] png, int width, int height) {
        MimeBundle b = withBinary(PNG, png);
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("width", width);
        size.put("height", height);
        return b.put(PNG, b.data.get(PNG), size);
    }

    private void checkType(String mimeType) {
        if (mimeType == null || !mimeType.matches("[a-z0-9.+-]+/[a-z0-9.+-]+")) {
            throw new IllegalArgumentException("MimeBundle: '" + mimeType + "' is not a MIME type such as text/html");
        }
    }

    private MimeBundle put(String mimeType, Object content, Map<String, Object> meta) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.put(mimeType, content);
        Map<String, Map<String, Object>> m = new LinkedHashMap<>(metadata);
        if (meta != null) {
            m.put(mimeType, Collections.unmodifiableMap(new LinkedHashMap<>(meta)));
        } else {
            m.remove(mimeType);
        }
        return new MimeBundle(d, m);
    }

    /** The MIME types present, {@code text/plain} first, then in the order they were added. */
    public Set<String> mimeTypes() { return Collections.unmodifiableSet(new LinkedHashSet<>(data.keySet())); }

    public boolean has(String mimeType) { return data.containsKey(mimeType); }

    /** The {@code text/plain} representation, never null. */
    public String plainText() { return (String) data.get(PLAIN); }

    /** The text content for {@code mimeType}, or null when absent or binary. */
    public String text(String mimeType) { return data.get(mimeType) instanceof String s ? s : null; }

    /** A copy of the binary content for {@code mimeType}, or null when absent or textual. */
    public byte[] binary(String mimeType) { return data.get(mimeType) instanceof byte[] b ? b.clone() : null; }

    /** Display hints for {@code mimeType} (such as {@code width} and {@code height}); empty when there are none. */
    public Map<String, Object> metadata(String mimeType) { return metadata.getOrDefault(mimeType, Map.of()); }

    /**
     * The content as Jupyter's JSON carries it: text as is, binary content base64-encoded.
     *
     * @throws IllegalArgumentException if the bundle has no {@code mimeType}
     */
    public String jupyterContent(String mimeType) {
        Object c = data.get(mimeType);
        if (c == null) {
            throw new IllegalArgumentException("MimeBundle: no " + mimeType + " in a bundle of " + data.keySet());
        }
        return c instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : (String) c;
    }

    /** A bundle with only the listed types (and always {@code text/plain}). */
    public MimeBundle only(Collection<String> mimeTypes) {
        Map<String, Object> d = new LinkedHashMap<>();
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        data.forEach((type, content) -> {
            if (type.equals(PLAIN) || mimeTypes.contains(type)) {
                d.put(type, content);
                if (metadata.containsKey(type)) {
                    m.put(type, metadata.get(type));
                }
            }
        });
        return new MimeBundle(d, m);
    }

    /**
     * The richest representation as an HTML fragment: the HTML itself, else the SVG inline, else the image as a
     * data URI, else the plain text in a {@code <pre>}.
     */
    public String toHtmlFragment() {
        if (has(HTML)) {
            return text(HTML);
        }
        if (has(SVG)) {
            return text(SVG);
        }
        for (String type : data.keySet()) {
            if (type.startsWith("image/") && data.get(type) instanceof byte[] bytes) {
                Object width = metadata(type).get("width");
                return "<img src=\"data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes) + "\""
                        + (width != null ? " width=\"" + width + "\"" : "") + " alt=\""
                        + Html.escape(firstLine(plainText())) + "\">";
            }
        }
        return "<pre>" + Html.escape(plainText()) + "</pre>";
    }

    /** A standalone HTML page that shows the richest representation. */
    public String toHtmlPage(String title) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                + "</title></head>\n<body style=\"font-family: sans-serif\">\n" + toHtmlFragment() + "\n</body></html>\n";
    }

    /**
     * Writes one file per representation into {@code directory}: {@code baseName.txt}, {@code .html}, {@code .png},
     * {@code .svg}, ... Each file appears whole or not at all (written to a temporary file, then moved).
     *
     * @return the files written, in the bundle's order
     * @throws IOException if a file cannot be written; files already written stay, none is partial
     */
    public List<Path> save(Path directory, String baseName) throws IOException {
        if (baseName.isBlank() || baseName.contains("/") || baseName.contains("\\")) {
            throw new IllegalArgumentException("MimeBundle.save: base name '" + baseName + "' must be a plain file "
                    + "name without directories");
        }
        List<Path> written = new ArrayList<>();
        for (String type : data.keySet()) {
            Path file = directory.resolve(baseName + "." + extension(type));
            AtomicFiles.write(file, bytes(type));
            written.add(file);
        }
        return written;
    }

    /**
     * Writes the representation that {@code file}'s extension names ({@code .png}, {@code .svg}, {@code .txt};
     * {@code .html} writes a standalone page of the richest representation), whole or not at all.
     *
     * @throws IllegalArgumentException if the extension is unknown or the bundle lacks that type
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        String type = mimeTypeFor(file);
        if (type.equals(HTML) && !has(HTML)) {
            AtomicFiles.write(file, toHtmlPage(firstLine(plainText())).getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!has(type)) {
            throw new IllegalArgumentException("MimeBundle.save: " + file + " asks for " + type + " but the bundle "
                    + "holds only " + data.keySet());
        }
        AtomicFiles.write(file, bytes(type));
    }

    /**
     * The MIME type a file name's extension stands for.
     *
     * @throws IllegalArgumentException for an extension other than png, svg, html/htm, txt, md, json, jpg/jpeg
     */
    public static String mimeTypeFor(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        return switch (ext) {
            case "png" -> PNG;
            case "svg" -> SVG;
            case "html", "htm" -> HTML;
            case "txt" -> PLAIN;
            case "md" -> MARKDOWN;
            case "json" -> JSON;
            case "jpg", "jpeg" -> JPEG;
            default -> throw new IllegalArgumentException("save: cannot tell the format of '" + file.getFileName()
                    + "'; use one of .png, .svg, .html, .txt, .md, .json, .jpg");
        };
    }

    private static String extension(String mimeType) {
        return switch (mimeType) {
            case PLAIN -> "txt";
            case HTML -> "html";
            case PNG -> "png";
            case SVG -> "svg";
            case JPEG -> "jpg";
            case MARKDOWN -> "md";
            case JSON -> "json";
            default -> mimeType.substring(mimeType.indexOf('/') + 1).replaceAll("[^a-z0-9]+", "-");
        };
    }

    private byte[] bytes(String type) {
        Object c = data.get(type);
        return c instanceof byte[] b ? b : ((String) c).getBytes(StandardCharsets.UTF_8);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MimeBundle[");
        data.forEach((type, c) -> sb.append(sb.length() > 11 ? ", " : "").append(type).append(": ")
                .append(c instanceof byte[] b ? b.length + " bytes" : ((String) c).length() + " chars"));
        return sb.append(']').toString();
    }
}
