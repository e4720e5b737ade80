package org.backprop4j.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails when an op escapes the gradient checks of {@link OpCases}: (a) every primitive recorded in
 * {@code org.backprop4j.ops} must appear in a checked graph, and (b) every public {@link Tensor} method that returns
 * tensors must be claimed by a catalog case or listed here as not differentiable.
 */
class OpCoverageTest {
    /**
     * Primitives whose derivative rule is not required to be differentiable again, each with the reason. Every
     * other primitive must appear in the forward graph of a case that passes {@link GradCheck#checkSecondOrder}.
     */
    private static final Map<String, String> NOT_TWICE_DIFFERENTIABLE = Map.of(
            // Reductions.prod: for blocks that contain a zero the gradient (the product of the other elements) comes
            // from an exact prefix/suffix-product kernel, recorded with recordOnceDifferentiable so that
            // differentiating it again fails loudly instead of silently giving zero (PyTorch's once_differentiable).
            "prodWithZeros", "part of prod's derivative for blocks with a zero; once differentiable by design",
            // Ctc.ctcLoss: the forward-backward recursions run as a kernel, as in PyTorch, whose ctc_loss cannot be
            // differentiated twice either; its gradient is recorded with recordOnceDifferentiable
            "ctcLoss", "connectionist temporal classification; once differentiable, as PyTorch's",
            "ctcLossBackward", "part of ctcLoss's derivative; once differentiable, as PyTorch's");

    /**
     * Primitives that finite differences cannot check, each with the reason and where its derivative rule is tested
     * instead. They are exempt from both the first- and the second-order coverage.
     */
    private static final Map<String, String> NOT_FINITE_DIFFERENCE_CHECKABLE = Map.of(
            // Autocast.round: rounding to a 16-bit format is a step function (finite differences give 0 or a jump);
            // its derivative is defined as PyTorch's cast's, the gradient rounded to the format, and
            // AutocastGoldenTest checks it against PyTorch's gradients through .to(torch.bfloat16)
            "to_bfloat16", "a step function; rule checked against PyTorch in AutocastGoldenTest",
            "to_float16", "a step function; rule checked in AutocastGoldenTest");

    /**
     * Public methods returning tensors that have no gradient to check, by name (all overloads), grouped by why.
     * A new method must either get a case in {@link OpCases} or a place here.
     */
    private static final Set<String> NON_DIFFERENTIABLE = Set.of(
            // factories: they make new leaves from numbers, shapes or a generator
            "scalar", "of", "zeros", "ones", "full", "zerosLike", "onesLike", "fullLike", "arange", "linspace", "eye",
            "rand", "randn", "randint",
            // a raw strided view of a Storage, outside the graph (the views that are differentiable are the ops)
            "asStrided",
            // autograd plumbing: they return the tensor itself, its gradient, or a copy cut from the graph
            "detach",
            // comparisons and logic: bool results, zero derivative almost everywhere
            "eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalNot", "isNan", "isFinite",
            // int64 indices
            "argmax", "argmin",
            // in place: never recorded, refused on tensors that require grad
            "addInPlace", "mulInPlace", "fill", "zero", "copyFrom");

    private static final Pattern RECORD = Pattern.compile(
            "(?:\\bGraph\\.|(?<![\\w.]))(record|recordOnceDifferentiable)\\("
                    + "\\s*(?:\"([^\"\\\\]*)\"|([A-Za-z_$][\\w$]*)\\s*[,)])?");
    private static final Pattern METHOD = Pattern.compile(
            "(?m)^[ \\t]*(?:(?:public|protected|private|static|final|synchronized)\\s+)+[\\w<>\\[\\],.? ]+?\\s+"
                    + "([A-Za-z_$][\\w$]*)\\s*\\(");

    private static Registry registry;
    private static Coverage coverage;

