package org.backprop4j.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;

import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Forward values and gradients of composite float64 expressions against PyTorch. The expected values come from
 * {@code golden/make_autograd_golden.py} (run it with PyTorch to regenerate {@code autograd_golden.json}); each
 * case there has a lambda of the same name here that mirrors it op for op, views included. Gradients are taken
 * with respect to every input the file marks, with the file's upstream gradient for non-scalar outputs.
 * Higher-order cases differentiate inside the lambda with {@code createGraph}, as the script does.
 */
class AutogradGoldenTest {
    private static final double RTOL = 1e-10;
    private static final double ATOL = 1e-12;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final BackwardOptions CREATE_GRAPH = BackwardOptions.DEFAULT.withCreateGraph(true);

    private static final Map<String, Function<Tensor[], Tensor>> EXPRESSIONS = new LinkedHashMap<>();

    private static void expr(String name, Function<Tensor[], Tensor> f) {
        if (EXPRESSIONS.put(name, f) != null) {
            throw new IllegalStateException("duplicate golden case " + name);
        }
    }

    private static int[] dims(int... d) {
        return d;
    }

    /** d y / d x with {@code createGraph}, so the result can be differentiated again. */
    private static Tensor grad1(Tensor y, Tensor x) {
        return Autograd.grad(y, CREATE_GRAPH, x)[0];
    }

    /** The vector-Jacobian product {@code v^T dy/dx} with {@code createGraph}. */
    private static Tensor grad1(Tensor y, Tensor x, Tensor v) {
        return Autograd.grad(List.of(y), List.of(v), List.of(x), CREATE_GRAPH)[0];
    }

