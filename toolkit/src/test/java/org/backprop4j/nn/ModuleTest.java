package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModuleTest {
    /** A user-defined module written as a plain Java class. */
    static final class Net extends Module {
        final Sequential features = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new ReLU());
        final Linear head = new Linear(8, 3);
        final List<Module> extras = List.of(new Linear(3, 3), new Tanh());
        final Tensor notAParameter = Tensor.ones(2);

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = features.call(x).flatten(1);
            return extras.get(1).call(extras.get(0).call(head.call(h)));
        }
    }

    @Test
    void parametersAreFoundInFieldsWithDottedNames() {
        Net net = new Net();
        assertThat(net.namedParameters().keySet()).containsExactly("features.0.weight", "features.0.bias",
                "features.1.weight", "features.1.bias", "head.weight", "head.bias", "extras.0.weight",
                "extras.0.bias");
        assertThat(net.namedBuffers().keySet()).containsExactly("features.1.running_mean",
                "features.1.running_var", "features.1.num_batches_tracked");
        assertThat(net.parameters()).hasSize(8).noneMatch(p -> p.storage() == net.notAParameter.storage());
        assertThat(net.numParameters()).isEqualTo(2 * 9 + 2 + 2 + 2 + 8 * 3 + 3 + 9 + 3);
        assertThat(net.namedChildren().keySet()).containsExactly("features", "head", "extras.0", "extras.1");
        assertThat(net.namedModules().keySet()).startsWith("", "features", "features.0", "features.1",
                "features.2", "head", "extras.0", "extras.1");
    }

    @Test
    void sharedParametersAreListedOnce() {
        Linear shared = new Linear(2, 2);
        Sequential tied = new Sequential(shared, shared);
        assertThat(tied.parameters()).hasSize(2);
        assertThat(tied.namedParameters().keySet()).containsExactly("0.weight", "0.bias");
    }

    @Test
    void stateDictsListSharedModulesUnderEveryNameInPyTorchsOrder() {
        // PyTorch 1.13: nn.Sequential(l, l).state_dict().keys() and the order of Sequential(Linear, BatchNorm1d, Linear)
        Linear shared = new Linear(2, 2);
        Sequential tied = new Sequential(shared, shared);
        assertThat(tied.stateDict().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias");
        assertThat(tied.stateDict().get("1.weight").storage()).isSameAs(shared.weight.storage());
        assertThat(new Sequential(new Linear(2, 2), new BatchNorm1d(2), new Linear(2, 2)).stateDict().keySet())
                .containsExactly("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                        "1.num_batches_tracked", "2.weight", "2.bias");

        // a PyTorch dict of the tied model loads strictly; one naming the shared layer once is missing keys, as there
        Map<String, Tensor> full = new LinkedHashMap<>();
        full.put("0.weight", Tensor.full(0.5, 2, 2));
        full.put("0.bias", Tensor.zeros(2));
        full.put("1.weight", Tensor.full(0.5, 2, 2));
        full.put("1.bias", Tensor.zeros(2));
        tied.loadStateDict(full, true);
        assertThat(shared.weight).isCloseTo(Tensor.full(0.5, 2, 2));
        Map<String, Tensor> half = new LinkedHashMap<>(full);
        half.remove("1.weight");
        half.remove("1.bias");
        assertThatThrownBy(() -> tied.loadStateDict(half, true)).isInstanceOf(StateDictException.class)
                .hasMessageContaining("1.weight").hasMessageContaining("1.bias");
    }

    @Test
    void trainAndEvalReachEveryModuleAndChangeBehaviour() {
        Net net = new Net();
        net.eval();
        assertThat(net.namedModules().values()).noneMatch(Module::isTraining);
        Tensor x = Tensor.randn(Rng.seeded(1), 2, 1, 4, 4);
        Tensor before = net.features.get(1).stateDict().get("running_mean").clone();
        net.call(x);
        assertThat(net.features.get(1).stateDict().get("running_mean")).isCloseTo(before);
        net.train();
        assertThat(net.namedModules().values()).allMatch(Module::isTraining);
        net.call(x);
        assertThat(net.features.get(1).stateDict().get("running_mean")).isNotCloseTo(before);
        assertThat(net.stateDict().get("features.1.num_batches_tracked").item()).isEqualTo(1);
    }

    @Test
    void applyVisitsChildrenBeforeParents() {
        List<String> visited = new ArrayList<>();
        new Sequential(new Linear(1, 1), new Sequential(new Tanh())).apply(
                m -> visited.add(m.getClass().getSimpleName()));
        assertThat(visited).containsExactly("Linear", "Tanh", "Sequential", "Sequential");
    }

    @Test
    void zeroGradClearsEveryParameter() {
        Net net = new Net();
        net.call(Tensor.randn(Rng.seeded(2), 2, 1, 4, 4)).sum().backward();
        assertThat(net.parameters()).allMatch(p -> p.grad() != null);
        net.zeroGrad();
        assertThat(net.parameters()).allMatch(p -> p.grad() == null);
    }

    @Test
    void stateDictRoundTripsIntoAFreshModule() {
        Net a = new Net();
        a.call(Tensor.randn(Rng.seeded(3), 2, 1, 4, 4));
        Net b = new Net();
        b.resetParameters(Rng.seeded(99));
        b.loadStateDict(a.stateDict(), true);
        b.eval();
        a.eval();
        Tensor x = Tensor.randn(Rng.seeded(4), 3, 1, 4, 4);
        assertThat(b.call(x)).isCloseTo(a.call(x), 0, 0);
        assertThat(b.stateDict().keySet()).isEqualTo(a.stateDict().keySet());
    }

    @Test
    void stateDictSharesStorageButIsDetached() {
        Linear l = new Linear(2, 2);
        Tensor w = l.stateDict().get("weight");
        assertThat(w.storage()).isSameAs(l.weight().storage());
        assertThat(w.requiresGrad()).isFalse();
    }

    @Test
    void loadStateDictReportsEveryProblemAtOnceAndLoadsNothing() {
        Net net = new Net();
        Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
        Map<String, Tensor> before = new LinkedHashMap<>();
        net.stateDict().forEach((k, v) -> before.put(k, v.clone()));
        state.remove("head.bias");
        state.put("head.weight", Tensor.zeros(3, 9));
        state.put("extras.0.weight", Tensor.full(7, 3, 3));
        state.put("tail.weight", Tensor.zeros(1));

        assertThatThrownBy(() -> net.loadStateDict(state, true))
                .isInstanceOf(StateDictException.class)
                .hasMessageContaining("nothing was loaded")
                .hasMessageContaining("missing keys: head.bias")
                .hasMessageContaining("unexpected keys: tail.weight")
                .hasMessageContaining("head.weight: expected shape [3, 8], got [3, 9]")
                .satisfies(e -> {
                    StateDictException s = (StateDictException) e;
                    assertThat(s.missingKeys()).containsExactly("head.bias");
                    assertThat(s.unexpectedKeys()).containsExactly("tail.weight");
                    assertThat(s.mismatches()).hasSize(1);
                });
        net.stateDict().forEach((k, v) -> assertThat(v).as(k).isCloseTo(before.get(k), 0, 0));
    }

    @Test
    void nonStrictLoadingSkipsMissingAndUnexpectedKeysButNotShapeMismatches() {
        Linear l = new Linear(2, 3);
        l.loadStateDict(Map.of("weight", Tensor.ones(3, 2), "extra", Tensor.zeros(1)), false);
        assertThat(l.weight()).isCloseTo(Tensor.ones(3, 2));
        assertThatThrownBy(() -> l.loadStateDict(Map.of("weight", Tensor.ones(2, 3)), false))
                .isInstanceOf(StateDictException.class).hasMessageContaining("weight: expected shape [3, 2], got [2, 3]");
    }

    @Test
    void loadingConvertsBetweenFloatingTypes() {
        Linear l = new Linear(2, 2);
        l.loadStateDict(Map.of("weight", Tensor.of(new double[][] {{1, 2}, {3, 4}}), "bias",
                Tensor.of(0.5, 0.25)), true);
        assertThat(l.weight().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(l.weight().toDoubleArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void errorsNameTheLayerByItsDottedPath() {
        Net net = new Net();
        net.parameters(); // enumerating the model names its children
        assertThatThrownBy(() -> net.call(Tensor.zeros(2, 3, 4, 4)))
                .hasMessage("features.0 (Conv2d): expected 1 channels at dimension 1 of a [N, C, H, W] input, "
                        + "got shape [2, 3, 4, 4]");
        assertThatThrownBy(() -> net.head.call(Tensor.zeros(2, 5)))
                .hasMessage("head (Linear): expected input of shape [*, 8] (last dimension = inFeatures), got [2, 5]");
    }

    @Test
    void aModuleCalledWithoutEnumerationIsNamedByItsType() {
        assertThatThrownBy(() -> new Linear(4, 2).call(Tensor.zeros(3)))
                .hasMessageStartingWith("Linear: expected input of shape [*, 4]");
        assertThatThrownBy(() -> new MSELoss().forward(Tensor.zeros(2)))
                .hasMessageContaining("MSELoss does not take a single input");
    }

    @Test
    void forwardHooksSeeEveryCallAndCanBeRemoved() {
        Linear l = new Linear(2, 2);
        List<String> seen = new ArrayList<>();
        var handle = l.registerForwardHook((m, in, out) -> seen.add(in.shape() + "->" + out.shape()));
        l.call(Tensor.zeros(3, 2));
        handle.remove();
        l.call(Tensor.zeros(1, 2));
        assertThat(seen).containsExactly("[3, 2]->[3, 2]");
    }

    @Test
    void summaryListsOutputShapesAndParameterCounts() {
        String s = new Net().summary(2, 1, 4, 4).toString();
        assertThat(s).contains("features (Sequential)", "0 (Conv2d)", "[2, 2, 2, 2]", "head (Linear)", "[2, 3]")
                .contains("Total parameters: " + String.format("%,d", new Net().numParameters()))
                .containsPattern("0 \\(Conv2d\\)\\s+\\[2, 2, 2, 2\\]\\s+20");
    }

    @Test
    void toStringNestsChildrenLikePyTorch() {
        String s = new Sequential(new Linear(4, 8), new ReLU()).toString();
        assertThat(s).isEqualTo("""
                Sequential(
                  (0): Linear(inFeatures=4, outFeatures=8, bias=true)
                  (1): ReLU()
                )""");
    }

    @Test
    void frozenParametersAreNotTrainable() {
        Linear l = new Linear(2, 2);
        assertThat(l.summary(1, 2).toString()).contains("Total parameters: 6", "Trainable parameters: 6");
        l.bias().requiresGrad(false);
        assertThat(l.summary(1, 2).toString()).contains("Total parameters: 6", "Trainable parameters: 4");
        assertThat(new Parameter(Tensor.ones(2), false).requiresGrad()).as("a parameter made frozen").isFalse();
    }

    @Test
    void resetParametersReproducesWithTheSameGenerator() {
        Linear a = new Linear(5, 3);
        Linear b = new Linear(5, 3);
        a.resetParameters(Rng.seeded(42));
        b.resetParameters(Rng.seeded(42));
        assertThat(a.weight()).isCloseTo(b.weight(), 0, 0);
        assertThat(a.bias()).isCloseTo(b.bias(), 0, 0);
    }
}
