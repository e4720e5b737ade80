package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ModuleList, ModuleDict, ParameterList and ParameterDict against PyTorch: the names, order and values of the state
 * dict of a model built from all four, its outputs and gradients, and the keys after list and dictionary edits; the
 * expected values come from {@code golden/make_container_golden.py}, which says how they were made.
 */
class ContainerGoldenTest {
    private static final double RTOL = 1e-10;
    private static final double ATOL = 1e-12;

    record Values(int[] shape, double[] values, String dtype) {
        Tensor tensor() {
            if ("int64".equals(dtype)) {
                long[] v = new long[values.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (long) values[i];
                }
                return Tensor.of(v).reshape(shape);
            }
            return Tensor.of(Storage.of(values.clone()), Shape.of(shape));
        }
    }

    record Model(List<String> parameterNames, List<String> bufferNames, List<String> stateDictKeys,
            Map<String, Values> state, Values x, Values gradOutput, Values output, Map<String, Values> grads,
            Map<String, Values> buffersAfter, Values evalOutput) {
    }

    record ListOps(List<Integer> outFeatures, Map<String, int[]> state, List<String> keys) {
    }

    record DictCase(List<String> keys, List<Integer> outFeatures, Map<String, int[]> state, List<String> stateKeys,
            List<Boolean> requiresGrad) {
    }

    record DictOps(DictCase moduleDict, DictCase parameterDict, DictCase parameterList) {
    }

    record Golden(Model model, ListOps listOps, DictOps dictOps) {
    }

    /** The model of the script, field for field: the fields' names are the state dict's prefixes. */
    static final class Net extends Module {
        final ModuleList<Linear> blocks = new ModuleList<>(new Linear(3, 4), new Linear(4, 4));
        final ParameterList gains = new ParameterList(Tensor.randn(4), Tensor.randn(4));
        final ModuleDict<Module> heads = new ModuleDict<>(linked("mean", new Linear(4, 2),
                "scale", new Sequential(new BatchNorm1d(4), new Linear(4, 2), new Softplus())));
        final ParameterDict offsets = new ParameterDict(linked("mean", Tensor.randn(2), "scale", Tensor.randn(2)));

        @Override
        public Tensor forward(Tensor input) {
            Tensor x = input;
            for (int i = 0; i < blocks.size(); i++) {
                x = blocks.get(i).call(x).tanh().mul(gains.get(i));
            }
            Tensor mean = heads.get("mean").call(x).add(offsets.get("mean"));
            Tensor scale = heads.get("scale").call(x).mul(offsets.get("scale"));
            return mean.mul(scale);
        }
    }

    static <V> Map<String, V> linked(String k1, V v1, String k2, V v2) {
        Map<String, V> out = new LinkedHashMap<>();
        out.put(k1, v1);
        out.put(k2, v2);
        return out;
    }

    private static Golden golden;

