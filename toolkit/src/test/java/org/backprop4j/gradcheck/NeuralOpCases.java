package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.distinct;
import static org.backprop4j.gradcheck.Inputs.index;
import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.transposed;
import static org.backprop4j.gradcheck.Inputs.uniform;

import org.backprop4j.ops.AdaptivePooling;
import org.backprop4j.ops.Convolution;
import org.backprop4j.ops.Dropouts;
import org.backprop4j.ops.Losses;
import org.backprop4j.ops.Normalization;
import org.backprop4j.ops.Pooling;
import org.backprop4j.ops.Reduction;
import org.backprop4j.array.internal.Window;
import org.backprop4j.array.internal.Window3d;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * The neural-network op families that are not {@code Tensor} methods: convolution (im2col, col2im, conv1d/2d,
 * transposed), pooling, normalization and losses; cases for {@link OpCases}. Layers built on them are checked with
 * their parameters in {@code org.backprop4j.nn}.
 */
final class NeuralOpCases {
    private NeuralOpCases() {
    }

    static void addTo(OpCases.Catalog c) {
        convolution(c);
        pooling(c);
        normalization(c);
        losses(c);
        dropout(c);
    }

    private static void convolution(OpCases.Catalog c) {
        Window k3 = Window.of(3, 1, 1, 1);
        Window strided = new Window(2, 3, 2, 1, 1, 0, 1, 2);
        c.twice("im2col: 3x3, padding 1", "", in -> Convolution.im2col(in[0], k3, 0),
                r -> of(randn(r, 2, 2, 4, 4)));
        c.twice("im2col: 2x3 kernel, stride 2x1, padding 1x0, dilation 1x2", "",
                in -> Convolution.im2col(in[0], strided, 0), r -> of(randn(r, 1, 2, 5, 6)));
        c.twice("col2im: adjoint of im2col, 3x3 padding 1", "", in -> Convolution.col2im(in[0], 2, 4, 4, k3),
                r -> of(randn(r, 2, 18, 16)));
        c.twice("col2im: strided and dilated window", "", in -> Convolution.col2im(in[0], 2, 5, 6, strided),
                r -> of(randn(r, 1, 12, strided.outHeight(5) * strided.outWidth(6))));
        c.twice("conv2d: input, weight and bias", "", in -> Convolution.conv2d(in[0], in[1], in[2], k3, 1),
                r -> of(randn(r, 2, 3, 5, 5), randn(r, 4, 3, 3, 3), randn(r, 4)));
        c.twice("conv2d: groups 2, stride 2, dilation 2", "",
                in -> Convolution.conv2d(in[0], in[1], null, Window.of(2, 2, 1, 2), 2),
                r -> of(randn(r, 1, 4, 7, 7), randn(r, 6, 2, 2, 2)));
        c.twice("conv2d: transposed (non-contiguous) input", "",
                in -> Convolution.conv2d(in[0].transpose(2, 3), in[1], in[2], Window.of(2, 1, 0, 1), 1),
                r -> of(randn(r, 1, 2, 4, 3), randn(r, 3, 2, 2, 2), randn(r, 3)));
        c.twice("conv1d: stride 2, padding 1, dilation 2, groups 2", "",
                in -> Convolution.conv1d(in[0], in[1], in[2], 2, 1, 2, 2),
                r -> of(randn(r, 2, 4, 9), randn(r, 2, 2, 3), randn(r, 2)));
        c.twice("convTranspose2d: stride 2, padding 1, output padding 1", "",
                in -> Convolution.convTranspose2d(in[0], in[1], in[2], Window.of(3, 2, 1, 1), 1, 1, 1),
                r -> of(randn(r, 2, 3, 3, 3), randn(r, 3, 2, 3, 3), randn(r, 2)));
        c.twice("convTranspose2d: groups 2, dilation 2", "",
                in -> Convolution.convTranspose2d(in[0], in[1], null, Window.of(2, 1, 0, 2), 0, 0, 2),
                r -> of(randn(r, 1, 4, 3, 3), randn(r, 4, 1, 2, 2)));
    }

    private static Window3d window(int[] kernel, int[] stride, int[] padding, int[] dilation) {
        return new Window3d(kernel, stride, padding, dilation);
    }