    /** The primitives found in the sources: recorded with a derivative rule, or once differentiable only. */
    record Registry(Set<String> differentiable, Set<String> onceOnly, List<String> unreadable) {
        Set<String> all() {
            Set<String> all = new TreeSet<>(differentiable);
            all.addAll(onceOnly);
            return all;
        }
    }

    /**
     * Op names seen while running the catalog. {@code firstOrder}: ops of graphs that GradCheck.check compared
     * with finite differences (the forward graphs of all cases, and the gradient graphs of second-order cases,
     * which checkSecondOrder puts through check). {@code secondOrder}: ops of the forward graphs of second-order
     * cases, whose derivative rules checkSecondOrder differentiates again. {@code inGradients}: ops of the gradient
     * graphs of all cases, whose values the first-order checks compared.
     */
    record Coverage(Set<String> firstOrder, Set<String> secondOrder, Set<String> inGradients) {
    }

    @BeforeAll
    static void runTheCatalog() throws IOException {
        registry = scan(opsSources());
        Set<String> first = new TreeSet<>();
        Set<String> second = new TreeSet<>();
        Set<String> inGradients = new TreeSet<>();
        for (OpCase c : OpCases.all()) {
            Tensor[] inputs = c.freshInputs();
            try (Scope _ = GradMode.enableGrad()) {
                List<Tensor> outputs = c.outputs().apply(inputs);
                List<String> forward = GradCheck.opsOf(outputs);
                List<String> gradient = GradCheck.opsOf(gradientGraph(outputs, inputs));
                first.addAll(forward);
                inGradients.addAll(gradient);
                if (c.twice()) {
                    second.addAll(forward);
                    first.addAll(gradient);
                }
            }
        }
        coverage = new Coverage(first, second, inGradients);
    }

    /** The gradients of {@code outputs}, recorded with createGraph as checkSecondOrder records them. */
    private static List<Tensor> gradientGraph(List<Tensor> outputs, Tensor[] inputs) {
        Rng rng = Rng.seeded(1);
        List<Tensor> roots = new ArrayList<>();
        List<Tensor> seeds = new ArrayList<>();
        for (Tensor y : outputs) {
            if (y.requiresGrad()) {
                roots.add(y);
                seeds.add(Tensor.randn(rng, DType.FLOAT64, y.shape().toArray()).requiresGrad(true).to(y.dtype()));
            }
        }
        List<Tensor> diff = Arrays.stream(inputs).filter(Tensor::requiresGrad).toList();
        Tensor[] grads = Autograd.grad(roots, seeds, diff,
                BackwardOptions.DEFAULT.withCreateGraph(true).withAllowUnused(true));
        return Arrays.stream(grads).filter(g -> g != null).toList();
    }

    // ------------------------------------------------------------------------------------------------ (a) primitives

    @Test
    void theScanFindsThePrimitiveRegistry() {
        assertThat(registry.unreadable())
                .withFailMessage("ops record a node whose name the scan cannot read (use a string literal, or a "
                        + "parameter filled with literals by the callers): %s", registry.unreadable())
                .isEmpty();
        // a sanity floor, so that a broken scan cannot pass the checks below by finding nothing
        assertThat(registry.differentiable()).contains("add", "matmul", "sum", "view", "minimum", "amax", "max",
                "permute", "sliceBackward", "cat", "scatterAdd");
        assertThat(registry.onceOnly()).contains("prodWithZeros");
        assertThat(registry.differentiable()).as("exempt from finite differences but recorded")
                .containsAll(NOT_FINITE_DIFFERENCE_CHECKABLE.keySet());
        assertThat(registry.all()).hasSizeGreaterThan(40);
    }

    @Test
    void everyPrimitiveIsGradientChecked() {
        Set<String> missing = new TreeSet<>(registry.differentiable());
        missing.removeAll(coverage.firstOrder());
        missing.removeAll(NOT_FINITE_DIFFERENCE_CHECKABLE.keySet());
        // once-only nodes have no derivative rule to check; their values are the gradients the checks compared
        Set<String> onceMissing = new TreeSet<>(registry.onceOnly());
        onceMissing.removeAll(coverage.inGradients());
        missing.addAll(onceMissing);

        assertThat(missing)
                .withFailMessage("primitive ops recorded in org.backprop4j.ops but never in a gradient-checked graph: "
                        + "%s; add cases that use them to the OpCases catalog", missing)
                .isEmpty();
    }

