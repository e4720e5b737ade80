package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.nn.Embedding;
import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimizer against PyTorch 1.13 over 25 steps (the trajectories of {@code optim_golden.json}): momentum with
 * Nesterov and dampening, centered RMSprop with momentum, Adagrad's decays, AMSGrad, coupled and decoupled weight
 * decay, maximizing, two parameter groups, a parameter that never gets a gradient, and Embedding's gradient against
 * PyTorch's sparse one. Parameters after every step agree to {@code 1e-12 + 1e-10 |torch|} in float64; float32 runs
 * agree to {@code 1e-5 (1 + |torch|)} (forward and backward round differently from PyTorch's in float32, and 25
 * steps carry those differences along).
 */
class OptimGoldenTest {
    private static final double RTOL64 = 1e-10;
    private static final double ATOL64 = 1e-12;
    private static final double TOL32 = 1e-5;

    /** A problem set up from the golden file: the parameters by name and the loss to minimize. */
    record Problem(Map<String, Tensor> params, Supplier<Tensor> loss) {
    }

    static Problem problem(OptimGolden.Trajectory c) {
        DType dtype = c.dtype().equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
        Map<String, Tensor> params = new LinkedHashMap<>();
        if (c.problem().equals("mlp")) {
            for (String name : List.of("W", "b", "u")) {
                params.put(name, c.init().get(name).tensor(dtype).requiresGrad(true));
            }
            Tensor x = c.data().get("X").tensor(dtype);
            Tensor y = c.data().get("Y").tensor(dtype);
            Tensor w = params.get("W");
            Tensor b = params.get("b");
            return new Problem(params, () -> x.matmul(w.t()).add(b).tanh().sub(y).pow(2).mean());
        }
        Embedding embedding;
        try (Scope _ = DType.useDefaultFloat(dtype); Scope _ = GradMode.noGrad()) {
            embedding = new Embedding(8, 3);
            embedding.weight().copyFrom(c.init().get("E").tensor(dtype));
        }
        params.put("E", embedding.parameters().getFirst()); // through the module, as a model would
        long[] idx = java.util.Arrays.stream(c.data().get("idx").values()).mapToLong(v -> (long) v).toArray();
        Tensor indices = Tensor.of(idx);
        Tensor t = c.data().get("T").tensor(dtype);
        return new Problem(params, () -> embedding.call(indices).tanh().mul(t).sum());
    }

