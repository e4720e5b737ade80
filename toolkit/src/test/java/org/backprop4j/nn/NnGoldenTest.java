package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;

import org.backprop4j.array.Scope;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every non-recurrent layer and every loss against PyTorch 1.13: forward output, gradients of the inputs and of every
 * parameter, and buffers after the pass (BatchNorm's running statistics), for the cases in {@code nn_golden.json}
 * (made by {@code golden/make_nn_golden.py}; {@link NnGoldenCases} builds the matching modules). PyTorch's state
 * dict goes in through {@code loadStateDict(state, true)}, so our parameter and buffer names must be PyTorch's.
 *
 * <p>Each case runs twice: in float64, within {@code 1e-12 + 1e-10 |torch|}, and with the module and inputs in
 * float32, within {@code 1e-6 (1 + |torch|)}, both against PyTorch's float64 values (the golden inputs are float32
 * numbers, so both passes compute the same function of the same numbers).
 */
class NnGoldenTest {
    private static final double RTOL64 = 1e-10;
    private static final double ATOL64 = 1e-12;
    private static final double TOL32 = 1e-6;

    /** Layers whose golden cases live with the recurrent and attention layers, not here. */
    private static final Set<String> GOLDEN_ELSEWHERE = Set.of("RNN", "RNNCell", "LSTM", "LSTMCell", "GRU", "GRUCell",
            "MultiheadAttention", "TransformerEncoderLayer",
            "CheckpointedSequential"); // equal to Sequential bit for bit: CheckpointedSequentialTest

    // ------------------------------------------------------------------------------------ the golden file

    /** A tensor that goes in: dtype "float" (float32 values) or "int64"; values as written. */
    record Entry(String name, String dtype, int[] shape, JsonArray values, boolean requiresGrad) {
    }

    /** A float64 result. */
    record Values(String name, int[] shape, double[] values) {
    }

    record Case(String name, String module, boolean training, List<Entry> state, List<Entry> inputs,
            Entry gradOutput, Values output, List<Values> inputGrads, List<Values> paramGrads,
            List<Entry> buffersAfter, double torchFloat32Error) {
    }

    record GoldenFile(String generator, String torchVersion, double float32Allowance, List<Case> cases) {
    }

    private static final GoldenFile GOLDEN = load();

