package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;

import org.backprop4j.array.DType;
import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The convolution, pooling, normalization, resampling and padding layers of issue 17 against PyTorch 1.13: forward
 * output, int64 extra outputs (max pooling's indices, exactly), gradients of the inputs and of every parameter, and
 * buffers after the pass, for the cases in {@code spatial_golden.json} (made by {@code golden/make_spatial_golden.py}
 * from {@code spatial_golden_cases.py}; {@link SpatialGoldenCases} builds the matching modules). PyTorch's state dict
 * goes in through {@code loadStateDict(state, true)}, so our parameter and buffer names, parametrizations included,
 * must be PyTorch's; cases with {@code dropped_state} are old checkpoints that strict loading must accept.
 *
 * <p>Each case runs in float64, within {@code 1e-12 + 1e-10 |torch|}, and with the module and inputs in float32,
 * within {@code 1e-6 (1 + |torch|)}, both against PyTorch's float64 values, as {@link NnGoldenTest}.
 */
class SpatialGoldenTest {
    private static final double RTOL64 = 1e-10;
    private static final double ATOL64 = 1e-12;
    private static final double TOL32 = 1e-6;

    /** A tensor that goes in: dtype "float" (float32 values) or "int64". */
    record Entry(String name, String dtype, int[] shape, JsonArray values, boolean requiresGrad) {
    }

    /** A result: float64 values, or int64 values written as numbers. */
    record Values(String name, int[] shape, double[] values) {
    }

    record Case(String name, String module, boolean training, List<Entry> state, List<String> droppedState,
            List<Entry> inputs, Entry gradOutput, Values output, List<Values> extraOutputs, List<Values> inputGrads,
            List<Values> paramGrads, List<Entry> buffersAfter, double torchFloat32Error) {
    }

    record GoldenFile(String generator, String torchVersion, double float32Allowance, List<Case> cases) {
    }

    private static final GoldenFile GOLDEN = load("spatial_golden.json", "make_spatial_golden.py");

    /** A golden file of this format from the test resources' {@code golden/} folder. */
    static GoldenFile load(String file, String script) {
        Gson gson = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
        try (InputStream in = SpatialGoldenTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new IllegalStateException("golden/" + file + " is missing from the test resources; "
                        + "regenerate it with golden/" + script);
            }
            return gson.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), GoldenFile.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden/" + file, e);
        }
    }

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

    /** A case after forward and backward: the module, the inputs (with gradients) and the outputs. */
    record Run(Module module, Tensor[] inputs, Tensor[] outputs) {
    }

    static Run run(Case c, DType dtype) {
        return run(c, dtype, SpatialGoldenCases.all());
    }

    /** A case run with the builder of its name from {@code builders}. */
    static Run run(Case c, DType dtype, Map<String, Supplier<SpatialGoldenCases.Built>> builders) {
        var builder = builders.get(c.name());
        assertThat(builder).as("Java builder for golden case %s", c.name()).isNotNull();
        SpatialGoldenCases.Built built;
        try (Scope _ = DType.useDefaultFloat(dtype)) {
            built = builder.get();
        }
        Module module = built.module();
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Entry e : c.state()) {
            state.put(e.name(), tensor(e, dtype));
        }
        for (String dropped : c.droppedState()) {
            assertThat(state).as("%s: the golden state leaves out %s", c.name(), dropped).doesNotContainKey(dropped);
        }
        module.loadStateDict(state, true);
        module.train(c.training());
        Tensor[] inputs = new Tensor[c.inputs().size()];
        for (int i = 0; i < inputs.length; i++) {
            Entry e = c.inputs().get(i);
            inputs[i] = e.requiresGrad() ? tensor(e, dtype).requiresGrad(true) : tensor(e, dtype);
        }
        Tensor[] outputs = built.forward().apply(inputs);
        outputs[0].backward(tensor(c.gradOutput(), dtype));
        return new Run(module, inputs, outputs);
    }

    /** Runs {@code c} and compares everything it produced with PyTorch's values. */
    static void check(Case c, DType dtype, Map<String, Supplier<SpatialGoldenCases.Built>> builders) {
        String at = c.name() + " [" + dtype + "]";
        Run r = run(c, dtype, builders);
        assertClose(at + ": output", r.outputs()[0], c.output(), dtype);
        assertThat(r.outputs().length - 1).as("%s: extra outputs", at).isEqualTo(c.extraOutputs().size());
        for (int i = 0; i < c.extraOutputs().size(); i++) {
            Tensor extra = r.outputs()[i + 1];
            Values expected = c.extraOutputs().get(i);
            assertThat(extra.dtype()).as("%s: dtype of extra output %d", at, i).isEqualTo(DType.INT64);
            assertThat(extra.shape()).as("%s: shape of extra output %d", at, i).isEqualTo(Shape.of(expected.shape()));
            long[] want = new long[expected.values().length];
            for (int k = 0; k < want.length; k++) {
                want[k] = (long) expected.values()[k];
            }
            assertThat(extra.toLongArray()).as("%s: extra output %d", at, i).containsExactly(want);
        }

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

    @TestFactory
    Stream<DynamicTest> float64MatchesPyTorch() {
        return GOLDEN.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> check(c, DType.FLOAT64, SpatialGoldenCases.all())));
    }

    @TestFactory
    Stream<DynamicTest> float32MatchesPyTorch() {
        return GOLDEN.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(),
                () -> check(c, DType.FLOAT32, SpatialGoldenCases.all())));
    }

    @Test
    void everyGoldenCaseHasABuilderAndViceVersa() {
        List<String> names = GOLDEN.cases().stream().map(Case::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).containsExactlyInAnyOrderElementsOf(SpatialGoldenCases.all().keySet());
    }

    /** PyTorch's own float32 run meets the float32 allowance on every case, so the allowance is a fair one. */
    @Test
    void float32AllowanceIsOnePyTorchMeets() {
        assertThat(GOLDEN.float32Allowance()).isEqualTo(TOL32);
        assertThat(GOLDEN.cases()).allSatisfy(c -> assertThat(c.torchFloat32Error()).as(c.name())
                .isBetween(0.0, 1.0));
    }

    /** The old-checkpoint cases leave num_batches_tracked out, and the counter starts from 0 after loading. */
    @Test
    void oldCheckpointCasesDropTheBatchCounter() {
        List<Case> old = GOLDEN.cases().stream().filter(c -> !c.droppedState().isEmpty()).toList();
        assertThat(old).isNotEmpty().allSatisfy(c -> assertThat(c.droppedState()).containsExactly(
                "num_batches_tracked"));
        for (Case c : old) {
            long after = c.buffersAfter().stream().filter(b -> b.name().equals("num_batches_tracked")).findFirst()
                    .orElseThrow().values().get(0).getAsLong();
            assertThat(after).as("%s: counter after one pass from 0", c.name()).isEqualTo(c.training() ? 1 : 0);
        }
    }

    /** The module classes the spatial golden cases cover (for NnGoldenTest's every-layer check). */
    static Set<String> coveredModuleClasses() {
        Set<String> used = new TreeSet<>();
        for (var builder : SpatialGoldenCases.all().values()) {
            for (Module m : builder.get().module().namedModules().values()) {
                used.add(m.getClass().getSimpleName());
            }
        }
        return used;
    }
}