    @TestFactory
    Stream<DynamicTest> trajectoriesMatchPyTorch() {
        return OptimGolden.GOLDEN.trajectories().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    private static void run(OptimGolden.Trajectory c) {
        Problem problem = problem(c);
        List<List<Tensor>> groups = new ArrayList<>();
        for (OptimGolden.Group g : c.groups()) {
            groups.add(g.params().stream().map(problem.params()::get).toList());
        }
        PerParameterOptimizer<?, ?> optimizer = OptimGolden.optimizer(c.optimizer(), groups,
                OptimGolden.options(c.groups()));
        boolean float32 = c.dtype().equals("float32");
        double rtol = float32 ? TOL32 : RTOL64;
        double atol = float32 ? TOL32 : ATOL64;
        for (int step = 0; step < c.trajectory().size(); step++) {
            optimizer.zeroGrad();
            Tensor loss = problem.loss().get();
            (c.maximizeObjective() ? loss.neg() : loss).backward();
            optimizer.step();
            for (int i = 0; i < c.params().size(); i++) {
                double[] ours = problem.params().get(c.params().get(i)).toDoubleArray();
                double[] torch = c.trajectory().get(step).get(i);
                assertThat(OptimGolden.close(ours, torch, rtol, atol))
                        .as("%s: parameter %s after step %d is off by %.3g tolerances", c.name(), c.params().get(i),
                                step + 1, OptimGolden.worst(ours, torch, rtol, atol))
                        .isTrue();
            }
        }
        if (problem.params().containsKey("u")) {
            int index = c.params().indexOf("u");
            assertThat(optimizer.stateDict().state()).as("u never had a gradient, so it has no state")
                    .doesNotContainKey(index);
        }
    }

    /**
     * The updates alone, fed PyTorch's gradients: every parameter after every step is bit for bit PyTorch's, in
     * float64 and float32 (the kernels mirror ATen's roundings, fused multiply-adds included).
     */
    @TestFactory
    Stream<DynamicTest> updatesAreBitForBitPyTorchs() {
        return OptimGolden.GOLDEN.exact().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            DType dtype = c.dtype().equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
            Map<String, Tensor> params = new LinkedHashMap<>();
            c.init().forEach((name, v) -> params.put(name, v.tensor(dtype).requiresGrad(true)));
            List<List<Tensor>> groups = new ArrayList<>();
            for (OptimGolden.Group g : c.groups()) {
                groups.add(g.params().stream().map(params::get).toList());
            }
            PerParameterOptimizer<?, ?> optimizer = OptimGolden.optimizer(c.optimizer(), groups,
                OptimGolden.options(c.groups()));
            for (int step = 0; step < c.trajectory().size(); step++) {
                for (int i = 0; i < c.params().size(); i++) {
                    Tensor p = params.get(c.params().get(i));
                    double[] g = c.grads().get(step).get(i);
                    p.setGrad(g == null ? null : Tensor.of(dtype, g).reshape(p.shape().toArray()));
                }
                optimizer.step();
                for (int i = 0; i < c.params().size(); i++) {
                    assertThat(params.get(c.params().get(i)).toDoubleArray())
                            .as("%s: parameter %s after step %d", c.name(), c.params().get(i), step + 1)
                            .containsExactly(c.trajectory().get(step).get(i));
                }
            }
            assertSameState(c, optimizer.stateDict());
        }));
    }

    /** Our state dict's per-parameter state against PyTorch's {@code state_dict()["state"]}: keys and bits. */
    private static void assertSameState(OptimGolden.Exact c, OptimizerStateDict ours) {
        for (Map.Entry<String, com.google.gson.JsonObject> e : c.state().entrySet()) {
            int index = Integer.parseInt(e.getKey());
            Map<String, Object> mine = ours.state().get(index);
            if (mine == null) {
                // PyTorch's Adagrad makes state for every parameter up front; ours waits for a gradient
                assertThat(e.getValue().get("step").getAsDouble()).as("%s: state of parameter %d", c.name(), index)
                        .isZero();
                continue;
            }
            assertThat(mine.keySet()).as("%s: state keys of parameter %d", c.name(), index)
                    .containsExactlyInAnyOrderElementsOf(e.getValue().keySet());
            for (String key : mine.keySet()) {
                com.google.gson.JsonElement theirs = e.getValue().get(key);
                if (mine.get(key) instanceof Tensor t) {
                    double[] values = new com.google.gson.Gson().fromJson(theirs.getAsJsonObject().get("values"),
                            double[].class);
                    assertThat(t.toDoubleArray()).as("%s: %s of parameter %d", c.name(), key, index)
                            .containsExactly(values);
                } else {
                    assertThat(((Number) mine.get(key)).doubleValue()).as("%s: %s of parameter %d", c.name(), key,
                            index).isEqualTo(theirs.getAsDouble());
                }
            }
        }
        assertThat(ours.state().keySet()).as("%s: parameters with state", c.name())
                .allMatch(i -> c.state().containsKey(Integer.toString(i)));
    }

    @Test
    void everyOptimizerAndOptionIsCovered() {
        List<String> names = OptimGolden.GOLDEN.trajectories().stream().map(OptimGolden.Trajectory::name).toList();
        assertThat(names).contains("sgd_nesterov", "sgd_momentum_dampening", "sgd_weight_decay", "sgd_maximize",
                "rmsprop_centered", "rmsprop_centered_momentum_weight_decay", "adagrad_options", "adam_amsgrad",
                "adam_weight_decay_betas", "adamw_amsgrad_weight_decay", "adam_two_groups",
                "embedding_sgd_sparse", "embedding_adagrad_sparse", "adam_amsgrad_float32");
        assertThat(OptimGolden.GOLDEN.trajectories()).allSatisfy(c -> assertThat(c.trajectory()).hasSize(25));
    }
}
