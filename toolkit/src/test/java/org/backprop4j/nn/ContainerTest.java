package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The container modules' list and dictionary operations, their errors, and how models built from them take part in
 * the module contract: parameters, modes, summaries, descriptions and float64 gradient checks.
 */
class ContainerTest {
    @Test
    void listOperationsTakeNegativeIndicesAndRenumberTheChildren() {
        Linear a = new Linear(1, 1);
        Linear b = new Linear(1, 2);
        Linear c = new Linear(1, 3);
        ModuleList<Linear> list = new ModuleList<>(a, b);
        assertThat(list.get(-1)).isSameAs(b);
        assertThat(list.get(-2)).isSameAs(a);
        list.insert(-1, c);
        assertThat(list).containsExactly(a, c, b);
        list.insert(3, new Linear(1, 4));
        assertThat(list.size()).isEqualTo(4);
        assertThat(list.pop(-1).outFeatures).isEqualTo(4);
        assertThat(list.set(0, b)).isSameAs(a);
        assertThat(list.namedChildren()).containsOnlyKeys("0", "1", "2");
        assertThat(list.pop(0)).isSameAs(b);
        assertThat(list.namedChildren()).containsExactlyEntriesOf(linked("0", c, "1", b));
        assertThat(list.parameters()).as("one module twice is counted once").hasSize(4);
        assertThat(new ModuleList<>(list).stream().toList()).containsExactly(c, b);
        assertThat(new ModuleList<Linear>().isEmpty()).isTrue();
    }

