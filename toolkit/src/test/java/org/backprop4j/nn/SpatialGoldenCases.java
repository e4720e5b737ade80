package org.backprop4j.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.backprop4j.ops.Padding;
import org.backprop4j.ops.Resampling.Mode;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.tensor.ValuesAndIndices;

/**
 * The backprop4j side of {@code golden/spatial_golden_cases.py} (run by {@code make_spatial_golden.py}): for each case
 * there, a builder of the same name that makes our module with the same settings and calls it the same way. The
 * outputs are the differentiable result first, then int64 results (pooling indices). Parameters and buffers are
 * placeholders; {@link SpatialGoldenTest} loads PyTorch's values into them.
 */
final class SpatialGoldenCases {
    private SpatialGoldenCases() {
    }

    /** A module and how a case calls it with the golden file's inputs. */
    record Built(Module module, Function<Tensor[], Tensor[]> forward) {
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

    /** A single-input module, called as {@code module.call(x)}. */
    private static void layer(String name, Supplier<Module> module) {
        add(name, () -> {
            Module m = module.get();
            return new Built(m, in -> new Tensor[] {m.call(in[0])});
        });
    }

    /** A max pooling called for its values and indices. */
    private static void withIndices(String name, Supplier<Module> module) {
        add(name, () -> {
            Module m = module.get();
            return new Built(m, in -> {
                ValuesAndIndices r = m instanceof MaxPoolNd p ? p.forwardWithIndices(in[0])
                        : m instanceof AdaptiveMaxPool1d a ? a.forwardWithIndices(in[0])
                        : ((AdaptiveMaxPool2d) m).forwardWithIndices(in[0]);
                return new Tensor[] {r.values(), r.indices()};
            });
        });
    }

    /** A max unpooling, called with values, indices and (when given) the output size. */
    private static void unpool(String name, Supplier<MaxUnpoolNd> module, int... size) {
        add(name, () -> {
            MaxUnpoolNd m = module.get();
            return new Built(m, in -> new Tensor[] {m.forward(in[0], in[1], size)});
        });
    }

    private static ConvOptions conv() {
        return ConvOptions.DEFAULT;
    }

    private static PoolOptions pool() {
        return PoolOptions.DEFAULT;
    }

    private static int[] ints(int... v) {
        return v;
    }

    static {
        convolution();
        pooling();
        normalization();
        resampling();
        padding();
        layer("volumetric_cnn", () -> new Sequential(
                new Conv3d(1, 4, 3, conv().withPadding(1).withPaddingMode(Padding.Mode.REPLICATE)),
                new BatchNorm3d(4), new Tanh(), new AvgPool3d(2, pool().withCeilMode(true)),
                Parametrizations.spectralNorm(new Conv3d(4, 4, 2)), new InstanceNorm3d(4, 1e-5, 0.1, true, false),
                new AdaptiveAvgPool3d(1), new Flatten(), new Linear(4, 2)));
    }

    private static void convolution() {
        layer("conv3d", () -> new Conv3d(2, 3, 3));
        layer("conv3d_tuples_groups", () -> new Conv3d(4, 6, 2, 3, 1, conv().withStride(1, 2, 1).withPadding(1, 0, 1)
                .withDilation(2, 1, 1).withGroups(2)));
        layer("conv3d_same_no_bias", () -> new Conv3d(2, 2, 3, 2, 2, conv().withSamePadding().withBias(false)));
        layer("conv3d_circular_same", () -> new Conv3d(2, 2, 3, 2, 3, conv().withSamePadding()
                .withPaddingMode(Padding.Mode.CIRCULAR)));
        layer("conv1d_reflect", () -> new Conv1d(2, 3, 3, conv().withPadding(2).withPaddingMode(Padding.Mode.REFLECT)));
        layer("conv2d_replicate_tuples", () -> new Conv2d(2, 2, 3, 2, conv().withStride(2, 1).withPadding(2, 1)
                .withPaddingMode(Padding.Mode.REPLICATE)));
        layer("conv2d_circular_dilation", () -> new Conv2d(3, 2, 3, conv().withPadding(1).withDilation(1, 2)
                .withPaddingMode(Padding.Mode.CIRCULAR)));
        layer("conv2d_reflect_same_even_kernel", () -> new Conv2d(2, 2, 2, 4, conv().withSamePadding()
                .withPaddingMode(Padding.Mode.REFLECT)));
        layer("conv_transpose1d", () -> new ConvTranspose1d(3, 2, 3));
        layer("conv_transpose1d_stride_output_padding_groups_dilation", () -> new ConvTranspose1d(4, 6, 3,
                conv().withStride(2).withPadding(1).withOutputPadding(1).withGroups(2).withDilation(2)));
        add("conv_transpose1d_output_size", () -> {
            ConvTranspose1d m = new ConvTranspose1d(2, 2, 3, conv().withStride(3).withPadding(1));
            return new Built(m, in -> new Tensor[] {m.forward(in[0], 11)});
        });
        layer("conv_transpose2d_output_padding_below_dilation", () -> new ConvTranspose2d(2, 2, 3,
                conv().withDilation(2).withOutputPadding(1)));
        layer("conv_transpose2d_tuple_output_padding", () -> new ConvTranspose2d(2, 3, 3, 2, conv().withStride(3, 2)
                .withPadding(1, 0).withOutputPadding(2, 1)));
        layer("conv_transpose3d", () -> new ConvTranspose3d(2, 3, 2, 3, 2, conv().withStride(2, 1, 2)
                .withPadding(0, 1, 1).withOutputPadding(1, 0, 1)));
        layer("conv_transpose3d_groups_dilation_no_bias", () -> new ConvTranspose3d(4, 2, 2, conv().withGroups(2)
                .withDilation(2).withBias(false)));
    }

