package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.distinct;
import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.transposed;
import static org.backprop4j.gradcheck.Inputs.uniform;

import java.util.List;

import org.backprop4j.array.internal.Window3d;
import org.backprop4j.ops.AdaptivePooling;
import org.backprop4j.ops.Convolution;
import org.backprop4j.ops.Normalization;
import org.backprop4j.ops.Padding;
import org.backprop4j.ops.Pooling;
import org.backprop4j.ops.Resampling;
import org.backprop4j.ops.Resampling.Mode;
import org.backprop4j.ops.TableGather;
import org.backprop4j.tensor.Tensor;

/**
 * The spatial op families of issue 17, for {@link OpCases}: the table-gather primitive pair, 1-D to 3-D windows
 * (vol2col, col2vol, convolutions and transposed convolutions with their weights and biases as inputs, so second
 * derivatives cover the weights too), pooling with ceil mode, divisors and indices, unpooling, adaptive pooling,
 * padding modes, resampling and instance and local response normalization. Every case is checked at second order:
 * the max-based ones on distinct values (no ties), the rest are smooth.
 */
final class SpatialOpCases {
    private SpatialOpCases() {
    }

    static void addTo(OpCases.Catalog c) {
        tables(c);
        convolution(c);
        pooling(c);
        padding(c);
        resampling(c);
        normalization(c);
    }

    private static Window3d window(int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return new Window3d(kernel, stride, padding, dilation);
    }

    private static int[] ints(int... v) {
        return v;
    }

    private static void tables(OpCases.Catalog c) {
        int[] table = {2, -1, 0, 2, 1, 3, -1, 0};
        c.twice("tableGather: repeats and fills", "", in -> TableGather.gather(in[0], table, 0.5),
                r -> of(randn(r, 2, 3, 4)));
        c.twice("tableGather: on a transposed leaf", "", in -> TableGather.gather(in[0], table, 0),
                r -> of(transposed(randn(r, 2, 4, 3))));
        c.twice("tableScatter: adds repeats, drops -1", "", in -> TableGather.scatterAdd(in[0], table, 4),
                r -> of(randn(r, 3, 8)));
    }

    private static void convolution(OpCases.Catalog c) {
        Window3d k3 = window(ints(2, 3, 2), ints(1, 2, 1), ints(1, 0, 1), ints(1, 1, 2));
        c.twice("vol2col: 3-D window, strided, padded, dilated", "", in -> Convolution.vol2col(in[0], k3,
                ints(5, 2, 3), 0), r -> of(randn(r, 2, 2, 4, 5, 4)));
        c.twice("col2vol: adjoint of vol2col", "", in -> Convolution.col2vol(in[0], 2, ints(4, 5, 4), ints(5, 2, 3),
                k3), r -> of(randn(r, 2, 24, 30)));
        c.twice("conv3d: input, weight and bias", "", in -> Convolution.conv(in[0], in[1], in[2],
                window(ints(2, 2, 2), ints(1, 1, 1), ints(1, 0, 0), ints(1, 1, 1)), 1),
                r -> of(randn(r, 2, 2, 3, 3, 3), randn(r, 3, 2, 2, 2, 2), randn(r, 3)));
        c.twice("conv3d: groups 2, stride 2, dilation (1, 2, 1)", "", in -> Convolution.conv(in[0], in[1], null,
                window(ints(2, 2, 1), ints(2, 2, 1), ints(0, 1, 0), ints(1, 2, 1)), 2),
                r -> of(randn(r, 1, 4, 4, 4, 3), randn(r, 2, 2, 2, 2, 1)));
        c.twice("conv3d: 1-D window through the table path", "", in -> Convolution.conv(in[0], in[1], in[2],
                window(ints(3), ints(2), ints(1), ints(1)), 1),
                r -> of(randn(r, 2, 2, 6), randn(r, 3, 2, 3), randn(r, 3)));
        c.twice("convTranspose1d: stride 2, output padding 1, groups 2", "", in -> Convolution.convTranspose(in[0],
                in[1], in[2], window(ints(3), ints(2), ints(1), ints(1)), ints(1), 2),
                r -> of(randn(r, 2, 4, 3), randn(r, 4, 1, 3), randn(r, 2)));
        c.twice("convTranspose3d: tuple stride, padding and output padding", "", in -> Convolution.convTranspose(
                in[0], in[1], in[2], window(ints(2, 3, 2), ints(2, 1, 2), ints(0, 1, 1), ints(1, 1, 1)),
                ints(1, 0, 1), 1), r -> of(randn(r, 1, 2, 2, 3, 2), randn(r, 2, 3, 2, 3, 2), randn(r, 3)));
        c.twice("convTranspose2d: output padding past the stride (table path)", "", in -> Convolution.convTranspose2d(
                in[0], in[1], in[2], new org.backprop4j.array.internal.Window(3, 3, 1, 1, 0, 0, 2, 2), 1, 1, 1),
                r -> of(randn(r, 1, 2, 3, 3), randn(r, 2, 2, 3, 3), randn(r, 2)));
    }