    @Test
    void badIndicesAreRefusedNamingTheContainerAndTheRange() {
        Holder h = new Holder();
        h.namedModules(); // gives the containers their paths
        assertThatThrownBy(() -> h.layers.get(2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("layers (ModuleList): get(2) is out of range for 2 modules (valid indices: -2 to 1)");
        assertThatThrownBy(() -> h.layers.pop(-3))
                .hasMessage("layers (ModuleList): pop(-3) is out of range for 2 modules (valid indices: -2 to 1)");
        assertThatThrownBy(() -> h.layers.insert(3, new ReLU()))
                .hasMessage("layers (ModuleList): insert(3) is out of range for 2 modules (valid indices: -2 to 2)");
        assertThatThrownBy(() -> new ModuleList<>().get(0))
                .hasMessage("ModuleList: get(0) is out of range for 0 modules");
        assertThatThrownBy(() -> h.scales.set(5, Tensor.zeros(1)))
                .hasMessage("scales (ParameterList): set(5) is out of range for 1 parameters (valid indices: -1 to 0)");
        assertThatThrownBy(() -> h.layers.append(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("layers (ModuleList): append: the module is null");
        assertThatThrownBy(() -> h.layers.call(Tensor.zeros(1))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("layers (ModuleList) has no forward");
    }

    @Test
    void dictionariesKeepInsertionOrderAndRefuseBadAndMissingKeys() {
        Holder h = new Holder();
        h.namedModules();
        ReLU relu = new ReLU();
        assertThat(h.blocks.put("act", relu)).isNull();
        assertThat(h.blocks.keys()).containsExactly("proj", "act");
        assertThat(h.blocks.contains("act")).isTrue();
        assertThat(h.blocks.entries()).extracting(Map.Entry::getKey).containsExactly("proj", "act");
        assertThat(h.blocks.put("proj", new Tanh())).isInstanceOf(Linear.class);
        assertThat(h.blocks.keys()).as("a replaced entry keeps its place").containsExactly("proj", "act");
        assertThat(h.blocks.pop("act")).isSameAs(relu);
        assertThatThrownBy(() -> h.blocks.get("head")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("blocks (ModuleDict): get(\"head\"): no such key; the keys are [proj]");
        assertThatThrownBy(() -> h.offsets.pop("x"))
                .hasMessage("offsets (ParameterDict): pop(\"x\"): no such key; the keys are [bias]");
        assertThatThrownBy(() -> h.blocks.put("a.b", new ReLU())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("blocks (ModuleDict): put(\"a.b\"): a key may not contain '.'; keys become parts of "
                        + "dotted state-dict names such as 'blocks.key.weight'");
        assertThatThrownBy(() -> h.offsets.put("", Tensor.zeros(1))).hasMessageContaining("a key may not be empty");
        h.blocks.clear();
        assertThat(h.blocks.isEmpty()).isTrue();
        assertThat(h.offsets.values()).hasSize(1);
        assertThat(h.offsets.entries()).extracting(Map.Entry::getKey).containsExactly("bias");
    }

    @Test
    void plainTensorsBecomeParametersOverTheSameStorage() {
        Tensor t = Tensor.zeros(3);
        ParameterList list = new ParameterList(t);
        ParameterDict dict = new ParameterDict(Map.of("t", t));
        for (Parameter p : List.of(list.get(0), dict.get("t"))) {
            assertThat(p.requiresGrad()).isTrue();
            try (Scope _ = org.backprop4j.autograd.GradMode.noGrad()) {
                p.fill(7);
            }
            assertThat(t.sum().item()).isEqualTo(21.0);
            t.fill(0);
        }
        Parameter frozen = new Parameter(Tensor.ones(2), false);
        assertThat(list.append(frozen).get(-1)).as("a parameter is kept as it is").isSameAs(frozen);
        List<Parameter> seen = new ArrayList<>();
        list.forEach(seen::add);
        assertThat(seen).hasSize(2);
    }

    @Test
    void modesSummariesAndDescriptionsReachIntoTheContainers() {
        Holder h = new Holder();
        h.eval();
        assertThat(h.namedModules().values()).noneMatch(Module::isTraining);
        h.train();
        assertThat(h.layers.get(0).isTraining()).isTrue();
        assertThat(h.namedModules()).containsKeys("layers", "layers.0", "layers.1", "blocks.proj", "scales",
                "offsets");
        ModuleSummary summary = h.summary();
        assertThat(summary.rows()).extracting(ModuleSummary.Row::path).contains("layers.0", "scales", "offsets");
        assertThat(summary.rows()).filteredOn(r -> r.path().equals("scales")).singleElement()
                .extracting(ModuleSummary.Row::parameters).isEqualTo(4L);
        assertThat(summary.totalParameters()).isEqualTo(h.numParameters()).isEqualTo(4 + 6 + 12 + 4 + 2);
        assertThat(h.toString()).contains("(layers): ModuleList(\n    (0): Linear(")
                .contains("(scales): ParameterList(0: float32 [4])")
                .contains("(offsets): ParameterDict(bias: float32 [2])");
        h.requiresGrad(false);
        assertThat(h.trainableParameters()).isEmpty();
    }

    /** A model whose containers the errors and descriptions name by field. */
    static final class Holder extends Module {
        final ModuleList<Module> layers = new ModuleList<>(new Linear(1, 2), new Linear(2, 2));
        final ModuleDict<Module> blocks = new ModuleDict<>(Map.of("proj", new Linear(2, 4)));
        final ParameterList scales = new ParameterList(Tensor.ones(4));
        final ParameterDict offsets = new ParameterDict(Map.of("bias", Tensor.zeros(2)));
    }

    private static <V> Map<String, V> linked(String k1, V v1, String k2, V v2) {
        return ContainerGoldenTest.linked(k1, v1, k2, v2);
    }

    @Test
    void aModelBuiltFromEveryContainerPassesGradientChecksOfEveryParameter() {
        ContainerGoldenTest.Net net;
        Tensor x;
        try (Scope _ = DType.useDefaultFloat(DType.FLOAT64)) {
            net = new ContainerGoldenTest.Net();
            net.resetParameters(Rng.seeded(21)); // the layers; the loose parameters are drawn here
            try (Scope _ = org.backprop4j.autograd.GradMode.noGrad()) {
                for (Parameter p : List.of(net.gains.get(0), net.gains.get(1), net.offsets.get("mean"),
                        net.offsets.get("scale"))) {
                    p.copyFrom(Tensor.randn(Rng.seeded(p.numel() + net.parameters().indexOf(p)), DType.FLOAT64,
                            p.shape().toArray()));
                }
            }
            x = Tensor.randn(Rng.seeded(22), DType.FLOAT64, 5, 3).requiresGrad(true);
        }
        assertThat(net.parameters()).hasSize(14).allMatch(p -> p.dtype() == DType.FLOAT64);
        Function<Tensor[], Tensor> forward = in -> net.call(in[0]);
        ModuleCheck.Reports reports = ModuleCheck.check(net, forward, true, x);
        reports.assertEveryEntryComparedWithinAtol(net, new Tensor[] {x}, forward.apply(new Tensor[] {x}));
    }

    @Test
    void channelShuffleGradientsMatchFiniteDifferencesAndBadGroupsAreRefused() {
        Tensor x = Tensor.randn(Rng.seeded(23), DType.FLOAT64, 2, 6, 3).requiresGrad(true);
        ChannelShuffle shuffle = new ChannelShuffle(3);
        Function<Tensor[], Tensor> forward = in -> shuffle.call(in[0]);
        ModuleCheck.check(shuffle, forward, true, x)
                .assertEveryEntryComparedWithinAtol(shuffle, new Tensor[] {x}, forward.apply(new Tensor[] {x}));
        assertThatThrownBy(() -> new ChannelShuffle(0)).hasMessage("ChannelShuffle: groups must be >= 1, got 0");
        assertThatThrownBy(() -> new ChannelShuffle(4).call(x))
                .hasMessage("ChannelShuffle: the 6 channels (dimension 1) of an input of shape [2, 6, 3] are not "
                        + "divisible by 4 groups");
        assertThatThrownBy(() -> new Sequential(new ChannelShuffle(2)).call(Tensor.zeros(2, 6)))
                .hasMessage("0 (ChannelShuffle): expected an input [N, C, *] with at least 3 dimensions, got shape "
                        + "[2, 6]");
        assertThatThrownBy(() -> org.backprop4j.nn.functional.F.channelShuffle(x, -1))
                .hasMessage("F.channelShuffle: groups must be >= 1, got -1");
    }
}
