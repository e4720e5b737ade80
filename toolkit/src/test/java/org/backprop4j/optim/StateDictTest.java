package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.schedule.LrSchedule;
import org.backprop4j.optim.schedule.StepLR;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * State dicts: 10 steps, save, restore into a fresh model and optimizer (and schedule), 10 more steps equals 20
 * uninterrupted steps bit for bit, for every optimizer in float32 and float64; loading checks everything first and
 * names what does not fit.
 */
class StateDictTest {
    static final class Net extends Module {
        final Linear hidden = new Linear(4, 5);
        final Linear out = new Linear(5, 2);

        @Override
        public Tensor forward(Tensor x) {
            return out.call(hidden.call(x).tanh());
        }
    }

    /** A model, an optimizer on its parameters (two groups) and a StepLR schedule. */
    record Training(Net net, Optimizer<?, ?> optimizer, LrSchedule schedule, Tensor x, Tensor y) {
        static Training start(DType dtype, Function<List<List<Tensor>>, Optimizer<?, ?>> make) {
            Net net;
            try (Scope _ = DType.useDefaultFloat(dtype)) {
                net = new Net();
            }
            net.resetParameters(Rng.seeded(7));
            List<List<Tensor>> groups = List.of(new ArrayList<>(net.hidden.parameters()),
                    new ArrayList<>(net.out.parameters()));
            Optimizer<?, ?> optimizer = make.apply(groups);
            LrSchedule schedule = optimizer instanceof LBFGS ? null : new StepLR(optimizer, 4, 0.5);
            Tensor x = Tensor.randn(Rng.seeded(1), dtype, 8, 4);
            Tensor y = Tensor.randn(Rng.seeded(2), dtype, 8, 2);
            return new Training(net, optimizer, schedule, x, y);
        }

        Tensor loss() {
            return net.call(x).sub(y).pow(2).mean();
        }

        void train(int steps) {
            for (int i = 0; i < steps; i++) {
                optimizer.step(() -> {
                    optimizer.zeroGrad();
                    Tensor loss = loss();
                    loss.backward();
                    return loss;
                });
                if (schedule != null) {
                    schedule.step();
                }
            }
        }

        List<double[]> parameters() {
            return net.parameters().stream().map(Tensor::toDoubleArray).toList();
        }

        /** A deep copy of the model's state, as a checkpoint on disk would hold. */
        Map<String, Tensor> modelState() {
            Map<String, Tensor> copy = new LinkedHashMap<>();
            net.stateDict().forEach((k, v) -> copy.put(k, StateEntries.snapshot(v)));
            return copy;
        }
    }

    static final Map<String, Function<List<List<Tensor>>, Optimizer<?, ?>>> OPTIMIZERS = new LinkedHashMap<>();

    static {
        OPTIMIZERS.put("SGD", g -> {
            SGD sgd = new SGD(g.get(0), SGD.Options.of(0.1).withMomentum(0.9).withNesterov(true));
            sgd.addParamGroup(g.get(1), o -> o.withLr(0.05).withNesterov(false).withDampening(0.1));
            return sgd;
        });
        OPTIMIZERS.put("RMSprop", g -> {
            RMSprop rmsprop = new RMSprop(g.get(0), RMSprop.Options.DEFAULT.withCentered(true).withMomentum(0.5));
            rmsprop.addParamGroup(g.get(1), o -> o.withCentered(false).withWeightDecay(0.01));
            return rmsprop;
        });
        OPTIMIZERS.put("Adagrad", g -> {
            Adagrad adagrad = new Adagrad(g.get(0), Adagrad.Options.DEFAULT.withLrDecay(0.01));
            adagrad.addParamGroup(g.get(1), o -> o.withInitialAccumulatorValue(0.1));
            return adagrad;
        });
        OPTIMIZERS.put("Adam", g -> {
            Adam adam = new Adam(g.get(0), Adam.Options.DEFAULT.withLr(0.01).withAmsgrad(true));
            adam.addParamGroup(g.get(1), o -> o.withAmsgrad(false).withWeightDecay(0.1));
            return adam;
        });
        OPTIMIZERS.put("AdamW", g -> {
            AdamW adamW = new AdamW(g.get(0), AdamW.Options.DEFAULT.withLr(0.01));
            adamW.addParamGroup(g.get(1), o -> o.withAmsgrad(true));
            return adamW;
        });
        OPTIMIZERS.put("LBFGS", g -> new LBFGS(g.stream().flatMap(List::stream).toList(),
                LBFGS.Options.DEFAULT.withMaxIter(2).withHistorySize(3)
                        .withLineSearch(LBFGS.LineSearch.STRONG_WOLFE)));
    }