    @BeforeAll
    static void load() throws IOException {
        Gson gson = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
        try (InputStream in = ContainerGoldenTest.class.getResourceAsStream("/golden/container_golden.json")) {
            golden = gson.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Golden.class);
        }
    }

    static Net goldenNet() {
        Net net;
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            net = new Net();
        }
        net.loadStateDict(goldenState(), true);
        return net;
    }

    static Map<String, Tensor> goldenState() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        golden.model().state().forEach((k, v) -> state.put(k, v.tensor()));
        return state;
    }

    @Test
    void parameterAndBufferNamesArePyTorchs() {
        Net net = new Net();
        Model m = golden.model();
        assertThat(net.namedParameters().keySet()).containsExactlyElementsOf(m.parameterNames());
        assertThat(net.namedBuffers().keySet()).containsExactlyElementsOf(m.bufferNames());
        // module by module (parameters, buffers, children), as PyTorch orders a state dict
        assertThat(net.stateDict().keySet()).containsExactlyElementsOf(m.stateDictKeys());
        net.stateDict().forEach((k, v) -> assertThat(v.shape().toArray()).as(k)
                .containsExactly(m.state().get(k).shape()));
    }

    @Test
    void outputsGradientsAndBuffersArePyTorchs() {
        Net net = goldenNet();
        Model m = golden.model();
        Tensor x = m.x().tensor().requiresGrad(true);
        Tensor out = net.call(x);
        assertThat(out).hasDtype(DType.FLOAT64).isCloseTo(m.output().tensor(), RTOL, ATOL);
        List<Tensor> wrt = new ArrayList<>(net.parameters());
        wrt.add(x);
        Tensor[] grads = Autograd.grad(out.mul(m.gradOutput().tensor()).sum(), wrt.toArray(Tensor[]::new));
        List<String> names = new ArrayList<>(net.namedParameters().keySet());
        names.add("x");
        assertThat(names).containsExactlyInAnyOrderElementsOf(m.grads().keySet());
        for (int i = 0; i < names.size(); i++) {
            assertThat(grads[i]).as(names.get(i)).isCloseTo(m.grads().get(names.get(i)).tensor(), RTOL, ATOL);
        }
        net.namedBuffers().forEach((k, b) -> assertThat((Tensor) b).as(k)
                .isCloseTo(m.buffersAfter().get(k).tensor().to(b.dtype()), RTOL, ATOL));
        net.eval();
        assertThat(net.namedModules().values()).as("eval reaches every module through the containers")
                .noneMatch(Module::isTraining);
        assertThat(net.call(m.x().tensor())).isCloseTo(m.evalOutput().tensor(), RTOL, ATOL);
    }

    @Test
    void aStateDictLoadsIntoAFreshModelAndGivesTheSameOutputs() {
        Net trained = goldenNet();
        Net fresh;
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            fresh = new Net();
        }
        Tensor x = golden.model().x().tensor();
        assertThat(fresh.call(x)).isNotCloseTo(trained.call(x), RTOL, ATOL);
        fresh.loadStateDict(trained.stateDict(), true);
        trained.stateDict().forEach((k, v) -> assertThat(fresh.stateDict().get(k)).as(k).isCloseTo(v, 0, 0));
        assertThat(fresh.eval().call(x)).isCloseTo(trained.eval().call(x), 0, 0);
    }

    @Test
    void theFloat64StateLoadsIntoAFloat32ModelConvertedThroughTheContainers() {
        Net net = new Net();
        net.loadStateDict(goldenState(), true);
        assertThat(net.parameters()).allMatch(p -> p.dtype() == DType.FLOAT32);
        Model m = golden.model();
        Tensor out = net.call(m.x().tensor().to(DType.FLOAT32));
        assertThat(out).hasDtype(DType.FLOAT32).isCloseTo(m.output().tensor().to(DType.FLOAT32), 1e-5, 1e-5);
    }

    @Test
    void strictLoadingNamesMissingUnexpectedAndMisShapedKeysOfTheContainers() {
        Net net = goldenNet();
        Map<String, Tensor> before = net.stateDict();
        Map<String, Tensor> bad = goldenState();
        bad.remove("offsets.scale");
        bad.put("heads.extra.weight", Tensor.zeros(DType.FLOAT64, 2, 4));
        bad.put("gains.1", Tensor.zeros(DType.FLOAT64, 5));
        bad.put("blocks.0.weight", bad.get("blocks.0.weight").add(1));
        assertThatThrownBy(() -> net.loadStateDict(bad, true)).isInstanceOf(StateDictException.class)
                .hasMessageContaining("offsets.scale").hasMessageContaining("heads.extra.weight")
                .hasMessageContaining("gains.1: expected shape [4], got [5]");
        net.stateDict().forEach((k, v) -> assertThat(v).as("left untouched: %s", k).isCloseTo(before.get(k), 0, 0));
        bad.put("gains.1", before.get("gains.1"));
        LoadReport report = net.loadStateDictPartial(bad);
        assertThat(report.missing()).containsExactly("offsets.scale");
        assertThat(report.unexpected()).containsExactly("heads.extra.weight");
        assertThat(net.blocks.get(0).weight()).isCloseTo(bad.get("blocks.0.weight"), 0, 0);
    }

    @Test
    void listEditsRenumberAsPyTorchs() {
        ListOps expected = golden.listOps();
        ModuleList<Linear> ml = new ModuleList<>(new Linear(1, 1));
        ml.append(new Linear(1, 2));
        ml.extend(List.of(new Linear(1, 3), new Linear(1, 4)));
        ml.insert(1, new Linear(1, 5));
        ml.insert(0, new Linear(1, 6));
        ml.set(-1, new Linear(1, 7));
        ml.pop(2);
        ml.pop(-2);
        assertThat(ml.stream().map(l -> l.outFeatures).toList()).containsExactlyElementsOf(expected.outFeatures());
        assertThat(ml.stateDict().keySet()).containsExactlyElementsOf(expected.keys());
        assertShapes(ml, expected.state());
    }

    @Test
    void dictionaryAndParameterListEditsKeepPyTorchsOrder() {
        DictOps expected = golden.dictOps();
        ModuleDict<Linear> md = new ModuleDict<>(linked("a", new Linear(1, 1), "b", new Linear(1, 2)));
        md.update(Map.of("c", new Linear(1, 3)));
        md.put("a", new Linear(1, 4));
        md.pop("b");
        md.put("b", new Linear(1, 5));
        assertThat(md.keys()).containsExactlyElementsOf(expected.moduleDict().keys());
        assertThat(md.values().stream().map(l -> l.outFeatures).toList())
                .containsExactlyElementsOf(expected.moduleDict().outFeatures());
        assertThat(md.stateDict().keySet()).containsExactlyElementsOf(expected.moduleDict().stateKeys());
        assertShapes(md, expected.moduleDict().state());

        ParameterDict pd = new ParameterDict(Map.of("x", new Parameter(Tensor.zeros(1))));
        pd.put("y", new Parameter(Tensor.zeros(2)));
        pd.update(Map.of("x", new Parameter(Tensor.zeros(3))));
        pd.pop("y");
        pd.put("z", Tensor.zeros(4));
        assertThat(pd.keys()).containsExactlyElementsOf(expected.parameterDict().keys());
        assertThat(pd.values().stream().map(Tensor::requiresGrad).toList())
                .containsExactlyElementsOf(expected.parameterDict().requiresGrad());
        assertShapes(pd, expected.parameterDict().state());

        ParameterList pl = new ParameterList(Tensor.zeros(1));
        pl.append(new Parameter(Tensor.zeros(2)));
        pl.extend(List.of(Tensor.zeros(3), Tensor.zeros(4)));
        pl.set(-1, Tensor.zeros(5));
        assertThat(pl.stateDict().keySet()).containsExactlyElementsOf(expected.parameterList().stateKeys());
        assertThat(pl.parameters().stream().map(Tensor::requiresGrad).toList())
                .containsExactlyElementsOf(expected.parameterList().requiresGrad());
        assertShapes(pl, expected.parameterList().state());
    }

    private static void assertShapes(Module m, Map<String, int[]> expected) {
        Map<String, Tensor> state = m.stateDict();
        assertThat(state.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((k, shape) -> assertThat(state.get(k).shape().toArray()).as(k).containsExactly(shape));
    }

    @Test
    void aFunctionalCallSubstitutesParametersHeldInTheContainers() {
        Net net = goldenNet();
        Tensor x = golden.model().x().tensor();
        Map<String, Tensor> state = net.stateDict();
        Tensor gains0 = Tensor.randn(Rng.seeded(3), DType.FLOAT64, 4).requiresGrad(true);
        Tensor offset = Tensor.randn(Rng.seeded(4), DType.FLOAT64, 2).requiresGrad(true);
        Tensor head = Tensor.randn(Rng.seeded(5), DType.FLOAT64, 2, 4).requiresGrad(true);
        Map<String, Tensor> given = Map.of("gains.0", gains0, "offsets.scale", offset, "heads.mean.weight", head);
        Tensor viaCall = net.eval().functionalCall(given, x);
        Net copy = goldenNet();
        Map<String, Tensor> replaced = new LinkedHashMap<>(state);
        replaced.putAll(given);
        copy.loadStateDict(replaced, true);
        assertThat(viaCall).isCloseTo(copy.eval().call(x), 0, 0);
        net.stateDict().forEach((k, v) -> assertThat(v).as("untouched: %s", k).isCloseTo(state.get(k), 0, 0));
        Tensor[] g = Autograd.grad(viaCall.sum(), gains0, offset, head);
        assertThat(g).allSatisfy(t -> assertThat(t.abs().sum().item()).isPositive());
    }
}
