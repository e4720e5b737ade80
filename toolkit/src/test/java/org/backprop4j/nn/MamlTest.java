package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.examples.MamlDemo;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The meta-gradient through the inner loop matches finite differences; first-order MAML drops exactly the second
 * derivatives; the model is never modified; meta-training makes a few steps on K examples fit a new sine wave.
 */
class MamlTest {
    private static final MSELoss MSE = new MSELoss();

    private static Sequential tiny() {
        Rng.global().reseed(1);
        try (var _ = DType.useDefaultFloat(DType.FLOAT64)) {
            return new Sequential(new Linear(1, 3), new Tanh(), new Linear(3, 1));
        }
    }

    /** Support and query sets of one sine task in float64: {xs, ys, xq, yq}. */
    private static Tensor[] task() {
        Rng rng = Rng.seeded(2);
        Tensor xs = Tensor.rand(rng, DType.FLOAT64, 4, 1).mul(4).sub(2);
        Tensor xq = Tensor.rand(rng, DType.FLOAT64, 5, 1).mul(4).sub(2);
        return new Tensor[] {xs, xs.sub(0.3).sin().mul(1.5), xq, xq.sub(0.3).sin().mul(1.5)};
    }

    /** The query loss after two inner steps, as a function of the initial parameters {@code in}. */
    private static Function<Tensor[], Tensor> metaLoss(Sequential model, Tensor[] d, Maml.Order order) {
        List<String> names = List.copyOf(model.namedParameters().keySet());
        return in -> {
            Map<String, Tensor> start = new LinkedHashMap<>();
            for (int i = 0; i < in.length; i++) {
                start.put(names.get(i), in[i]);
            }
            Map<String, Tensor> fast = Maml.adapt(start, p -> MSE.forward(model.functionalCall(p, d[0]), d[1]), 2, 0.3,
                    order);
            return MSE.forward(model.functionalCall(fast, d[2]), d[3]);
        };
    }

    private static Tensor[] initial(Sequential model) {
        return model.parameters().stream().map(p -> p.detach().clone().requiresGrad(true)).toArray(Tensor[]::new);
    }

    @Test
    void theSecondOrderMetaGradientPassesAGradientCheck() {
        Sequential model = tiny();
        Tensor[] theta = initial(model);
        var report = GradCheck.check(metaLoss(model, task(), Maml.Order.SECOND), theta);
        assertThat(report.compared()).isEqualTo(3 + 3 + 3 + 1);
    }

    @Test
    void firstOrderMamlIsTheQueryGradientAtTheAdaptedParameters() {
        Sequential model = tiny();
        Tensor[] d = task();
        Tensor[] theta = initial(model);
        Tensor[] firstOrder = Autograd.grad(metaLoss(model, d, Maml.Order.FIRST).apply(theta), theta);
        Tensor[] secondOrder = Autograd.grad(metaLoss(model, d, Maml.Order.SECOND).apply(theta), theta);

        Map<String, Tensor> start = new LinkedHashMap<>();
        List<String> names = List.copyOf(model.namedParameters().keySet());
        for (int i = 0; i < theta.length; i++) {
            start.put(names.get(i), theta[i]);
        }
        Map<String, Tensor> fast = Maml.adapt(start, p -> MSE.forward(model.functionalCall(p, d[0]), d[1]), 2, 0.3,
                Maml.Order.FIRST);
        Tensor[] adapted = fast.values().stream().map(t -> t.detach().requiresGrad(true)).toArray(Tensor[]::new);
        Map<String, Tensor> at = new LinkedHashMap<>();
        for (int i = 0; i < adapted.length; i++) {
            at.put(names.get(i), adapted[i]);
        }
        Tensor[] queryGrad = Autograd.grad(MSE.forward(model.functionalCall(at, d[2]), d[3]), adapted);
        for (int i = 0; i < theta.length; i++) {
            assertThat(firstOrder[i]).as(names.get(i)).isCloseTo(queryGrad[i], 1e-12, 1e-14);
        }
        assertThat(secondOrder[0]).as("the second-order terms matter here").isNotCloseTo(firstOrder[0], 1e-3, 1e-6);
    }

    @Test
    void adaptingLeavesTheModelAsItWas() {
        Sequential model = tiny();
        Map<String, Tensor> before = new LinkedHashMap<>();
        model.namedParameters().forEach((k, p) -> before.put(k, p.clone()));
        Tensor[] d = task();
        Map<String, Tensor> fast = Maml.adapt(model.namedParameters(),
                p -> MSE.forward(model.functionalCall(p, d[0]), d[1]), 3, 0.3, Maml.Order.SECOND);
        model.namedParameters().forEach((k, p) -> {
            assertThat((Tensor) p).as(k).isBitwiseEqualTo(before.get(k));
            assertThat(p.grad()).isNull();
            assertThat(fast.get(k)).as(k + " adapted").isNotCloseTo(before.get(k));
        });
        assertThat(MSE.forward(model.functionalCall(fast, d[0]), d[1]).item())
                .as("the support loss went down").isLessThan(MSE.forward(model.call(d[0]), d[1]).item());
        assertThat(Maml.adapt(model.namedParameters(), p -> Tensor.zeros(1), 0, 0.1, Maml.Order.FIRST))
                .containsOnlyKeys(before.keySet());
    }

    @Test
    void metaTrainingMakesTenStepsOnTenExamplesFitANewSineWave() {
        int[] steps = {10};
        double scratch = MamlDemo.adaptedMse(MamlDemo.network(1), 50, steps, 5)[0];
        var settings = new MamlDemo.Settings(150, 5, 1, 0.003, Maml.Order.SECOND);
        double meta = MamlDemo.adaptedMse(MamlDemo.metaTrain(MamlDemo.network(1), settings, 3), 50, steps, 5)[0];
        assertThat(meta).as("MSE after 10 steps: meta-trained " + meta + ", from scratch " + scratch)
                .isLessThan(0.8 * scratch);
    }

    @Test
    void badSettingsAreRefusedByName() {
        Sequential model = tiny();
        Tensor[] d = task();
        assertThatThrownBy(() -> Maml.adapt(model.namedParameters(), p -> Tensor.zeros(1), -1, 0.1, Maml.Order.FIRST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Maml.adapt: steps must be non-negative, got -1");
        assertThatThrownBy(() -> Maml.adapt(model.namedParameters(), p -> model.functionalCall(p, d[0]), 1, 0.1,
                Maml.Order.FIRST)).hasMessage("Maml.adapt: the support loss must be a scalar, got shape [4, 1] at step 0");
        assertThatThrownBy(() -> Maml.adapt(model.namedParameters(), p -> Tensor.zeros(1), 1, Double.NaN,
                Maml.Order.FIRST)).hasMessage("Maml.adapt: lr must be non-negative and finite, got NaN");
    }
}