    private static void pooling() {
        withIndices("max_pool1d_ceil_indices", () -> new MaxPool1d(3, pool().withStride(2).withPadding(1)
                .withCeilMode(true)));
        withIndices("max_pool2d_tuples_ceil_indices", () -> new MaxPool2d(3, 2, pool().withStride(2, 1)
                .withPadding(1, 0).withDilation(1, 2).withCeilMode(true)));
        layer("max_pool2d_unbatched", () -> new MaxPool2d(2));
        withIndices("max_pool3d_ceil_indices", () -> new MaxPool3d(2, 3, 2, pool().withStride(2).withPadding(0, 1, 1)
                .withCeilMode(true)));
        layer("max_pool3d", () -> new MaxPool3d(2, pool().withStride(1).withDilation(1, 2, 1)));
        layer("avg_pool1d_ceil_exclude_pad", () -> new AvgPool1d(3, pool().withStride(2).withPadding(1)
                .withCeilMode(true).withCountIncludePad(false)));
        layer("avg_pool2d_tuples_ceil_include_pad", () -> new AvgPool2d(3, 2, pool().withStride(2, 3).withPadding(1)
                .withCeilMode(true)));
        layer("avg_pool2d_divisor_override", () -> new AvgPool2d(2, pool().withStride(1).withPadding(1)
                .withDivisorOverride(3)));
        layer("avg_pool2d_unbatched", () -> new AvgPool2d(2));
        layer("avg_pool3d_ceil_exclude_pad", () -> new AvgPool3d(2, 2, 3, pool().withStride(1, 2, 2)
                .withPadding(1, 0, 1).withCeilMode(true).withCountIncludePad(false)));
        layer("avg_pool3d_divisor_override", () -> new AvgPool3d(2, pool().withDivisorOverride(5)));
        unpool("max_unpool1d", () -> new MaxUnpool1d(2));
        unpool("max_unpool2d_overlapping_output_size", () -> new MaxUnpool2d(3, 2, 1), 5, 6);
        unpool("max_unpool3d", () -> new MaxUnpool3d(2));
        layer("adaptive_avg_pool1d", () -> new AdaptiveAvgPool1d(3));
        layer("adaptive_avg_pool2d_none", () -> new AdaptiveAvgPool2d(null, 3));
        layer("adaptive_avg_pool2d_unbatched", () -> new AdaptiveAvgPool2d(2));
        layer("adaptive_avg_pool3d", () -> new AdaptiveAvgPool3d(2, null, 3));
        withIndices("adaptive_max_pool1d_indices", () -> new AdaptiveMaxPool1d(4));
        withIndices("adaptive_max_pool2d_none_indices", () -> new AdaptiveMaxPool2d(3, null));
        layer("adaptive_max_pool3d", () -> new AdaptiveMaxPool3d(2, 3, 2));
    }

    private static void normalization() {
        layer("instance_norm1d", () -> new InstanceNorm1d(3));
        layer("instance_norm1d_unbatched_affine", () -> new InstanceNorm1d(3, 1e-5, 0.1, true, false));
        layer("instance_norm2d_tracked_train", () -> new InstanceNorm2d(3, 1e-5, 0.3, true, true));
        layer("instance_norm2d_tracked_eval", () -> new InstanceNorm2d(3, 1e-5, 0.1, true, true));
        layer("instance_norm3d_eps", () -> new InstanceNorm3d(2, 1e-3, 0.1, false, false));
        layer("local_response_norm_3d", () -> new LocalResponseNorm(3));
        layer("local_response_norm_4d", () -> new LocalResponseNorm(4, 0.01, 0.5, 2.0));
        layer("local_response_norm_5d", () -> new LocalResponseNorm(2, 0.1, 0.75, 1.0));
        layer("batch_norm1d_cumulative_average", () -> new BatchNorm1d(3, 1e-5, null, true, true));
        layer("batch_norm2d_cumulative_old_checkpoint", () -> new BatchNorm2d(2, 1e-5, null, true, true));
        layer("batch_norm2d_old_checkpoint_eval", () -> new BatchNorm2d(2));
        layer("batch_norm3d_train", () -> new BatchNorm3d(2));
        layer("batch_norm3d_eval", () -> new BatchNorm3d(2));
        layer("weight_norm_linear", () -> Parametrizations.weightNorm(new Linear(4, 3)));
        layer("weight_norm_conv2d_whole_tensor", () -> Parametrizations.weightNorm(new Conv2d(2, 3, 2), "weight",
                null));
        layer("weight_norm_conv_transpose1d_dim1", () -> Parametrizations.weightNorm(new ConvTranspose1d(2, 3, 3),
                "weight", 1));
        layer("spectral_norm_linear_train", () -> Parametrizations.spectralNorm(new Linear(5, 4)));
        layer("spectral_norm_conv2d_eval", () -> Parametrizations.spectralNorm(new Conv2d(2, 3, 3)));
        layer("spectral_norm_conv_transpose2d_train_two_iterations", () -> Parametrizations.spectralNorm(
                new ConvTranspose2d(3, 2, 2), "weight", 2, 1e-12, null));
    }