    private static GoldenFile load() {
        Gson gson = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
        try (InputStream in = NnGoldenTest.class.getResourceAsStream("/golden/nn_golden.json")) {
            if (in == null) {
                throw new IllegalStateException("golden/nn_golden.json is missing from the test resources; "
                        + "regenerate it with golden/make_nn_golden.py");
            }
            return gson.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), GoldenFile.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden/nn_golden.json", e);
        }
    }

    /** An input or state tensor in {@code dtype} (floating entries) or int64; float values are read as float32. */
    private static Tensor tensor(Entry e, DType dtype) {
        JsonArray v = e.values();
        int n = v.size();
        return switch (e.dtype()) {
            case "float" -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = Float.parseFloat(v.get(i).getAsString());
                }
                yield Tensor.of(Storage.of(d), Shape.of(e.shape())).to(dtype);
            }
            case "int64" -> {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = v.get(i).getAsLong();
                }
                yield Tensor.of(Storage.of(l), Shape.of(e.shape()));
            }
            default -> throw new IllegalArgumentException("unknown dtype " + e.dtype() + " in the golden file");
        };
    }

    // ------------------------------------------------------------------------------------ running a case

    /** A case after forward and backward: the module, the inputs (with their gradients) and the output. */
    record Run(Module module, Tensor[] inputs, Tensor output) {
    }

    static Run run(Case c, DType dtype) {
        var builder = NnGoldenCases.all().get(c.name());
        assertThat(builder).as("Java builder for golden case %s", c.name()).isNotNull();
        NnGoldenCases.Built built;
        try (Scope _ = DType.useDefaultFloat(dtype)) {
            built = builder.get();
        }
        Module module = built.module();
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Entry e : c.state()) {
            state.put(e.name(), tensor(e, dtype));
        }
        module.loadStateDict(state, true);
        module.train(c.training());
        Tensor[] inputs = new Tensor[c.inputs().size()];
        for (int i = 0; i < inputs.length; i++) {
            Entry e = c.inputs().get(i);
            inputs[i] = e.requiresGrad() ? tensor(e, dtype).requiresGrad(true) : tensor(e, dtype);
        }
        Tensor output = built.forward().apply(inputs);
        output.backward(tensor(c.gradOutput(), dtype));
        return new Run(module, inputs, output);
    }

    private static void check(Case c, DType dtype) {
        String at = c.name() + " [" + dtype + "]";
        Run r = run(c, dtype);
        assertClose(at + ": output", r.output(), c.output(), dtype);

        List<Tensor> withGrad = new ArrayList<>();
        for (int i = 0; i < r.inputs().length; i++) {
            if (c.inputs().get(i).requiresGrad()) {
                withGrad.add(r.inputs()[i]);
            }
        }
        assertThat(withGrad).as("%s: inputs that require grad", at).hasSize(c.inputGrads().size());
        for (int i = 0; i < withGrad.size(); i++) {
            Tensor g = withGrad.get(i).grad();
            assertThat(g).as("%s: gradient of input %d", at, i).isNotNull();
            assertClose(at + ": gradient of input " + i, g, c.inputGrads().get(i), dtype);
        }

        Map<String, Parameter> params = r.module().namedParameters();
        assertThat(params.keySet()).as("%s: parameter names, in order", at)
                .containsExactlyElementsOf(c.paramGrads().stream().map(Values::name).toList());
        for (Values expected : c.paramGrads()) {
            Tensor g = params.get(expected.name()).grad();
            assertThat(g).as("%s: gradient of %s", at, expected.name()).isNotNull();
            assertClose(at + ": gradient of " + expected.name(), g, expected, dtype);
        }

        Map<String, Buffer> buffers = r.module().namedBuffers();
        assertThat(buffers.keySet()).as("%s: buffer names, in order", at)
                .containsExactlyElementsOf(c.buffersAfter().stream().map(Entry::name).toList());
        for (Entry expected : c.buffersAfter()) {
            Tensor b = buffers.get(expected.name());
            if (expected.dtype().equals("int64")) {
                assertThat(b.dtype()).as("%s: dtype of buffer %s", at, expected.name()).isEqualTo(DType.INT64);
                assertThat(b.toLongArray()).as("%s: buffer %s after the pass", at, expected.name())
                        .containsExactly(tensor(expected, dtype).toLongArray());
            } else {
                double[] values = new double[expected.values().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = expected.values().get(i).getAsDouble();
                }
                assertClose(at + ": buffer " + expected.name() + " after the pass", b,
                        new Values(expected.name(), expected.shape(), values), dtype);
            }
        }
    }

    /**
     * Shapes and dtype must match exactly; values within {@code 1e-12 + 1e-10 |b|} in float64 and
     * {@code 1e-6 (1 + |b|)} in float32, with b PyTorch's float64 value.
     */
    private static void assertClose(String what, Tensor actual, Values expected, DType dtype) {
        assertThat(actual.shape()).as("%s: shape", what).isEqualTo(Shape.of(expected.shape()));
        assertThat(actual.dtype()).as("%s: dtype", what).isEqualTo(dtype);
        double[] a = actual.toDoubleArray();
        double[] b = expected.values();
        for (int i = 0; i < b.length; i++) {
            double allowed = dtype == DType.FLOAT64 ? ATOL64 + RTOL64 * Math.abs(b[i]) : TOL32 * (1 + Math.abs(b[i]));
            if (!(Math.abs(a[i] - b[i]) <= allowed)) {
                fail("%s: flat element %d of shape %s is %s, PyTorch gives %s (difference %.3g, allowed %.3g)",
                        what, i, actual.shape(), a[i], b[i], Math.abs(a[i] - b[i]), allowed);
            }
        }
    }

    // ------------------------------------------------------------------------------------ tests

    @TestFactory
    Stream<DynamicTest> float64MatchesPyTorch() {
        return GOLDEN.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, DType.FLOAT64)));
    }

    @TestFactory
    Stream<DynamicTest> float32MatchesPyTorch() {
        return GOLDEN.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, DType.FLOAT32)));
    }

    /** Logits of magnitude about 1e4: losses and gradients stay finite (and match PyTorch, above). */
    @TestFactory
    Stream<DynamicTest> largeLogitsGiveFiniteLossesAndGradients() {
        return largeLogitCases().stream().flatMap(c -> Stream.of(DType.FLOAT64, DType.FLOAT32)
                .map(dtype -> DynamicTest.dynamicTest(c.name() + " [" + dtype + "]", () -> {
                    Run r = run(c, dtype);
                    assertThat(r.inputs()[0].abs().max().item()).as("largest |logit|").isGreaterThan(1e4);
                    assertThat(r.output().isFinite().toBooleanArray()).as("%s: loss finite", c.name())
                            .doesNotContain(false);
                    Tensor g = r.inputs()[0].grad();
                    assertThat(g.isFinite().toBooleanArray()).as("%s: gradient finite", c.name())
                            .doesNotContain(false);
                })));
    }

    private static List<Case> largeLogitCases() {
        return GOLDEN.cases().stream().filter(c -> c.name().contains("_large_logits")).toList();
    }

    @Test
    void largeLogitCasesCoverCrossEntropyAndBceWithLogits() {
        List<String> names = largeLogitCases().stream().map(Case::name).toList();
        assertThat(names).anyMatch(n -> n.startsWith("cross_entropy_"));
        assertThat(names).anyMatch(n -> n.startsWith("bce_with_logits_"));
    }

    /** The padding row of an Embedding gets exactly zero gradient, though the batch uses it (PyTorch's rule). */
    @TestFactory
    Stream<DynamicTest> embeddingPaddingRowGetsNoGradient() {
        List<Case> cases = GOLDEN.cases().stream().filter(c -> c.name().startsWith("embedding_")
                && c.name().contains("padding_idx")).toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(2);
        return cases.stream().flatMap(c -> Stream.of(DType.FLOAT64, DType.FLOAT32)
                .map(dtype -> DynamicTest.dynamicTest(c.name() + " [" + dtype + "]", () -> {
                    Run r = run(c, dtype);
                    Embedding e = (Embedding) r.module();
                    int pad = e.paddingIdx;
                    assertThat(r.inputs()[0].toLongArray()).as("indices").contains(pad);
                    Tensor grad = e.weight().grad();
                    assertThat(Arrays.stream(grad.select(0, pad).toDoubleArray()).boxed().toList())
                            .as("%s: gradient of padding row %d", c.name(), pad).allMatch(v -> v == 0);
                    assertThat(grad.abs().sum().item()).as("gradient of the other rows").isGreaterThan(0);
                })));
    }

    @Test
    void everyGoldenCaseHasABuilderAndViceVersa() {
        List<String> names = GOLDEN.cases().stream().map(Case::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).containsExactlyInAnyOrderElementsOf(NnGoldenCases.all().keySet());
    }

    /** PyTorch's own float32 run meets the float32 allowance on every case, so the allowance is a fair one. */
    @Test
    void float32AllowanceIsOnePyTorchMeets() {
        assertThat(GOLDEN.float32Allowance()).isEqualTo(TOL32);
        assertThat(GOLDEN.cases()).allSatisfy(c -> assertThat(c.torchFloat32Error()).as(c.name())
                .isBetween(0.0, 1.0));
    }

    /**
     * Every public concrete module class of this package (layers, activations, containers, losses) appears in
     * some golden case, so a new layer cannot go without one. Recurrent and attention layers have theirs elsewhere.
     */
    @Test
    void everyLayerAndLossHasAGoldenCase() throws Exception {
        Set<String> used = new TreeSet<>();
        for (var builder : NnGoldenCases.all().values()) {
            for (Module m : builder.get().module().namedModules().values()) {
                used.add(m.getClass().getSimpleName());
            }
        }
        Set<String> missing = new TreeSet<>(moduleClassesOfThisPackage());
        missing.removeAll(used);
        missing.removeAll(ExtraGoldenTest.coveredModuleClasses());
        missing.removeAll(GOLDEN_ELSEWHERE);
        missing.removeAll(SequenceGoldenTest.KINDS);
        missing.removeAll(SpatialGoldenTest.coveredModuleClasses());
        missing.removeAll(ShuffleDropoutGoldenTest.coveredModuleClasses());
        assertThat(missing).as("module classes with no golden case in nn_golden_cases.py / NnGoldenCases").isEmpty();
    }

    private static Set<String> moduleClassesOfThisPackage() throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path dir = Path.of(Module.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(Module.class.getPackageName().replace('.', '/'));
        assertThat(dir).as("compiled classes of %s", Module.class.getPackageName()).isDirectory();
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(Module.class.getPackageName() + "." + file.replace(".class", ""));
                if (Module.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers())
                        && !Modifier.isAbstract(c.getModifiers())) {
                    out.add(c.getSimpleName());
                }
            }
        }
        assertThat(out).as("module classes found").contains("Linear", "Conv2d", "CrossEntropyLoss");
        return out;
    }
}