    private static void pooling(OpCases.Catalog c) {
        Window3d k2 = window(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1});
        Window3d k3 = window(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1});
        c.twice("maxPool2d: 2x2 stride 2", "", in -> Pooling.maxPool(in[0], k2, false),
                r -> of(distinct(r, 2, 2, 4, 4)));
        c.twice("maxPool2d: 3x3 stride 2 padding 1 (padding never wins)", "",
                in -> Pooling.maxPool(in[0], k3, false), r -> of(distinct(r, 1, 2, 5, 5)));
        c.twice("maxPool1d: kernel 3 stride 1 dilation 2", "", in -> Pooling.maxPool(in[0],
                window(new int[] {3}, new int[] {1}, new int[] {0}, new int[] {2}), false),
                r -> of(distinct(r, 2, 2, 8)));
        c.twice("avgPool2d: 2x2 stride 1 padding 1, padding counted", "", in -> Pooling.avgPool(in[0],
                window(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}), false, true, 0),
                r -> of(randn(r, 1, 2, 3, 4)));
        c.twice("avgPool2d: 3x3 stride 2 padding 1, padding not counted", "",
                in -> Pooling.avgPool(in[0], k3, false, false, 0), r -> of(randn(r, 2, 1, 5, 5)));
        c.twice("avgPool1d: kernel 2 stride 2", "", in -> Pooling.avgPool(in[0],
                window(new int[] {2}, new int[] {2}, new int[] {0}, new int[] {1}), false, true, 0),
                r -> of(randn(r, 2, 3, 6)));
        c.twice("adaptiveAvgPool2d: 5x7 to 3x2 (overlapping bins)", "",
                in -> AdaptivePooling.avg(in[0], new int[] {3, 2}), r -> of(randn(r, 2, 2, 5, 7)));
        c.twice("adaptiveAvgPool2d: global, on a transposed leaf", "",
                in -> AdaptivePooling.avg(in[0], new int[] {1, 1}), r -> of(transposed(randn(r, 2, 3, 4, 4))));
    }

    private static void normalization(OpCases.Catalog c) {
        c.twice("batchNorm: training statistics of [N, C, H, W] with affine", "",
                in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5),
                r -> of(randn(r, 3, 2, 2, 2), randn(r, 2), randn(r, 2)));
        c.twice("batchNorm: training statistics of [N, C]", "",
                in -> Normalization.batchNorm(in[0], null, null, null, null, true, 0.1, 1e-5),
                r -> of(randn(r, 4, 3)));
        c.twice("batchNorm: evaluation with running statistics", "",
                in -> Normalization.batchNorm(in[0], Tensor.of(0.5, -0.2), Tensor.of(1.5, 0.7), in[1], in[2],
                        false, 0.1, 1e-5),
                r -> of(randn(r, 2, 2, 3), randn(r, 2), randn(r, 2)));
        c.twice("layerNorm: over the last two dimensions with affine", "",
                in -> Normalization.layerNorm(in[0], new int[] {2, 3}, in[1], in[2], 1e-5),
                r -> of(randn(r, 2, 2, 3), randn(r, 2, 3), randn(r, 2, 3)));
        c.twice("groupNorm: 2 groups of 2 channels with affine", "",
                in -> Normalization.groupNorm(in[0], 2, in[1], in[2], 1e-5),
                r -> of(randn(r, 2, 4, 3), randn(r, 4), randn(r, 4)));
    }

    private static void dropout(OpCases.Catalog c) {
        // a generator seeded afresh on every call, so each evaluation draws the same mask
        c.twice("dropout: p 0.3, one mask for every evaluation", "",
                in -> Dropouts.dropout(in[0], 0.3, Rng.seeded(11)), r -> of(randn(r, 4, 6)));
    }

    private static void losses(OpCases.Catalog c) {
        for (Reduction red : new Reduction[] {Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            c.twice("mse: " + red, "", in -> Losses.mse(in[0], in[1], red), r -> of(randn(r, 3, 2), randn(r, 3, 2)));
        }
        c.twice("l1", "", in -> Losses.l1(in[0], in[1], Reduction.MEAN),
                r -> of(uniform(r, 1, 2, 5), uniform(r, -1, 0, 5)));
        c.twice("smoothL1: beta 1 on both branches", "", in -> Losses.smoothL1(in[0], in[1], 1, Reduction.SUM),
                r -> of(Inputs.values(new int[] {4}, 0.3, -2.5, 0.6, 3.1), Inputs.values(new int[] {4}, 0, 0, 0, 0)));
        c.twice("huber: delta 0.5 on both branches", "", in -> Losses.huber(in[0], in[1], 0.5, Reduction.MEAN),
                r -> of(Inputs.values(new int[] {4}, 0.2, -1.5, -0.1, 2.0), randn(r, 4).mul(0.01).detach()
                        .requiresGrad(true)));
        c.twice("bce: probabilities with weight", "", in -> Losses.bce(in[0], in[1], in[2], Reduction.MEAN),
                r -> of(uniform(r, 0.1, 0.9, 2, 3), uniform(r, 0, 1, 2, 3), uniform(r, 0.5, 2, 3)));
        c.twice("bceWithLogits: pos weight and weight", "",
                in -> Losses.bceWithLogits(in[0], in[1], in[2], in[3], Reduction.MEAN),
                r -> of(randn(r, 2, 3).mul(3).detach().requiresGrad(true), uniform(r, 0, 1, 2, 3),
                        uniform(r, 0.5, 2, 2, 3), uniform(r, 0.5, 3, 3)));
        c.twice("crossEntropy: class indices with weights and an ignored target", "",
                in -> Losses.crossEntropy(in[0], index(new int[] {4}, 2, 0, -100, 1), in[1], -100, 0,
                        Reduction.MEAN),
                r -> of(randn(r, 4, 3), uniform(r, 0.5, 2, 3)));
        c.twice("crossEntropy: [N, C, d] indices with label smoothing", "",
                in -> Losses.crossEntropy(in[0], index(new int[] {2, 2}, 1, 0, 2, 2), null, -100, 0.2,
                        Reduction.MEAN),
                r -> of(randn(r, 2, 3, 2)));
        c.twice("crossEntropy: class probabilities, smoothing, sum", "",
                in -> Losses.crossEntropy(in[0], in[1].softmax(1), null, -100, 0.1, Reduction.SUM),
                r -> of(randn(r, 3, 4), randn(r, 3, 4)));
        c.twice("nll: weights, none", "", in -> Losses.nll(in[0], index(new int[] {3}, 1, 0, 1), in[1], -100,
                Reduction.NONE), r -> of(randn(r, 3, 2), uniform(r, 0.5, 2, 2)));
        c.twice("klDiv: batch mean", "",
                in -> Losses.klDiv(in[0].logSoftmax(1), in[1].softmax(1), false, Reduction.BATCH_MEAN),
                r -> of(randn(r, 2, 3), randn(r, 2, 3)));
        c.twice("klDiv: log target, mean", "",
                in -> Losses.klDiv(in[0], in[1].logSoftmax(1), true, Reduction.MEAN),
                r -> of(randn(r, 2, 3), randn(r, 2, 3)));
        c.twice("cosineEmbedding: similar and dissimilar pairs", "",
                in -> Losses.cosineEmbedding(in[0], in[1], Tensor.of(DType.FLOAT64, 1, -1, -1), -0.5,
                        Reduction.MEAN),
                r -> of(randn(r, 3, 4), randn(r, 3, 4)));
        c.twice("marginRanking", "", in -> Losses.marginRanking(in[0], in[1], Tensor.of(DType.FLOAT64, 1, -1, 1, -1),
                0.5, Reduction.SUM), r -> of(Inputs.values(new int[] {4}, 0.2, 0.1, -1.0, 2.0),
                        Inputs.values(new int[] {4}, 0.9, -0.8, 0.3, 1.1)));
        c.twice("tripletMargin: p 2 with swap", "",
                in -> Losses.tripletMargin(in[0], in[1], in[2], 1.5, 2, 1e-6, true, Reduction.MEAN),
                r -> of(randn(r, 3, 4), randn(r, 3, 4), randn(r, 3, 4)));
    }
}