    private static void pooling(OpCases.Catalog c) {
        Window3d ceil1 = window(ints(3), ints(2), ints(1), ints(1));
        Window3d tuple2 = window(ints(3, 2), ints(2, 1), ints(1, 0), ints(1, 2));
        Window3d cube = window(ints(2, 3, 2), ints(2, 2, 2), ints(0, 1, 1), ints(1, 1, 1));
        c.twice("maxPool1d: ceil mode, padding", "", in -> Pooling.maxPool(in[0], ceil1, true),
                r -> of(distinct(r, 2, 2, 8)));
        c.twice("maxPool2d: tuple kernel, stride, padding, dilation, ceil mode, values with indices", "",
                in -> Pooling.maxPoolWithIndices(in[0], tuple2, true).values(), r -> of(distinct(r, 1, 2, 7, 6)));
        c.twice("maxPool3d: ceil mode", "", in -> Pooling.maxPool(in[0], cube, true),
                r -> of(distinct(r, 1, 2, 5, 5, 4)));
        c.twice("avgPool1d: ceil mode, padding not counted", "", in -> Pooling.avgPool(in[0], ceil1, true, false, 0),
                r -> of(randn(r, 2, 2, 8)));
        c.twice("avgPool2d: ceil mode, padding counted", "", in -> Pooling.avgPool(in[0],
                window(ints(3, 2), ints(2, 3), ints(1, 1), ints(1, 1)), true, true, 0), r -> of(randn(r, 1, 2, 6, 7)));
        c.twice("avgPool2d: divisor override", "", in -> Pooling.avgPool(in[0],
                window(ints(2, 2), ints(1, 1), ints(1, 1), ints(1, 1)), false, true, 3), r -> of(randn(r, 2, 1, 3, 4)));
        c.twice("avgPool3d: ceil mode, padding not counted", "", in -> Pooling.avgPool(in[0],
                window(ints(2, 2, 3), ints(1, 2, 2), ints(1, 0, 1), ints(1, 1, 1)), true, false, 0),
                r -> of(randn(r, 1, 2, 4, 5, 6)));
        Tensor indices = Tensor.of(1L, 2, 4, 7, 0, 3, 5, 6).reshape(1, 2, 2, 2);
        c.twice("maxUnpool2d: values written at the indices", "", in -> Pooling.maxUnpool(in[0], indices,
                ints(3, 3)), r -> of(randn(r, 1, 2, 2, 2)));
        c.twice("maxUnpool1d: unpooling the maxima of a pooling", "", in -> {
            var p = Pooling.maxPoolWithIndices(in[0], window(ints(2), ints(2), ints(0), ints(1)), false);
            return Pooling.maxUnpool(p.values(), p.indices(), ints(6));
        }, r -> of(distinct(r, 2, 2, 6)));
        c.twice("adaptiveAvgPool1d: overlapping bins", "", in -> AdaptivePooling.avg(in[0], ints(3)),
                r -> of(randn(r, 2, 3, 7)));
        c.twice("adaptiveAvgPool3d: on a transposed leaf", "", in -> AdaptivePooling.avg(in[0], ints(2, 3, 2)),
                r -> of(transposed(randn(r, 1, 2, 5, 3, 4))));
        c.twice("adaptiveMaxPool1d: overlapping bins", "", in -> AdaptivePooling.max(in[0], ints(4)).values(),
                r -> of(distinct(r, 2, 2, 9)));
        c.twice("adaptiveMaxPool2d: unbatched", "", in -> AdaptivePooling.max(in[0], ints(3, 2)).values(),
                r -> of(distinct(r, 2, 7, 5)));
    }