    @Test
    void everyTwiceDifferentiablePrimitiveIsCheckedAtSecondOrder() {
        Set<String> missing = new TreeSet<>(registry.differentiable());
        missing.removeAll(NOT_TWICE_DIFFERENTIABLE.keySet());
        missing.removeAll(NOT_FINITE_DIFFERENCE_CHECKABLE.keySet());
        missing.removeAll(coverage.secondOrder());

        assertThat(missing)
                .withFailMessage("primitive ops with a differentiable derivative rule but in no second-order-checked "
                        + "graph: %s; add a twice-differentiable case to the OpCases catalog, or list the op in "
                        + "NOT_TWICE_DIFFERENTIABLE with the reason", missing)
                .isEmpty();
    }

    @Test
    void theSecondOrderExclusionsAreExactlyTheOnceDifferentiablePrimitives() {
        Set<String> stale = new TreeSet<>(NOT_TWICE_DIFFERENTIABLE.keySet());
        stale.removeAll(registry.all());
        Set<String> unlisted = new TreeSet<>(registry.onceOnly());
        unlisted.removeAll(NOT_TWICE_DIFFERENTIABLE.keySet());

        assertThat(stale).withFailMessage("NOT_TWICE_DIFFERENTIABLE names ops that are not recorded anywhere: %s",
                stale).isEmpty();
        assertThat(unlisted).withFailMessage("ops recorded with recordOnceDifferentiable but missing from "
                + "NOT_TWICE_DIFFERENTIABLE: %s", unlisted).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ (b) public API

    @Test
    void everyPublicTensorOpHasAGradientCheck() {
        Set<String> covered = catalogSignatures();
        List<String> missing = new ArrayList<>();
        for (String signature : tensorOps().keySet()) {
            if (!NON_DIFFERENTIABLE.contains(nameOf(signature)) && !covered.contains(signature)) {
                missing.add(signature);
            }
        }

        assertThat(missing)
                .withFailMessage("public Tensor methods without a gradient check: %s; add a case to the OpCases "
                        + "catalog (naming the method in its signature list) or, if it has no gradient, add the name "
                        + "to NON_DIFFERENTIABLE", missing)
                .isEmpty();
    }

    @Test
    void theCatalogAndTheExclusionsNameOnlyRealMethods() {
        Set<String> real = tensorOps().keySet();
        Set<String> realNames = real.stream().map(OpCoverageTest::nameOf).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>(catalogSignatures());
        unknown.removeAll(real);
        Set<String> staleExclusions = new TreeSet<>(NON_DIFFERENTIABLE);
        staleExclusions.removeAll(realNames);
        Set<String> both = catalogSignatures().stream().map(OpCoverageTest::nameOf)
                .filter(NON_DIFFERENTIABLE::contains).collect(Collectors.toCollection(TreeSet::new));

        assertThat(unknown).withFailMessage("OpCases claims methods Tensor does not have (signatures are "
                + "name(ParamType,...) with simple type names): %s", unknown).isEmpty();
        assertThat(staleExclusions).withFailMessage("NON_DIFFERENTIABLE names methods Tensor does not have: %s",
                staleExclusions).isEmpty();
        assertThat(both).withFailMessage("methods both gradient-checked and listed as non-differentiable: %s", both)
                .isEmpty();
    }

    @Test
    void caseNamesAreUnique() {
        List<String> names = OpCases.all().stream().map(OpCase::name).toList();
        Set<String> duplicates = names.stream().filter(n -> names.indexOf(n) != names.lastIndexOf(n))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(duplicates).withFailMessage("duplicate case names in OpCases: %s", duplicates).isEmpty();
    }

    /** Public methods of Tensor that return a tensor, a list of tensors or values with indices, by signature. */
    static Map<String, Method> tensorOps() {
        Map<String, Method> ops = new TreeMap<>();
        for (Method m : Tensor.class.getMethods()) {
            Class<?> r = m.getReturnType();
            if (m.getDeclaringClass() == Tensor.class && !m.isSynthetic() && !m.isBridge()
                    && Modifier.isPublic(m.getModifiers())
                    && (r == Tensor.class || r == List.class || r == ValuesAndIndices.class)) {
                ops.put(signature(m), m);
            }
        }
        return ops;
    }

    static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    private static String nameOf(String signature) {
        return signature.substring(0, signature.indexOf('('));
    }

    private static Set<String> catalogSignatures() {
        return OpCases.all().stream().flatMap(c -> c.methods().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    // ------------------------------------------------------------------------------------------------ the scan

    private static List<Path> opsSources() throws IOException {
        String relative = "src/main/java/org/backprop4j/ops";
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        for (Path candidate : List.of(base.resolve(relative), base.resolve("toolkit").resolve(relative))) {
            if (Files.isDirectory(candidate)) {
                try (Stream<Path> files = Files.list(candidate)) {
                    return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
                }
            }
        }
        throw new IllegalStateException("cannot find " + relative + " under " + base.toAbsolutePath());
    }

    /**
     * Finds every {@code Graph.record("name", ...)} and {@code Graph.recordOnceDifferentiable("name", ...)} (also
     * called without the class name, after a static import). Where the name is a parameter (a helper such as
     * {@code viewOf(String op, ...)} records for several ops), the names are the string literals its callers pass
     * first: {@code viewOf("permute", ...)}.
     */
    static Registry scan(List<Path> sources) throws IOException {
        Map<Path, String> code = new TreeMap<>();
        for (Path p : sources) {
            code.put(p, withoutComments(Files.readString(p)));
        }
        Set<String> differentiable = new TreeSet<>();
        Set<String> onceOnly = new TreeSet<>();
        List<String> unreadable = new ArrayList<>();
        for (Map.Entry<Path, String> file : code.entrySet()) {
            Matcher m = RECORD.matcher(file.getValue());
            while (m.find()) {
                Set<String> target = m.group(1).equals("record") ? differentiable : onceOnly;
                String where = file.getKey().getFileName() + ":" + lineOf(file.getValue(), m.start());
                if (m.group(2) != null) {
                    target.add(m.group(2));
                } else if (m.group(3) != null) {
                    String helper = enclosingMethod(file.getValue(), m.start());
                    List<String> names = literalsPassedTo(helper, code.values());
                    if (names.isEmpty()) {
                        unreadable.add(where + " (" + helper + " is never called with a literal name)");
                    }
                    target.addAll(names);
                } else {
                    unreadable.add(where);
                }
            }
        }
        return new Registry(differentiable, onceOnly, unreadable);
    }

    private static String enclosingMethod(String source, int position) {
        Matcher m = METHOD.matcher(source);
        String name = null;
        while (m.find() && m.start() < position) {
            name = m.group(1);
        }
        return name;
    }

    private static List<String> literalsPassedTo(String method, Iterable<String> sources) {
        List<String> names = new ArrayList<>();
        if (method == null) {
            return names;
        }
        Pattern call = Pattern.compile("\\b" + Pattern.quote(method) + "\\(\\s*\"([^\"\\\\]*)\"");
        for (String source : sources) {
            Matcher m = call.matcher(source);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static int lineOf(String source, int position) {
        return (int) source.substring(0, position).chars().filter(c -> c == '\n').count() + 1;
    }

    /** The source with comments blanked out (line breaks kept), so that examples in Javadoc are not read as code. */
    static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    if (source.charAt(i) == '\n') {
                        out.append('\n');
                    }
                }
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                out.append(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int start = i++;
                while (i < n && source.charAt(i) != c) {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(i + 1, n);
                out.append(source, start, i);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
