package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A functional call computes what the module computes with the given tensors loaded, is differentiable with respect
 * to them, and leaves the module's own parameters, fields and gradients as they were, also when the forward throws.
 */
class FunctionalCallTest {
    private static Sequential mlp(long seed, DType dtype) {
        Rng.global().reseed(seed);
        try (var _ = DType.useDefaultFloat(dtype)) {
            return new Sequential(new Linear(3, 5), new Tanh(), new Linear(5, 2));
        }
    }

    /** Other tensors for every parameter of {@code net}, drawn from {@code seed}. */
    private static Map<String, Tensor> others(Module net, long seed) {
        Rng rng = Rng.seeded(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        net.namedParameters().forEach((k, p) -> out.put(k, Tensor.randn(rng, p.dtype(), p.shape().toArray())));
        return out;
    }

    @Test
    void computesWhatTheModuleComputesWithTheTensorsLoaded() {
        Sequential net = mlp(1, DType.FLOAT32);
        Map<String, Tensor> weights = others(net, 2);
        Tensor x = Tensor.randn(Rng.seeded(3), 4, 3);
        Sequential loaded = mlp(1, DType.FLOAT32);
        loaded.loadStateDict(weights, true);
        assertThat(net.functionalCall(weights, x)).isBitwiseEqualTo(loaded.call(x));
        assertThat(net.functionalCall(net.stateDict(), x)).isBitwiseEqualTo(net.call(x));
    }

    @Test
    void theModuleKeepsItsParametersFieldsAndGradients() {
        Sequential net = mlp(4, DType.FLOAT32);
        Map<String, Parameter> before = net.namedParameters();
        Map<String, Tensor> values = new LinkedHashMap<>();
        before.forEach((k, p) -> values.put(k, p.clone()));
        Map<String, Tensor> weights = others(net, 5);
        weights.values().forEach(t -> t.requiresGrad(true));
        net.functionalCall(weights, Tensor.randn(Rng.seeded(6), 4, 3)).sum().backward();

        Map<String, Parameter> after = net.namedParameters();
        before.forEach((k, p) -> {
            assertThat(after.get(k)).as(k + " is the same object").isSameAs(p);
            assertThat((Tensor) p).as(k).isBitwiseEqualTo(values.get(k));
            assertThat(p.grad()).as(k + " gets no gradient").isNull();
        });
        weights.forEach((k, t) -> assertThat(t.grad()).as("gradient of the given " + k).isNotNull());
    }

    @Test
    void fieldsArePutBackWhenTheForwardThrows() {
        class Failing extends Module {
            final Linear layer = new Linear(2, 2);

            @Override
            public Tensor forward(Tensor x) {
                layer.call(x);
                throw new IllegalStateException("boom");
            }
        }
        Failing net = new Failing();
        Parameter weight = net.layer.weight;
        assertThatThrownBy(() -> net.functionalCall(Map.of("layer.weight", Tensor.zeros(2, 2)), Tensor.ones(1, 2)))
                .hasMessage("boom");
        assertThat(net.layer.weight).isSameAs(weight);
    }

    @Test
    void gradientsWithRespectToTheGivenTensorsPassFirstAndSecondOrderChecks() {
        Sequential net = mlp(7, DType.FLOAT64);
        List<String> names = List.copyOf(net.namedParameters().keySet());
        Tensor x = Tensor.randn(Rng.seeded(8), DType.FLOAT64, 3, 3);
        Tensor[] start = others(net, 9).values().stream().map(t -> t.mul(0.5).requiresGrad(true))
                .toArray(Tensor[]::new);
        java.util.function.Function<Tensor[], Tensor> f = in -> {
            Map<String, Tensor> p = new LinkedHashMap<>();
            for (int i = 0; i < in.length; i++) {
                p.put(names.get(i), in[i]);
            }
            return net.functionalCall(p, x).square().sum(1);
        };
        assertThat(GradCheck.check(f, start).compared()).isEqualTo(3 * (15 + 5 + 10 + 2));
        assertThat(GradCheck.checkSecondOrder(f, start).compared()).isPositive();
    }

    @Test
    void buffersAreSubstitutedAndUpdatedInPlaceOfTheModulesOwn() {
        BatchNorm1d bn = new BatchNorm1d(3);
        Tensor mean = Tensor.of(1f, 2f, 3f);
        Tensor var = Tensor.of(4f, 4f, 4f);
        Tensor x = Tensor.randn(Rng.seeded(10), 5, 3);
        bn.eval();
        Tensor y = bn.functionalCall(Map.of("running_mean", mean, "running_var", var), x);
        Tensor expected = x.sub(mean).div(var.add(1e-5).sqrt());
        assertThat(y).isCloseTo(expected, 1e-6, 1e-6);

        bn.train();
        Tensor counter = Tensor.zeros(DType.INT64);
        bn.functionalCall(Map.of("running_mean", mean, "num_batches_tracked", counter), x);
        assertThat(counter).hasValues(1);
        assertThat(mean).isNotCloseTo(Tensor.of(1f, 2f, 3f));
        assertThat(bn.runningMean).as("the module's own statistics").hasValues(0, 0, 0);
        assertThat(bn.numBatchesTracked).hasValues(0);
    }

    @Test
    void worksForParametersAModuleKeepsInAMap() {
        Rng.global().reseed(11);
        GRU gru = new GRU(3, 4);
        Rng.global().reseed(12);
        GRU copy = new GRU(3, 4);
        Map<String, Tensor> weights = new LinkedHashMap<>(copy.stateDict());
        Tensor x = Tensor.randn(Rng.seeded(13), 5, 2, 3);
        Tensor y = FunctionalCall.run(gru, weights, () -> gru.forward(x, null).output());
        assertThat(y).isBitwiseEqualTo(copy.forward(x, null).output());
        assertThat(gru.call(x)).isNotCloseTo(y);
    }

    @Test
    void aParametrizedLayerComputesFromTheGivenOriginals() {
        Rng.global().reseed(20);
        Linear layer = Parametrizations.weightNorm(new Linear(3, 4));
        Rng.global().reseed(21);
        Linear copy = Parametrizations.weightNorm(new Linear(3, 4));
        assertThat(layer.namedParameters()).containsKeys("parametrizations.weight.original0",
                "parametrizations.weight.original1");
        Map<String, Tensor> given = new LinkedHashMap<>(copy.stateDict());
        Tensor x = Tensor.randn(Rng.seeded(22), 2, 3);
        Map<String, Tensor> before = new LinkedHashMap<>();
        layer.stateDict().forEach((k, v) -> before.put(k, v.clone()));

        assertThat(layer.functionalCall(given, x)).isBitwiseEqualTo(copy.call(x));
        assertThat(layer.call(x)).as("the layer's own originals again").isNotCloseTo(copy.call(x));
        layer.stateDict().forEach((k, v) -> assertThat(v).as(k).isBitwiseEqualTo(before.get(k)));
    }

    @Test
    void aTiedParameterIsSubstitutedUnderEitherName() {
        class Tied extends Module {
            final Parameter w = new Parameter(Tensor.eye(DType.FLOAT64, 2, 2));
            final Parameter alias = w;

            @Override
            public Tensor forward(Tensor x) {
                return x.matmul(w).matmul(alias);
            }
        }
        Tied net = new Tied();
        assertThat(net.namedParameters()).containsOnlyKeys("w");
        Tensor t = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad(true);
        Tensor x = Tensor.of(new double[][] {{1, -1}});
        Tensor y = net.functionalCall(Map.of("alias", t), x);
        assertThat(y).isCloseTo(x.matmul(t).matmul(t), 0, 0);
        Tensor g = Autograd.grad(y.sum(), t)[0];
        Tensor t2 = t.detach().requiresGrad(true);
        assertThat(g).isCloseTo(Autograd.grad(x.matmul(t2).matmul(t2).sum(), t2)[0], 0, 0);
        assertThatThrownBy(() -> net.functionalCall(Map.of("w", Tensor.zerosLike(t), "alias", t), x))
                .hasMessageContaining("are one tied tensor, but different tensors were given");
    }

    @Test
    void nestedCallsRestoreLayerByLayer() {
        Sequential net = mlp(14, DType.FLOAT32);
        Map<String, Tensor> outer = others(net, 15);
        Map<String, Tensor> inner = Map.of("2.bias", Tensor.of(10f, 20f));
        Tensor x = Tensor.randn(Rng.seeded(16), 2, 3);
        Tensor nested = FunctionalCall.run(net, outer, () -> net.functionalCall(inner, x));
        Map<String, Tensor> both = new LinkedHashMap<>(outer);
        both.putAll(inner);
        assertThat(nested).isBitwiseEqualTo(net.functionalCall(both, x));
        assertThat(net.functionalCall(Map.of(), x)).isBitwiseEqualTo(net.call(x));
    }

    @Test
    void unknownNamesAndWrongShapesAreNamed() {
        Sequential net = mlp(17, DType.FLOAT32);
        assertThatThrownBy(() -> net.functionalCall(Map.of("3.weight", Tensor.zeros(2, 2)), Tensor.ones(1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FunctionalCall: Sequential has no parameter or buffer named 3.weight; its names are "
                        + "0.weight, 0.bias, 2.weight, 2.bias");
        assertThatThrownBy(() -> net.functionalCall(Map.of("0.weight", Tensor.zeros(3, 5)), Tensor.ones(1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FunctionalCall: '0.weight' of Sequential has shape [5, 3] (float32), the tensor given for "
                        + "it [3, 5] (float32)");
    }

    @Test
    void secondOrderGradientsFlowThroughAnUpdateMadeWithTheModulesOwnParameters() {
        Sequential net = mlp(18, DType.FLOAT64);
        Tensor x = Tensor.randn(Rng.seeded(19), DType.FLOAT64, 4, 3);
        Map<String, Parameter> own = net.namedParameters();
        Tensor inner = net.call(x).square().mean();
        Tensor[] g = Autograd.grad(inner, BackwardOptions.DEFAULT.withCreateGraph(true),
                own.values().toArray(Tensor[]::new));
        Map<String, Tensor> fast = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Parameter> e : own.entrySet()) {
            fast.put(e.getKey(), e.getValue().sub(g[i++].mul(0.1)));
        }
        net.functionalCall(fast, x).sum().backward();
        Parameter w = own.get("0.weight");
        assertThat(w.grad()).as("the meta-gradient reaches the module's own parameters").isNotNull();
        assertThat(w.grad().gradFn()).isNull();
    }
}
