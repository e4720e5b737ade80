package org.backprop4j.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

/**
 * Javadoc of toolkit classes and members for inspect requests. JShell finds Javadoc only in the JDK's src.zip, so
 * the kernel jar carries the toolkit's sources (under {@value #SOURCES}) and this parses the one a signature
 * names, with javac's tree API, and reads the comment of the matching class, method or constructor.
 */
final class ToolkitJavadoc {
    static final String SOURCES = "backprop4j-sources/";
    private static volatile Map<String, List<String>> index;
    private static final Map<String, Map<String, String>> PARSED = new ConcurrentHashMap<>();

    private ToolkitJavadoc() {
    }

    /**
     * The Javadoc of the member a JShell signature such as {@code Tensor Tensor.randn(int... dims)} names, cleaned
     * of tags; null when it is not a toolkit member or has no comment.
     */
    static String lookup(String signature) {
        int paren = signature.indexOf('(');
        if (paren < 0) {
            return null;
        }
        String head = signature.substring(0, paren).strip();
        String qualified = head.substring(head.lastIndexOf(' ') + 1);
        int dot = qualified.lastIndexOf('.');
        String cls = dot < 0 ? qualified : qualified.substring(0, dot);
        String member = dot < 0 ? qualified : qualified.substring(dot + 1);
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        String key = member + "(" + String.join(",", parameterNames(signature.substring(paren + 1,
                signature.lastIndexOf(')')))) + ")";
        return find(cls, key);
    }

    /** The Javadoc of the toolkit class (or interface, record, enum) with this simple name, or null. */
    static String forClass(String simpleName) {
        return find(simpleName, "");
    }

    private static String find(String cls, String key) {
        for (String path : index().getOrDefault(cls, List.of())) {
            Map<String, String> docs = PARSED.computeIfAbsent(path, ToolkitJavadoc::parse);
            String doc = docs.get(cls + "#" + key);
            if (doc != null) {
                return clean(doc);
            }
        }
        return null;
    }

    /** The parameter names of {@code a, b} in "int a, Map<K, V> b" (top-level commas only). */
    static List<String> parameterNames(String params) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= params.length(); i++) {
            char c = i < params.length() ? params.charAt(i) : ',';
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String p = params.substring(start, i).strip();
                if (!p.isEmpty()) {
                    names.add(p.substring(p.lastIndexOf(' ') + 1));
                }
                start = i + 1;
            }
        }
        return names;
    }

    /** Simple class name to source paths, from the kernel jar's bundled sources. */
    private static Map<String, List<String>> index() {
        Map<String, List<String>> i = index;
        if (i != null) {
            return i;
        }
        Map<String, List<String>> built = new HashMap<>();
        try (JarFile jar = new JarFile(KernelSpecInstaller.currentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith(SOURCES) && name.endsWith(".java")) {
                    String simple = name.substring(name.lastIndexOf('/') + 1, name.length() - 5);
                    built.computeIfAbsent(simple, k -> new ArrayList<>()).add(name);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not run from the kernel jar (a test on classes): no bundled sources.
        }
        index = built;
        return built;
    }

    /** Every doc comment in one source file, keyed "Class#" for types and "Class#method(a,b)" for members. */
    static Map<String, String> parse(String path) {
        String text;
        try (InputStream in = ToolkitJavadoc.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return Map.of();
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Map.of();
        }
        return parseSource(path, text);
    }

    static Map<String, String> parseSource(String path, String text) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
        Trees trees = Trees.instance(task);
        Map<String, String> docs = new HashMap<>();
        try {
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree c, String outer) {
                        String name = c.getSimpleName().toString();
                        put(docs, name + "#", trees.getDocComment(getCurrentPath()));
                        for (Tree m : c.getMembers()) {
                            if (m instanceof MethodTree method) {
                                String member = method.getName().contentEquals("<init>") ? name
                                        : method.getName().toString();
                                List<String> params = method.getParameters().stream()
                                        .map(VariableTree::getName).map(Object::toString).toList();
                                put(docs, name + "#" + member + "(" + String.join(",", params) + ")",
                                        trees.getDocComment(new TreePath(getCurrentPath(), method)));
                            }
                        }
                        return super.visitClass(c, name);
                    }
                }.scan(unit, null);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return docs;
    }

    private static void put(Map<String, String> docs, String key, String doc) {
        if (doc != null && !doc.isBlank()) {
            docs.putIfAbsent(key, doc);
        }
    }

    /** Javadoc as plain text: inline tags reduced to their text, HTML tags dropped, block tags kept as lines. */
    static String clean(String doc) {
        String s = doc.replaceAll("\\{@(?:code|literal)\\s+([^{}]*(?:\\{[^{}]*}[^{}]*)*)}", "$1")
                .replaceAll("\\{@(?:link|linkplain)\\s+([^}\\s]+)(?:\\s+([^}]*))?}", "$1")
                .replaceAll("\\{@value\\s*([^}]*)}", "$1")
                .replaceAll("(?i)<p>", "\n\n")
                .replaceAll("(?i)</?(p|pre|ul|ol|li|b|i|em|strong|code|br)\\s*/?>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return s.replaceAll("(?m)^ +", "").replaceAll("\n{3,}", "\n\n").strip();
    }

    /** The first sentence (or paragraph) of a Javadoc comment. */
    static String summary(String javadoc) {
        String text = javadoc.strip();
        int para = text.indexOf("\n\n");
        if (para >= 0) {
            text = text.substring(0, para);
        }
        int tag = text.indexOf("\n@");
        if (tag >= 0) {
            text = text.substring(0, tag);
        }
        java.util.regex.Matcher end = SENTENCE_END.matcher(text);
        return (end.find() ? text.substring(0, end.start() + 1) : text).replace('\n', ' ').strip();
    }

    private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("\\.(\\s|$)");
}
