package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.Rng;
import org.backprop4j.optim.SGD;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Freezing, partial loading, head replacement and learning-rate groups: the steps of fine-tuning. */
class FineTuningTest {
    /** A body and a replaceable head, the shape of a pretrained classifier. */
    static final class Classifier extends Module {
        final Sequential body;
        Module head;

        Classifier(int classes) {
            body = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 8), new ReLU());
            head = new Linear(8, classes);
        }

        @Override
        public Tensor forward(Tensor x) {
            return head.call(body.call(x));
        }
    }

    @Test
    void aFrozenBodyGetsNoGradientAndTheOptimizerOnlyMovesTheHead() {
        Rng.global().reseed(1);
        Classifier model = new Classifier(3);
        model.body.requiresGrad(false);
        assertThat(model.trainableParameters()).containsExactly(((Linear) model.head).weight,
                ((Linear) model.head).bias);
        Map<String, Tensor> before = new LinkedHashMap<>();
        model.namedParameters().forEach((k, p) -> before.put(k, p.clone()));

        SGD sgd = new SGD(model.trainableParameters(), 0.5);
        new CrossEntropyLoss().forward(model.call(Tensor.randn(Rng.seeded(2), 6, 4)), Tensor.of(0L, 1, 2, 0, 1, 2))
                .backward();
        sgd.step();
        model.namedParameters().forEach((k, p) -> {
            if (k.startsWith("body")) {
                assertThat(p.grad()).as(k).isNull();
                assertThat((Tensor) p).as(k).isBitwiseEqualTo(before.get(k));
            } else {
                assertThat((Tensor) p).as(k).isNotCloseTo(before.get(k));
            }
        });
        model.body.requiresGrad(true);
        assertThat(model.trainableParameters()).hasSize(6);
    }

    @Test
    void aPartialLoadTakesTheBodyAndReportsTheHead() {
        Rng.global().reseed(3);
        Classifier pretrained = new Classifier(10);
        Map<String, Tensor> state = new LinkedHashMap<>(pretrained.stateDict());
        state.put("extra.scale", Tensor.ones(1));
        state.remove("body.2.bias");
        Classifier model = new Classifier(3);
        Tensor headBefore = ((Linear) model.head).weight.clone();
        Tensor bodyBiasBefore = ((Linear) model.body.get(2)).bias.clone();

        LoadReport report = model.loadStateDictPartial(state);
        assertThat(report.loaded()).containsExactly("body.0.weight", "body.0.bias", "body.2.weight");
        assertThat(report.missing()).containsExactly("body.2.bias");
        assertThat(report.unexpected()).containsExactly("extra.scale");
        assertThat(report.mismatched()).containsExactly("head.weight: expected shape [3, 8], got [10, 8]",
                "head.bias: expected shape [3], got [10]");
        assertThat(report.isComplete()).isFalse();
        assertThat(report.toString()).startsWith("loaded 3 entries\n  missing keys: body.2.bias");

        assertThat((Tensor) ((Linear) model.body.get(0)).weight).isBitwiseEqualTo(state.get("body.0.weight"));
        assertThat((Tensor) ((Linear) model.head).weight).isBitwiseEqualTo(headBefore);
        assertThat((Tensor) ((Linear) model.body.get(2)).bias).isBitwiseEqualTo(bodyBiasBefore);
        assertThat(new Classifier(10).loadStateDictPartial(pretrained.stateDict()).isComplete()).isTrue();
    }

    @Test
    void aHeadInANonFinalFieldOrASequentialIsReplaced() {
        Rng.global().reseed(4);
        Classifier model = new Classifier(10);
        Module oldHead = model.head;
        Linear newHead = new Linear(8, 3);
        assertThat(FineTuning.replace(model, "head", newHead)).isSameAs(oldHead);
        assertThat(model.head).isSameAs(newHead);
        assertThat(model.call(Tensor.ones(2, 4))).hasShape(2, 3);

        Linear wider = new Linear(8, 8);
        Module old = FineTuning.replace(model, "body.2", wider);
        assertThat(model.body.get(2)).isSameAs(wider);
        assertThat(model.namedParameters().get("body.2.weight")).isSameAs(wider.weight);
        assertThat(model.body.set(2, old)).isSameAs(wider);
    }

    @Test
    void aChildInAModifiableListIsReplaced() {
        class Blocks extends Module {
            final List<Module> blocks = new ArrayList<>(List.of(new Linear(2, 2), new Linear(2, 2)));
        }
        Blocks m = new Blocks();
        Linear replacement = new Linear(2, 2);
        FineTuning.replace(m, "blocks.1", replacement);
        assertThat(m.blocks.get(1)).isSameAs(replacement);
    }

    @Test
    void finalFieldsWrongTypesAndUnknownPathsAreRefusedWithTheReason() {
        class Fixed extends Module {
            final Linear head = new Linear(2, 2);
            Linear typed = new Linear(2, 2);
        }
        Fixed m = new Fixed();
        assertThatThrownBy(() -> FineTuning.replace(m, "head", new Linear(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FineTuning.replace: cannot replace 'head' of Fixed: the field is final; declare a slot "
                        + "meant to be replaced without final (Linear head = ...) or hold the layers in a Sequential");
        assertThatThrownBy(() -> FineTuning.replace(m, "typed", new ReLU()))
                .hasMessage("FineTuning.replace: cannot replace 'typed' of Fixed: the field has type Linear and the "
                        + "replacement is a ReLU");
        assertThatThrownBy(() -> FineTuning.replace(m, "tail", new ReLU()))
                .hasMessage("FineTuning.replace: Fixed has no child 'tail'; its modules are head, typed");
        assertThatThrownBy(() -> new Sequential(new ReLU()).set(1, new ReLU()))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("Sequential.set: no module 1; there are 1");
    }

    @Test
    void parameterGroupsByPrefixGiveEachItsOwnLearningRate() {
        Rng.global().reseed(5);
        Classifier model = new Classifier(3);
        model.body.get(0).requiresGrad(false);
        Map<String, List<Parameter>> groups = FineTuning.parameterGroups(model, "head", "body");
        assertThat(groups).containsOnlyKeys("head", "body");
        assertThat(groups.get("body")).containsExactly(((Linear) model.body.get(2)).weight,
                ((Linear) model.body.get(2)).bias);
        assertThat(FineTuning.parameterGroups(model, "body.2").get("")).hasSize(2);

        SGD sgd = new SGD(groups.get("body"), SGD.Options.of(0.01));
        sgd.addParamGroup(groups.get("head"), o -> o.withLr(0.1));
        Parameter bodyBias = ((Linear) model.body.get(2)).bias;
        Parameter headBias = ((Linear) model.head).bias;
        Tensor b0 = bodyBias.clone();
        Tensor h0 = headBias.clone();
        bodyBias.setGrad(Tensor.onesLike(bodyBias));
        headBias.setGrad(Tensor.onesLike(headBias));
        sgd.step();
        assertThat((Tensor) bodyBias).isCloseTo(b0.sub(0.01), 1e-6, 1e-7);
        assertThat((Tensor) headBias).isCloseTo(h0.sub(0.1), 1e-6, 1e-7);

        assertThatThrownBy(() -> FineTuning.parameterGroups(model, "body.0"))
                .hasMessageStartingWith("FineTuning.parameterGroups: prefix 'body.0' names no trainable parameter "
                        + "of Classifier; trainable: body.2.weight, body.2.bias, head.weight, head.bias");
    }
}