    static {
        // broadcasting and elementwise arithmetic
        expr("broadcast_mul_add_div", in -> in[0].mul(in[1]).add(in[2].div(in[3])));
        expr("broadcast_sub_square_mean", in -> in[0].sub(in[1]).pow(2).mean());
        expr("pow_tensor_exponent", in -> in[0].pow(in[1]));
        expr("pow_scalar_exponents", in -> in[0].pow(2.5).add(in[0].pow(-1.5)).sub(in[0].pow(2).mul(0.5)));
        expr("pow_scalar_base", in -> Tensor.scalar(2.0, DType.FLOAT64).pow(in[0]).mul(in[0]));
        expr("exp_expm1_log_log1p", in -> {
            Tensor x = in[0], y = in[1];
            return x.exp().log1p().add(y.expm1().mul(x)).add(y.mul(y).add(0.5).log());
        });
        expr("sqrt_rsqrt_reciprocal", in -> in[0].sqrt().mul(in[1].rsqrt()).add(in[0].add(in[1]).reciprocal()));
        expr("abs_sin_cos_erf", in -> in[0].abs().mul(in[1].sin()).add(in[0].cos().mul(in[1].erf())));
        expr("clamp_two_sided", in -> in[0].mul(2).clamp(-0.7, 0.9).mul(in[1]));
        expr("clamp_one_sided", in -> in[0].clamp(0.2, INF).add(in[0].clamp(-INF, -0.1).mul(in[0])));
        expr("minimum_maximum_broadcast", in -> in[0].minimum(in[1]).mul(in[0].maximum(in[2])));
        expr("where_from_comparison", in -> Tensor.where(in[0].gt(in[1]), in[0].mul(in[1]), in[0].sub(in[1])));
        expr("where_broadcast_mask", in -> Tensor.where(in[0], in[1].exp(), in[2].sin()));

        // activations
        expr("relu_leaky_elu_selu", in -> in[0].relu().add(in[1].leakyRelu(0.1).mul(2)).add(in[0].elu(1.3))
                .sub(in[1].selu()));
        expr("gelu_exact_and_tanh", in -> in[0].gelu().mul(in[1].gelu(true)));
        expr("silu_sigmoid_tanh", in -> in[0].silu().add(in[0].sigmoid().mul(in[1].tanh())));
        expr("softplus_default_and_threshold", in -> in[0].softplus().add(in[0].softplus(2, 3)));
        expr("hardtanh_scaled", in -> in[0].mul(1.5).hardtanh(-1.0, 0.8).mul(in[1]));
        expr("softmax_of_transpose", in -> in[0].t().softmax(0).mul(in[1]).sum());
        expr("log_softmax_nll", in -> in[0].logSoftmax(1).gather(1, in[1]).mean().neg());
        expr("softmax_log_softmax_3d", in -> in[0].softmax(1).mul(in[0].logSoftmax(2)));

        // reductions
        expr("sum_mean_keepdim", in -> in[0].sum(dims(0, 2), true).mul(in[1]).add(in[0].mean(dims(0, 2), true)));
        expr("sum_mean_no_keepdim", in -> in[0].sum(-1).mul(in[0].mean(dims(0, 2), false)));
        expr("prod_dims", in -> in[0].prod(1, true).mul(in[0].prod(0)));
        expr("max_min_along_dim", in -> in[0].max(1, true).values().mul(in[0].min(0).values()));
        expr("max_min_all", in -> in[0].max().sub(in[0].min()).mul(in[0]));
        expr("amax_amin_multi_dims", in -> in[0].amax(dims(0, 2), true).mul(in[0].amin(dims(1), true)));
        expr("var_std_single_dims", in -> in[0].var(dims(1), 1, true).add(in[0].std(dims(0), 0, true)));
        expr("var_std_multi_dims", in -> in[0].var(dims(0, 2), 1, false).mul(in[0].std()));
        expr("logsumexp_dims", in -> in[0].logsumexp(dims(0, 2), true).mul(in[0].logsumexp(dims(1), true)));
        expr("norms_p1_p2_inf_rows", in -> in[0].norm(1, dims(1), false)
                .add(in[0].norm(2, dims(1), false).mul(in[0].norm(INF, dims(1), false))));
        expr("norms_keepdim_and_all", in -> in[0].norm(2, dims(0, 2), true).mul(in[0].norm())
                .add(in[0].norm(INF, dims(1, 2), true).mul(in[0].norm(1))));

        // views
        expr("transpose_matmul_tanh", in -> in[0].matmul(in[1].transpose(0, 1)).tanh().sum(1));
        expr("permute_broadcast_sin", in -> in[0].permute(2, 0, 1).mul(in[1]).sin());
        expr("slice_with_steps", in -> in[0].slice(0, 1, 4, 2).slice(1, 0, 6, 3)
                .mul(in[0].slice(0, 0, 3, 2).slice(1, 1, 5, 2)));
        expr("select_rows_and_columns", in -> in[0].select(0, 1).mul(in[0].select(1, -1)).add(in[0].select(1, 2)));
        expr("expand_views", in -> in[0].expand(3, 4).mul(in[1]).add(in[2].expand(2, 3, 4).sum(0)));
        expr("unsqueeze_flatten_squeeze", in -> in[0].unsqueeze(1).expand(3, 2, 4).flatten(0, 1)
                .mul(in[1].expand(3, 2).reshape(6, 1)).add(in[1].squeeze(1).sum()));
        expr("reshape_of_transpose", in -> in[0].t().reshape(-1).mul(in[1]));
        expr("reshape_of_permute_matmul", in -> in[0].permute(1, 0, 2).reshape(3, 8).matmul(in[1]));
        expr("slice_of_transpose_reshape", in -> in[0].t().slice(0, 1, 5, 2).reshape(4, 2).t().exp());

        // linear algebra
        expr("matmul_1d_1d", in -> in[0].matmul(in[1]).mul(in[0]));
        expr("matmul_1d_2d_and_2d_1d", in -> in[0].matmul(in[1]).mul(in[2]).add(in[1].matmul(in[2]).sum()));
        expr("matmul_batched_broadcast", in -> in[0].matmul(in[1]));
        expr("matmul_transposed_operands", in -> in[0].t().matmul(in[1].t()).unsqueeze(0)
                .add(in[2].transpose(1, 2).matmul(in[0].slice(1, 0, 2))));
        expr("outer_and_dot", in -> in[0].outer(in[1]).mul(in[1].dot(in[2])));

        // indexing and joins
        expr("index_select_repeats", in -> in[0].indexSelect(0, in[1])
                .mul(in[0].indexSelect(1, in[2]).t().sum(0, true).t()));
        expr("gather_dims", in -> in[0].gather(1, in[1]).sum(1, true).mul(in[0].gather(0, in[2])));
        expr("scatter_add_into_base", in -> in[0].scatterAdd(1, in[1], in[2].mul(in[2])));
        expr("masked_fill_broadcast", in -> in[0].maskedFill(in[1], 0.5).mul(in[0]));
        expr("cat_and_stack", in -> {
            Tensor a = in[0], b = in[1], c = in[2];
            return Tensor.cat(List.of(a, b.t()), 0).sum(0).mul(Tensor.stack(List.of(a, c), 1))
                    .add(Tensor.cat(List.of(a, c), -1).reshape(2, 2, 3));
        });
        expr("split_and_chunk", in -> {
            List<Tensor> p = in[0].split(3, 1);
            return p.get(0).mul(p.get(1)).add(p.get(2)).add(in[0].chunk(3, 0).get(2).slice(1, 4, 7));
        });
        expr("pad_constant_and_crop", in -> in[0].pad(new int[] {1, 2, 0, 1}, 0.3).sum(-1, true)
                .mul(in[0].pad(new int[] {-1, 1, 2, -1}, 0)));

        // harder paths: views of views, non-contiguous operands everywhere, saturation, exact zeros
        expr("views_of_views", in -> {
            Tensor x = in[0];
            return x.view(6, 5).t().slice(0, 1, 5).slice(1, 0, 6, 2).slice(0, 1, 4, 2).unsqueeze(0).expand(2, 2, 3)
                    .reshape(4, 3).mul(x.view(6, 5).t().slice(0, 1, 5).slice(1, 0, 6, 2).select(1, 1).slice(0, 0, 3));
        });
        expr("reductions_of_permuted_view", in -> {
            Tensor x = in[0];
            return x.permute(2, 0, 1).max(0).values().mul(x.permute(2, 0, 1).min(2, true).values().sum(0))
                    .add(x.permute(2, 0, 1).var(dims(0, 2), 1, true).select(0, 0));
        });
        expr("matmul_expanded_transposed_batch", in -> in[0].expand(2, 3, 4).transpose(1, 2).matmul(in[1]));
        expr("joins_of_noncontiguous", in -> {
            Tensor a = in[0];
            return Tensor.cat(List.of(a.t(), a.slice(1, 0, 4, 2).t()), 0).pad(new int[] {1, 1}, -0.5).pow(2).sum(1)
                    .slice(0, 0, 4).unsqueeze(1).mul(Tensor.stack(List.of(a.t(), a.t().exp()), 2).sum(2));
        });
        expr("chunk_and_split_uneven", in -> {
            List<Tensor> c = in[0].chunk(3, 0);
            return c.get(0).mul(c.get(1)).add(c.get(2)).add(in[0].split(new int[] {3, 2}, 0).get(1));
        });
        expr("indexing_noncontiguous", in -> {
            Tensor xt = in[0].t();
            return xt.indexSelect(0, in[1]).sum(0).mul(xt.maskedFill(in[3], -1.0))
                    .add(xt.gather(1, in[2]).sum(1, true));
        });
        expr("scatter_add_dim0_3d", in -> in[0].scatterAdd(0, in[1], in[2]).sin());
        expr("prod_with_exact_zeros", in -> in[0].prod(1).mul(in[0].prod(0).sum()).add(in[0].prod()));
        expr("norm_p3_and_inf_all", in -> in[0].norm(3, dims(1), false).mul(in[0].norm(INF)).add(in[0].norm(3)));
        expr("stable_large_logits", in -> in[0].softmax(1).mul(in[0].logSoftmax(1))
                .add(in[0].logsumexp(dims(1), true).mul(1e-3)));
        expr("saturated_activations", in -> {
            Tensor x = in[0];
            return x.sigmoid().mul(x.softplus()).add(x.tanh()).add(x.elu(1.0)).add(x.selu().mul(x.sigmoid()));
        });

        // composites
        expr("mlp_cross_entropy", in -> in[0].matmul(in[1]).add(in[2]).relu().matmul(in[3]).add(in[4])
                .logSoftmax(1).gather(1, in[5]).mean().neg());
        expr("layer_norm_manual", in -> {
            Tensor x = in[0];
            return x.sub(x.mean(-1, true)).div(x.var(dims(-1), 0, true).add(1e-5).sqrt()).mul(in[1]).add(in[2]);
        });
        expr("attention_tiny", in -> in[0].matmul(in[1].transpose(-2, -1)).div(2.0).softmax(-1).matmul(in[2]));
        expr("cosine_similarity_manual", in -> in[0].mul(in[1]).sum(1)
                .div(in[0].norm(2, dims(1), false).mul(in[1].norm(2, dims(1), false))));
        expr("bce_with_logits_manual", in -> in[0].softplus().sub(in[0].mul(in[1])).mean());
        expr("huber_where_abs", in -> {
            Tensor d = in[0].sub(in[1]);
            return Tensor.where(d.abs().lt(1), d.mul(d).mul(0.5), d.abs().sub(0.5)).mean();
        });

        // second and third order
        expr("gg_tanh_cubed", in -> {
            Tensor g = grad1(in[0].tanh().pow(3).sum(), in[0]);
            return g.mul(g).sum();
        });
        expr("hvp_mlp_weights", in -> {
            Tensor x = in[0], w = in[1];
            Tensor g = grad1(x.matmul(w).tanh().pow(2).sum().add(x.matmul(w).softplus().sum()), w);
            return g.mul(in[2]).sum();
        });
        expr("hvp_softmax_cross_entropy", in -> {
            Tensor g = grad1(in[0].logSoftmax(1).gather(1, in[1]).sum().neg(), in[0]);
            return g.mul(in[2]).sum();
        });
        expr("gg_matmul_two_inputs", in -> grad1(in[0].matmul(in[1]).sigmoid().sum(), in[0]).pow(2).sum());
        expr("gg_logsumexp_norm", in -> {
            Tensor x = in[0];
            return grad1(x.logsumexp(1).sum().add(x.norm()), x).mul(x.exp()).sum();
        });
        expr("gg_prod_var_std", in -> {
            Tensor x = in[0];
            Tensor y = x.prod(1).sum().add(x.std(0).sum()).add(x.var(dims(1), 0, false).sum());
            return grad1(y, x).pow(2).sum();
        });
        expr("gg_gelu_softplus_elu", in -> {
            Tensor x = in[0];
            Tensor y = x.gelu().add(x.gelu(true)).add(x.softplus()).add(x.elu(1.0)).add(x.silu()).sum();
            return grad1(y, x).sin().sum();
        });
        expr("gg_gather_index_select", in -> {
            Tensor x = in[0];
            Tensor y = x.gather(1, in[1]).pow(3).sum().add(x.indexSelect(0, in[2]).pow(2).mul(in[3]).sum());
            Tensor g = grad1(y, x);
            return g.mul(g).mul(x).sum();
        });
        expr("third_order_sin_pow", in -> {
            Tensor x = in[0];
            Tensor g1 = grad1(x.sin().mul(x.pow(3)).sum(), x);
            return grad1(g1.sum(), x);
        });
        expr("gg_nonscalar_grad_outputs", in -> grad1(in[0].matmul(in[1]).tanh(), in[0], in[2]).pow(2).sum(1));
        expr("hvp_rosenbrock", in -> {
            Tensor x = in[0];
            Tensor head = x.slice(0, 0, 3);
            Tensor f = x.slice(0, 1, 4).sub(head.pow(2)).pow(2).mul(100).add(head.neg().add(1).pow(2)).sum();
            return grad1(f, x).mul(in[1]).sum();
        });
        expr("gg_amax_where", in -> {
            Tensor x = in[0];
            Tensor y = x.amax(dims(1), false).sum().add(Tensor.where(x.gt(0), x.pow(2), x.exp()).sum())
                    .add(x.max(0).values().sum());
            Tensor g = grad1(y, x);
            return g.mul(g).sum();
        });
        expr("gg_norms_minimum_clamp", in -> {
            Tensor x = in[0], y = in[1];
            Tensor f = x.norm(1, dims(1), false).sum().mul(x.norm(INF))
                    .add(x.minimum(y).mul(x.clamp(-0.5, 0.5)).sum());
            return grad1(f, x).mul(x).mul(y).sum();
        });
        expr("gg_views_joins_pad", in -> {
            Tensor x = in[0];
            Tensor y = x.t().pad(new int[] {1, 0}, 0.5).pow(3).sum()
                    .add(Tensor.stack(x.split(2, 1), 0).sin().sum())
                    .add(Tensor.cat(List.of(x.slice(1, 0, 4, 2), x.slice(0, 1, 3).t().reshape(2, 4).t()), 0)
                            .exp().sum());
            Tensor g = grad1(y, x);
            return g.mul(g).mul(x).sum();
        });
        expr("gg_scatter_softmax_permuted", in -> {
            Tensor x = in[0];
            Tensor y = x.permute(1, 0).softmax(0).t()
                    .mul(Tensor.zeros(DType.FLOAT64, 3, 4).scatterAdd(1, in[1], x.pow(2))).sum();
            return grad1(y, x).pow(2).sum();
        });
        expr("hvp_attention", in -> {
            Tensor q = in[0];
            Tensor y = q.matmul(in[1].transpose(-2, -1)).softmax(-1).matmul(in[2]).pow(2).sum();
            return grad1(y, q).mul(in[3]).sum();
        });
    }