    private static void padding(OpCases.Catalog c) {
        for (Padding.Mode mode : List.of(Padding.Mode.REFLECT, Padding.Mode.REPLICATE, Padding.Mode.CIRCULAR)) {
            c.twice("pad " + mode.torchName() + ": 1-D", "", in -> Padding.pad(in[0], ints(2, 1), mode, 0),
                    r -> of(randn(r, 2, 2, 4)));
            c.twice("pad " + mode.torchName() + ": 2-D, unbatched", "", in -> Padding.pad(in[0], ints(1, 2, 2, 0),
                    mode, 0), r -> of(randn(r, 2, 3, 4)));
            c.twice("pad " + mode.torchName() + ": 3-D", "", in -> Padding.pad(in[0], ints(1, 0, 0, 1, 1, 1), mode,
                    0), r -> of(randn(r, 1, 1, 2, 3, 3)));
        }
    }

    private static void resampling(OpCases.Catalog c) {
        c.twice("interpolate nearest: fractional scales", "", in -> Resampling.interpolate(in[0], null,
                new double[] {1.7, 0.6}, Mode.NEAREST, null, false), r -> of(randn(r, 1, 2, 5, 7)));
        c.twice("interpolate nearest-exact: 3-D size", "", in -> Resampling.interpolate(in[0], ints(3, 5, 4), null,
                Mode.NEAREST_EXACT, null, false), r -> of(randn(r, 1, 1, 2, 3, 3)));
        c.twice("interpolate linear: aligned corners", "", in -> Resampling.interpolate(in[0], null,
                new double[] {2.5}, Mode.LINEAR, true, false), r -> of(randn(r, 2, 2, 4)));
        c.twice("interpolate bilinear: half-pixel centres", "", in -> Resampling.interpolate(in[0], null,
                new double[] {0.6, 1.3}, Mode.BILINEAR, false, false), r -> of(randn(r, 1, 2, 5, 6)));
        c.twice("interpolate bilinear: aligned corners, on a transposed leaf", "", in -> Resampling.interpolate(
                in[0], ints(5, 7), null, Mode.BILINEAR, true, false), r -> of(transposed(randn(r, 1, 2, 4, 3))));
        c.twice("interpolate trilinear", "", in -> Resampling.interpolate(in[0], null, new double[] {1.5, 2, 1},
                Mode.TRILINEAR, null, false), r -> of(randn(r, 1, 2, 2, 3, 3)));
        c.twice("interpolate area", "", in -> Resampling.interpolate(in[0], ints(3, 2), null, Mode.AREA, null,
                false), r -> of(randn(r, 1, 2, 7, 5)));
        c.twice("pixelShuffle: extra batch dimensions", "", in -> Resampling.pixelShuffle(in[0], 2),
                r -> of(randn(r, 2, 1, 8, 2, 3)));
        c.twice("pixelUnshuffle", "", in -> Resampling.pixelUnshuffle(in[0], 2), r -> of(randn(r, 1, 2, 4, 6)));
    }

    private static void normalization(OpCases.Catalog c) {
        c.twice("instanceNorm: input statistics with affine", "", in -> Normalization.instanceNorm(in[0], null, null,
                in[1], in[2], true, 0.1, 1e-5), r -> of(randn(r, 2, 3, 4), randn(r, 3), randn(r, 3)));
        c.twice("instanceNorm: running statistics", "", in -> Normalization.instanceNorm(in[0],
                Tensor.of(0.3, -0.2), Tensor.of(1.4, 0.6), in[1], in[2], false, 0.1, 1e-5),
                r -> of(randn(r, 2, 2, 2, 3), randn(r, 2), randn(r, 2)));
        c.twice("localResponseNorm: 3-D input", "", in -> Normalization.localResponseNorm(in[0], 3, 0.5, 0.75, 1),
                r -> of(randn(r, 2, 5, 3)));
        c.twice("localResponseNorm: 4-D input, even size", "", in -> Normalization.localResponseNorm(in[0], 2, 0.1,
                0.5, 2), r -> of(uniform(r, -2, 2, 1, 4, 2, 3)));
    }
}
