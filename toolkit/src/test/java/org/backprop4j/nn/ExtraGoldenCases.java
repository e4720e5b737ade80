package org.backprop4j.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.backprop4j.nn.SpatialGoldenCases.Built;
import org.backprop4j.tensor.Tensor;

/**
 * The backprop4j side of {@code golden/make_extra_golden.py}: for each case there, a builder of the same name that
 * makes our module with the same settings and calls it the same way (the differentiable result first, then int64
 * results). Parameters and buffers are placeholders; {@link ExtraGoldenTest} loads PyTorch's values into them.
 */
final class ExtraGoldenCases {
    private ExtraGoldenCases() {
    }

    private static final Map<String, Supplier<Built>> BUILDERS = new LinkedHashMap<>();

    static Map<String, Supplier<Built>> all() {
        return Collections.unmodifiableMap(BUILDERS);
    }

    private static void add(String name, Supplier<Built> builder) {
        if (BUILDERS.put(name, builder) != null) {
            throw new IllegalStateException("duplicate golden case " + name);
        }
    }

    private static void layer(String name, Supplier<Module> module) {
        add(name, () -> {
            Module m = module.get();
            return new Built(m, in -> new Tensor[] {m.call(in[0])});
        });
    }

    /**
     * The script's ASM subclass: {@code output ++ [loss] ++ logProb(input)} flattened as one differentiable result,
     * and {@code predict(input)}; a 1-D input is a batch of one for the last two.
     */
    private static void adaptive(String name, Supplier<AdaptiveLogSoftmaxWithLoss> module) {
        add(name, () -> {
            AdaptiveLogSoftmaxWithLoss m = module.get();
            return new Built(m, in -> {
                AdaptiveLogSoftmaxWithLoss.ASMOutput r = m.forward(in[0], in[1]);
                Tensor batch = in[0].dim() == 2 ? in[0] : in[0].unsqueeze(0);
                Tensor all = Tensor.cat(List.of(r.output().reshape(-1), r.loss().reshape(1),
                        m.logProb(batch).reshape(-1)), 0);
                return new Tensor[] {all, m.predict(batch)};
            });
        });
    }

    /** A fractional max pooling, called for its values alone or with its indices. */
    private static void fractional(String name, boolean withIndices, Supplier<FractionalMaxPoolNd> module) {
        add(name, () -> {
            FractionalMaxPoolNd m = module.get();
            return new Built(m, in -> {
                if (!withIndices) {
                    return new Tensor[] {m.call(in[0])};
                }
                var r = m.forwardWithIndices(in[0]);
                return new Tensor[] {r.values(), r.indices()};
            });
        });
    }

    private static int[] ints(int... v) {
        return v;
    }

    static {
        layer("relu6_at_kinks", ReLU6::new);
        layer("hardshrink_default_at_kinks", Hardshrink::new);
        layer("hardshrink_lambda_at_kinks", () -> new Hardshrink(1.25));
        layer("softshrink_default_at_kinks", Softshrink::new);
        layer("softshrink_lambda_at_kinks", () -> new Softshrink(0.75));
        layer("softshrink_zero_lambda", () -> new Softshrink(0));
        layer("tanhshrink", Tanhshrink::new);

        layer("lp_pool1d_p2", () -> new LPPool1d(2, 3));
        layer("lp_pool1d_p3_stride_ceil", () -> new LPPool1d(3, 3, 2, true));
        layer("lp_pool1d_p1_signed_sums", () -> new LPPool1d(1, 2));
        layer("lp_pool2d_p2", () -> new LPPool2d(2, 2));
        layer("lp_pool2d_tuples_ceil", () -> new LPPool2d(1.5, new int[] {3, 2}, new int[] {2, 1}, true));
        layer("lp_pool2d_unbatched", () -> new LPPool2d(4, 2, 1, false));

        fractional("fractional_max_pool2d_output_size_indices", true,
                () -> new FractionalMaxPool2d(ints(3), ints(4, 5), null, Tensor.zeros(2, 3, 2), null));
        fractional("fractional_max_pool2d_tuple_kernel_ratio", false,
                () -> new FractionalMaxPool2d(ints(2, 3), null, new double[] {0.5, 0.6}, Tensor.zeros(1, 2, 2), null));
        fractional("fractional_max_pool2d_unbatched_indices", true,
                () -> new FractionalMaxPool2d(ints(2), ints(3), null, Tensor.zeros(1, 2, 2), null));
        fractional("fractional_max_pool2d_one_output_row", false,
                () -> new FractionalMaxPool2d(ints(2), ints(1, 4), null, Tensor.zeros(1, 1, 2), null));
        fractional("fractional_max_pool3d_output_size_indices", true,
                () -> new FractionalMaxPool3d(ints(2), ints(3, 4, 3), null, Tensor.zeros(1, 2, 3), null));
        fractional("fractional_max_pool3d_tuple_kernel_ratio", false,
                () -> new FractionalMaxPool3d(ints(2, 1, 2), null, new double[] {0.5}, Tensor.zeros(2, 1, 3), null));

        adaptive("adaptive_log_softmax", () -> new AdaptiveLogSoftmaxWithLoss(16, 10, new int[] {4, 7}, 2.0, false));
        adaptive("adaptive_log_softmax_head_bias_empty_cluster",
                () -> new AdaptiveLogSoftmaxWithLoss(16, 12, new int[] {3, 8}, 4.0, true));
        adaptive("adaptive_log_softmax_unbatched", () -> new AdaptiveLogSoftmaxWithLoss(8, 6, new int[] {2}, 2.0, false));
    }
}