    // ------------------------------------------------------------------------------------ the golden file

    record Values(int[] shape, double[] values) {
    }

    record Input(String dtype, boolean requiresGrad, int[] shape, JsonArray values) {
    }

    record Case(String name, int order, List<Input> inputs, Values gradOutput, Values output, List<Values> grads) {
    }

    record GoldenFile(String generator, String torchVersion, List<Case> cases) {
    }

    private static final GoldenFile GOLDEN = load();

    private static GoldenFile load() {
        Gson gson = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
        try (InputStream in = AutogradGoldenTest.class.getResourceAsStream("/golden/autograd_golden.json")) {
            if (in == null) {
                throw new IllegalStateException("golden/autograd_golden.json is missing from the test resources; "
                        + "regenerate it with golden/make_autograd_golden.py");
            }
            return gson.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), GoldenFile.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden/autograd_golden.json", e);
        }
    }

    private static Tensor tensor(Input in) {
        JsonArray v = in.values();
        int n = v.size();
        Storage storage = switch (in.dtype()) {
            case "float64" -> {
                double[] d = new double[n];
                Arrays.setAll(d, i -> v.get(i).getAsDouble());
                yield Storage.of(d);
            }
            case "int64" -> {
                long[] l = new long[n];
                Arrays.setAll(l, i -> v.get(i).getAsLong());
                yield Storage.of(l);
            }
            case "bool" -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    b[i] = v.get(i).getAsBoolean();
                }
                yield Storage.of(b);
            }
            default -> throw new IllegalArgumentException("unknown dtype " + in.dtype() + " in the golden file");
        };
        Tensor t = Tensor.of(storage, Shape.of(in.shape()));
        return in.requiresGrad() ? t.requiresGrad(true) : t;
    }

    private static Tensor tensor(Values v) {
        return Tensor.of(Storage.of(v.values().clone()), Shape.of(v.shape()));
    }

    // ------------------------------------------------------------------------------------ tests

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return GOLDEN.cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.name() + (c.order() > 1 ? " (order " + c.order() + ")" : ""),
                        () -> check(c)));
    }

    @Test
    void everyGoldenCaseHasAnExpressionAndViceVersa() {
        List<String> names = GOLDEN.cases().stream().map(Case::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).containsExactlyInAnyOrderElementsOf(EXPRESSIONS.keySet());
    }

    @Test
    void goldenFileCoversFirstAndHigherOrder() {
        assertThat(GOLDEN.cases().stream().filter(c -> c.order() == 1).count()).isGreaterThanOrEqualTo(40);
        assertThat(GOLDEN.cases().stream().filter(c -> c.order() > 1).count()).isGreaterThanOrEqualTo(8);
    }

    private static void check(Case c) {
        Function<Tensor[], Tensor> f = EXPRESSIONS.get(c.name());
        assertThat(f).as("Java expression for golden case %s", c.name()).isNotNull();
        Tensor[] inputs = c.inputs().stream().map(AutogradGoldenTest::tensor).toArray(Tensor[]::new);
        List<Tensor> wrt = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (c.inputs().get(i).requiresGrad()) {
                wrt.add(inputs[i]);
            }
        }
        Tensor out = f.apply(inputs);
        assertClose(c.name() + ": output", out, c.output());
        Tensor seed = c.gradOutput() == null ? null : tensor(c.gradOutput());
        Tensor[] grads = Autograd.grad(List.of(out), Arrays.asList(seed), wrt, BackwardOptions.DEFAULT);
        assertThat(grads).as("%s: number of gradients", c.name()).hasSize(c.grads().size());
        int k = 0;
        for (int i = 0; i < inputs.length; i++) {
            if (c.inputs().get(i).requiresGrad()) {
                assertClose(c.name() + ": gradient of input " + i, grads[k], c.grads().get(k));
                k++;
            }
        }
    }

    /** Shapes must match exactly; values when {@code |a - b| <= ATOL + RTOL |b|}, with b PyTorch's value. */
    private static void assertClose(String what, Tensor actual, Values expected) {
        assertThat(actual.shape()).as("%s: shape", what).isEqualTo(Shape.of(expected.shape()));
        assertThat(actual.dtype()).as("%s: dtype", what).isEqualTo(DType.FLOAT64);
        double[] a = actual.toDoubleArray();
        double[] b = expected.values();
        for (int i = 0; i < b.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= ATOL + RTOL * Math.abs(b[i]))) {
                fail("%s: flat element %d of shape %s is %s, PyTorch gives %s (difference %.3g, allowed %.3g)",
                        what, i, actual.shape(), a[i], b[i], Math.abs(a[i] - b[i]), ATOL + RTOL * Math.abs(b[i]));
            }
        }
    }
}