    @TestFactory
    Stream<DynamicTest> restoredTrainingContinuesBitForBit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            OPTIMIZERS.forEach((name, make) -> tests.add(DynamicTest.dynamicTest(name + " " + dtype, () -> {
                Training whole = Training.start(dtype, make);
                whole.train(20);

                Training first = Training.start(dtype, make);
                first.train(10);
                Map<String, Tensor> model = first.modelState();
                OptimizerStateDict saved = first.optimizer().stateDict();
                Map<String, Object> schedule = first.schedule() == null ? null : first.schedule().stateDict();
                List<double[]> savedTensors = tensors(saved);

                first.train(10); // training on does not change what was saved
                assertThat(first.parameters()).containsExactlyElementsOf(whole.parameters());
                assertThat(tensors(saved)).containsExactlyElementsOf(savedTensors);

                Training resumed = Training.start(dtype, make);
                resumed.net().loadStateDict(model, true);
                resumed.optimizer().loadStateDict(saved);
                if (schedule != null) {
                    resumed.schedule().loadStateDict(schedule);
                }
                assertThat(resumed.optimizer().lrs()).as("the learning rates come back with the optimizer")
                        .containsExactly(saved.paramGroups().stream()
                                .mapToDouble(g -> (Double) g.options().get("lr")).toArray());
                resumed.train(10);
                assertThat(resumed.parameters()).containsExactlyElementsOf(whole.parameters());
                assertThat(tensors(resumed.optimizer().stateDict()))
                        .containsExactlyElementsOf(tensors(whole.optimizer().stateDict()));
            })));
        }
        return tests.stream();
    }

    private static List<double[]> tensors(OptimizerStateDict dict) {
        List<double[]> out = new ArrayList<>();
        dict.state().values().forEach(entries -> entries.values().forEach(v -> {
            if (v instanceof Tensor t) {
                out.add(t.toDoubleArray());
            }
        }));
        return out;
    }

    private static Adam trainedAdam() {
        Training t = Training.start(DType.FLOAT64, OPTIMIZERS.get("Adam"));
        t.train(3);
        return (Adam) t.optimizer();
    }

    @Test
    void theDictHoldsPyTorchsKeysAndPlainValues() {
        OptimizerStateDict dict = trainedAdam().stateDict();
        assertThat(dict.optimizer()).isEqualTo("Adam");
        assertThat(dict.paramGroups()).hasSize(2);
        assertThat(dict.paramGroups().get(0).params()).containsExactly(0, 1);
        assertThat(dict.paramGroups().get(1).params()).containsExactly(2, 3);
        assertThat(dict.paramGroups().get(0).options()).containsOnlyKeys("lr", "betas", "eps", "weight_decay",
                "amsgrad", "maximize", "initial_lr").containsEntry("betas", List.of(0.9, 0.999))
                .containsEntry("amsgrad", true);
        assertThat(dict.state().get(0)).containsOnlyKeys("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                .containsEntry("step", 3L);
        assertThat(dict.state().get(2)).containsOnlyKeys("step", "exp_avg", "exp_avg_sq");
    }

    @Test
    void loadingAnotherOptimizersDictFailsAndChangesNothing() {
        Adam adam = trainedAdam();
        OptimizerStateDict before = adam.stateDict();
        Training sgd = Training.start(DType.FLOAT64, OPTIMIZERS.get("SGD"));
        sgd.train(2);
        assertThatThrownBy(() -> adam.loadStateDict(sgd.optimizer().stateDict()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam.loadStateDict: the state dict was saved by SGD, not Adam; nothing was loaded");
        assertSame(adam.stateDict(), before);
    }

    @Test
    void dictsThatDoNotFitNameTheProblem() {
        Adam adam = trainedAdam();
        OptimizerStateDict good = adam.stateDict();
        OptimizerStateDict before = adam.stateDict();

        OptimizerStateDict oneGroup = new OptimizerStateDict("Adam", good.paramGroups().subList(0, 1), Map.of());
        assertThatThrownBy(() -> adam.loadStateDict(oneGroup)).hasMessage("Adam.loadStateDict: the state dict has 1 "
                + "parameter groups, this optimizer 2; nothing was loaded");

        OptimizerStateDict.Group short1 = new OptimizerStateDict.Group(List.of(2),
                good.paramGroups().get(1).options());
        assertThatThrownBy(() -> adam.loadStateDict(new OptimizerStateDict("Adam",
                List.of(good.paramGroups().get(0), short1), Map.of())))
                .hasMessage("Adam.loadStateDict: group 1 of the state dict has 1 parameters, this optimizer's 2; "
                        + "nothing was loaded");

        Map<Integer, Map<String, Object>> state = new LinkedHashMap<>(good.state());
        Map<String, Object> wrongShape = new LinkedHashMap<>(state.get(0));
        wrongShape.put("exp_avg", Tensor.zeros(DType.FLOAT64, 4));
        state.put(0, wrongShape);
        assertThatThrownBy(() -> adam.loadStateDict(new OptimizerStateDict("Adam", good.paramGroups(), state)))
                .hasMessage("Adam.loadStateDict: state of parameter 0 (shape [5, 4]): 'exp_avg' has shape [4], "
                        + "expected [5, 4]; nothing was loaded")
                .isInstanceOfSatisfying(OptimizerStateDictException.class, e -> {
                    assertThat(e.key()).hasValue("exp_avg");
                    assertThat(e.where()).isEqualTo("Adam.loadStateDict: state of parameter 0 (shape [5, 4])");
                });

        Map<String, Object> missing = new LinkedHashMap<>(good.state().get(3));
        missing.remove("exp_avg_sq");
        state.put(0, good.state().get(0));
        state.put(3, missing);
        assertThatThrownBy(() -> adam.loadStateDict(new OptimizerStateDict("Adam", good.paramGroups(), state)))
                .hasMessage("Adam.loadStateDict: state of parameter 3 (shape [2]): 'exp_avg_sq' is missing "
                        + "(expected a tensor of shape [2]); nothing was loaded");

        Map<String, Object> badOptions = new LinkedHashMap<>(good.paramGroups().get(1).options());
        badOptions.put("lr", -1.0);
        badOptions.put("betas", List.of(0.9, 0.999));
        assertThatThrownBy(() -> adam.loadStateDict(new OptimizerStateDict("Adam", List.of(good.paramGroups().get(0),
                new OptimizerStateDict.Group(List.of(2, 3), badOptions)), good.state())))
                .hasMessage("Adam.loadStateDict: group 1 settings: Adam: lr must be a finite number >= 0, got -1.0; "
                        + "nothing was loaded")
                .isInstanceOfSatisfying(OptimizerStateDictException.class, e -> assertThat(e.key()).isEmpty());

        Map<String, Object> unknown = new LinkedHashMap<>(good.paramGroups().get(0).options());
        unknown.put("momentum", 0.9);
        assertThatThrownBy(() -> adam.loadStateDict(new OptimizerStateDict("Adam", List.of(
                new OptimizerStateDict.Group(List.of(0, 1), unknown), good.paramGroups().get(1)), good.state())))
                .hasMessageStartingWith("Adam.loadStateDict: group 0 settings: unexpected key momentum (known: lr, "
                        + "betas, eps, weight_decay, amsgrad, maximize)")
                .isInstanceOfSatisfying(OptimizerStateDictException.class,
                        e -> assertThat(e.key()).hasValue("momentum"));

        Map<Integer, Map<String, Object>> stray = new LinkedHashMap<>(good.state());
        stray.put(9, good.state().get(2));
        assertThatThrownBy(() -> adam.loadStateDict(new OptimizerStateDict("Adam", good.paramGroups(), stray)))
                .hasMessage("Adam.loadStateDict: the state dict has state for parameter 9, which is in none of its "
                        + "groups; nothing was loaded");
        assertSame(adam.stateDict(), before);
    }

    @Test
    void onlyPlainValuesGoIntoADict() {
        assertThatThrownBy(() -> new OptimizerStateDict("Adam", List.of(), Map.of(0, Map.of("step", 3))))
                .hasMessage("OptimizerStateDict: state of parameter 0: 'step' is a Integer; values must be tensors, "
                        + "Double, Long, Boolean, String or lists of Double");
    }

    @Test
    void aDictLoadsIntoAnotherDtype() {
        Training t64 = Training.start(DType.FLOAT64, OPTIMIZERS.get("Adam"));
        t64.train(2);
        Training t32 = Training.start(DType.FLOAT32, OPTIMIZERS.get("Adam"));
        t32.optimizer().loadStateDict(t64.optimizer().stateDict());
        Tensor m = (Tensor) t32.optimizer().stateDict().state().get(0).get("exp_avg");
        assertThat(m.dtype()).isEqualTo(DType.FLOAT32);
        t32.train(1);
    }

    private static void assertSame(OptimizerStateDict actual, OptimizerStateDict expected) {
        assertThat(actual.paramGroups()).isEqualTo(expected.paramGroups());
        assertThat(tensors(actual)).containsExactlyElementsOf(tensors(expected));
        assertThat(actual.state().keySet()).isEqualTo(expected.state().keySet());
    }

    @Test
    void trainingWithAFrozenParameterKeepsItOutOfTheState() {
        Net net = new Net();
        try (Scope _ = GradMode.noGrad()) {
            net.out.parameters().forEach(p -> p.requiresGrad(false));
        }
        Adam adam = new Adam(net.parameters(), 0.01);
        Tensor before = StateEntries.snapshot(net.out.parameters().getFirst());
        adam.zeroGrad();
        net.call(Tensor.ones(3, 4)).sum().backward();
        adam.step();
        assertThat(net.out.parameters().getFirst().toDoubleArray()).containsExactly(before.toDoubleArray());
        assertThat(adam.stateDict().state()).containsOnlyKeys(0, 1);
    }
}