    private static void resampling() {
        layer("upsample_nearest_scale2", () -> Upsample.scale(2));
        layer("upsample_nearest_size_1d", () -> Upsample.size(7));
        layer("upsample_nearest_fractional_scales", () -> Upsample.scale(1.7, 0.6));
        layer("upsample_nearest_exact", () -> Upsample.scale(1.5).withMode(Mode.NEAREST_EXACT));
        layer("upsample_nearest_3d_size", () -> Upsample.size(3, 5, 4));
        layer("upsample_linear_align_corners", () -> Upsample.scale(2.5).withMode(Mode.LINEAR).withAlignCorners(true));
        layer("upsample_linear_size", () -> Upsample.size(9).withMode(Mode.LINEAR));
        layer("upsample_bilinear_scale2", () -> Upsample.scale(2).withMode(Mode.BILINEAR));
        layer("upsample_bilinear_align_corners_size", () -> Upsample.size(5, 7).withMode(Mode.BILINEAR)
                .withAlignCorners(true));
        layer("upsample_bilinear_down_and_up", () -> Upsample.scale(0.6, 1.3).withMode(Mode.BILINEAR));
        layer("upsample_bilinear_unchanged_height", () -> Upsample.scale(1.3, 2.0).withMode(Mode.BILINEAR));
        layer("upsample_bilinear_recompute_scale", () -> new Upsample(null, new double[] {1.7}, Mode.BILINEAR, null,
                true));
        layer("upsample_trilinear", () -> Upsample.scale(1.5, 2, 1).withMode(Mode.TRILINEAR));
        layer("upsample_area", () -> Upsample.size(3, 2).withMode(Mode.AREA));
        layer("upsampling_nearest2d", () -> new UpsamplingNearest2d(3));
        layer("upsampling_bilinear2d", () -> new UpsamplingBilinear2d(4, 7));
        layer("pixel_shuffle", () -> new PixelShuffle(2));
        layer("pixel_shuffle_extra_batch_dims", () -> new PixelShuffle(3));
        layer("pixel_unshuffle", () -> new PixelUnshuffle(2));
        layer("fold", () -> new Fold(ints(4, 5), ints(2, 3), ints(1), ints(1, 0), ints(1, 2)));
        layer("fold_unbatched", () -> new Fold(3, 2));
        layer("unfold", () -> new Unfold(ints(2, 3), ints(2, 1), ints(1), ints(1, 2)));
        layer("unfold_unbatched", () -> new Unfold(2));
    }

    private static void padding() {
        layer("constant_pad1d_crop", () -> new ConstantPad1d(ints(2, -1), 3.5));
        layer("constant_pad2d", () -> new ConstantPad2d(ints(1, 0, 2, 1), -1.0));
        layer("constant_pad3d", () -> new ConstantPad3d(1, 0.5));
        layer("zero_pad1d", () -> new ZeroPad1d(ints(1, 2)));
        layer("zero_pad2d", () -> new ZeroPad2d(ints(1, 2, 0, 1)));
        layer("zero_pad3d", () -> new ZeroPad3d(ints(1, 0, 0, 1, 2, 1)));
        layer("reflection_pad1d", () -> new ReflectionPad1d(ints(3, 1)));
        layer("reflection_pad2d", () -> new ReflectionPad2d(ints(1, 2, 2, 1)));
        layer("reflection_pad2d_unbatched", () -> new ReflectionPad2d(1));
        layer("reflection_pad3d", () -> new ReflectionPad3d(ints(1, 0, 2, 1, 1, 1)));
        layer("replication_pad1d", () -> new ReplicationPad1d(ints(4, 2)));
        layer("replication_pad2d", () -> new ReplicationPad2d(ints(0, 3, 2, 1)));
        layer("replication_pad3d", () -> new ReplicationPad3d(2));
    }
}
