package org.backprop4j.nn.functional;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.Window;
import org.backprop4j.array.internal.Window3d;
import org.backprop4j.nn.AlphaDropout;
import org.backprop4j.nn.Dropout;
import org.backprop4j.nn.Dropout1d;
import org.backprop4j.nn.Dropout2d;
import org.backprop4j.nn.Dropout3d;
import org.backprop4j.nn.FeatureAlphaDropout;
import org.backprop4j.nn.FractionalMaxPool2d;
import org.backprop4j.nn.FractionalMaxPool3d;
import org.backprop4j.ops.Activations;
import org.backprop4j.ops.AdaptivePooling;
import org.backprop4j.ops.Convolution;
import org.backprop4j.ops.Ctc;
import org.backprop4j.ops.Distances;
import org.backprop4j.ops.Embeddings;
import org.backprop4j.ops.LikelihoodLosses;
import org.backprop4j.ops.LinAlg;
import org.backprop4j.ops.Losses;
import org.backprop4j.ops.MarginLosses;
import org.backprop4j.ops.Normalization;
import org.backprop4j.ops.Padding;
import org.backprop4j.ops.Pooling;
import org.backprop4j.ops.Reduction;
import org.backprop4j.ops.Resampling;
import org.backprop4j.tensor.Tensor;

/**
 * The layers and losses as functions (PyTorch's {@code torch.nn.functional}): the same computations as the
 * modules, with parameters passed in, PyTorch's names in camelCase and PyTorch's defaults. Each method is one call
 * into the op family the module also calls, so results and gradients are the modules' bit for bit.
 *
 * With {@code import static org.backprop4j.nn.functional.F.*}:
 * {@snippet file="ModuleSnippets.java" region="functional"}
 *
 * Shapes are the modules' (see {@code Conv2d}, {@code Linear}, ...). Losses reduce by their mean unless a
 * {@link Reduction} is given.
 */
public final class F {
    private F() {
    }

    // ---------------------------------------------------------------- linear and convolution

    /** {@code x W^T}: input {@code [*, in]}, weight {@code [out, in]}, output {@code [*, out]}. */
    public static Tensor linear(Tensor x, Tensor weight) { return linear(x, weight, null); }
    /** {@code x W^T + b}; {@code bias} {@code [out]} may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        requireRank("F.linear", weight, 2, "[out, in]");
        Check.lastDim("F.linear", x, weight.size(1), "weight.size(1)");
        return LinAlg.linear(x, weight, bias);
    }

    /** 2-D convolution of {@code [N, C, H, W]} with weight {@code [O, C, kH, kW]}: stride 1, no padding. */
    public static Tensor conv2d(Tensor x, Tensor weight) { return conv2d(x, weight, null, 1, 0, 1, 1); }
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) { return conv2d(x, weight, bias, 1, 0, 1, 1); }
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) { return conv2d(x, weight, bias, stride, padding, 1, 1); }
    /** 2-D convolution; weight {@code [O, C / groups, kH, kW]}, bias {@code [O]} or null. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation,
            int groups) {
        requireRank("F.conv2d", weight, 4, "[O, C / groups, kH, kW]");
        Window k = convWindow("F.conv2d", weight.size(2), weight.size(3), stride, padding, dilation);
        return Convolution.conv2d(x, weight, bias, k, groups);
    }

    /** 1-D convolution of {@code [N, C, L]} with weight {@code [O, C, k]}: stride 1, no padding. */
    public static Tensor conv1d(Tensor x, Tensor weight) { return conv1d(x, weight, null, 1, 0, 1, 1); }
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) { return conv1d(x, weight, bias, 1, 0, 1, 1); }
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) { return Convolution.conv1d(x, weight, bias, stride, padding, dilation, groups); }

    /** Transposed 2-D convolution: weight {@code [C, O / groups, kH, kW]}, stride 1, no padding. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) { return convTranspose2d(x, weight, bias, 1, 0, 0, 1, 1); }
    /** Transposed 2-D convolution with PyTorch's argument order (output padding before groups and dilation). */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding,
            int outputPadding, int groups, int dilation) {
        requireRank("F.convTranspose2d", weight, 4, "[C, O / groups, kH, kW]");
        Window k = convWindow("F.convTranspose2d", weight.size(2), weight.size(3), stride, padding, dilation);
        return Convolution.convTranspose2d(x, weight, bias, k, outputPadding, outputPadding, groups);
    }

    // ---------------------------------------------------------------- pooling

    /** Max over {@code kernel x kernel} windows of {@code [N, C, H, W]}, stride = kernel. */
    public static Tensor maxPool2d(Tensor x, int kernel) { return maxPool2d(x, kernel, kernel, 0, 1); }
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) { return maxPool2d(x, kernel, stride, padding, 1); }
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding, int dilation) { return Pooling.maxPool(x, window("F.maxPool2d", 2, kernel, stride, padding, dilation), false); }
    public static Tensor maxPool3d(Tensor x, int kernel) { return Pooling.maxPool(x, window("F.maxPool3d", 3, kernel, kernel, 0, 1), false); }
    public static Tensor maxPool1d(Tensor x, int kernel) { return maxPool1d(x, kernel, kernel, 0, 1); }
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, int dilation) { return Pooling.maxPool(x, window("F.maxPool1d", 1, kernel, stride, padding, dilation), false); }

    /** Mean over {@code kernel x kernel} windows of {@code [N, C, H, W]}, stride = kernel. */
    public static Tensor avgPool2d(Tensor x, int kernel) { return avgPool2d(x, kernel, kernel, 0, true); }
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) { return avgPool2d(x, kernel, stride, padding, true); }
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding, boolean countIncludePad) { return Pooling.avgPool(x, window("F.avgPool2d", 2, kernel, stride, padding, 1), false, countIncludePad, 0); }
    public static Tensor avgPool3d(Tensor x, int kernel) { return Pooling.avgPool(x, window("F.avgPool3d", 3, kernel, kernel, 0, 1), false, true, 0); }
    public static Tensor avgPool1d(Tensor x, int kernel) { return avgPool1d(x, kernel, kernel, 0, true); }
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean countIncludePad) { return Pooling.avgPool(x, window("F.avgPool1d", 1, kernel, stride, padding, 1), false, countIncludePad, 0); }
    /** Adaptive average pooling to {@code size} per spatial dimension (one value for all, or one each). */
    public static Tensor adaptiveAvgPool2d(Tensor x, int size) { return AdaptivePooling.avg(x, new int[] {size, size}); }
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) { return AdaptivePooling.avg(x, new int[] {outH, outW}); }
    public static Tensor adaptiveMaxPool2d(Tensor x, int outH, int outW) { return AdaptivePooling.max(x, new int[] {outH, outW}).values(); }
    /** Power-average pooling {@code (sum x^p)^(1/p)} over windows of length {@code kernel}, stride = kernel. */
    public static Tensor lpPool1d(Tensor x, double normType, int kernel) { return lpPool1d(x, normType, kernel, kernel, false); }
    public static Tensor lpPool1d(Tensor x, double normType, int kernel, int stride, boolean ceilMode) { return Pooling.lpPool(x, normType, window("F.lpPool1d", 1, kernel, stride, 0, 1), ceilMode); }
    /** Power-average pooling over {@code kernel x kernel} windows of {@code [N, C, H, W]}, stride = kernel. */
    public static Tensor lpPool2d(Tensor x, double normType, int kernel) { return lpPool2d(x, normType, kernel, kernel, false); }
    public static Tensor lpPool2d(Tensor x, double normType, int kernel, int stride, boolean ceilMode) { return Pooling.lpPool(x, normType, window("F.lpPool2d", 2, kernel, stride, 0, 1), ceilMode); }
    /**
     * Fractional max pooling of {@code [N, C, H, W]} (or {@code [C, H, W]}) to {@code outputSize} (one value or
     * {@code {H, W}}), windows placed by {@code randomSamples} {@code [N, C, 2]} (PyTorch's {@code _random_samples})
     * or, if null, by draws from the global generator; the layer's code, run once.
     */
    public static Tensor fractionalMaxPool2d(Tensor x, int[] kernel, int[] outputSize, Tensor randomSamples) { return new FractionalMaxPool2d(kernel, outputSize, null, randomSamples, null).forward(x); }
    /** As {@link #fractionalMaxPool2d} for {@code [N, C, D, H, W]}, samples {@code [N, C, 3]}. */
    public static Tensor fractionalMaxPool3d(Tensor x, int[] kernel, int[] outputSize, Tensor randomSamples) { return new FractionalMaxPool3d(kernel, outputSize, null, randomSamples, null).forward(x); }

    // ---------------------------------------------------------------- padding and resampling

    /** {@code F.pad}: {@code pads} holds (before, after) pairs from the last dimension. */
    public static Tensor pad(Tensor x, int[] pads) { return Padding.pad(x, pads, Padding.Mode.CONSTANT, 0); }
    public static Tensor pad(Tensor x, int[] pads, Padding.Mode mode, double value) { return Padding.pad(x, pads, mode, value); }
    /** {@code F.interpolate} to {@code size} (one value per spatial dimension). */
    public static Tensor interpolate(Tensor x, int[] size, Resampling.Mode mode) { return Resampling.interpolate(x, size, null, mode, null, false); }
    public static Tensor interpolate(Tensor x, double scaleFactor, Resampling.Mode mode, Boolean alignCorners) { return Resampling.interpolate(x, null, new double[] {scaleFactor}, mode, alignCorners, false); }
    public static Tensor pixelShuffle(Tensor x, int upscale) { return Resampling.pixelShuffle(x, upscale); }
    public static Tensor pixelUnshuffle(Tensor x, int downscale) { return Resampling.pixelUnshuffle(x, downscale); }
    /** Interleaves the channels of {@code groups} groups of {@code [N, C, *]} (see {@code ChannelShuffle}). */
    public static Tensor channelShuffle(Tensor x, int groups) { return Resampling.channelShuffle("F.channelShuffle", x, groups); }

    // ---------------------------------------------------------------- activations

    public static Tensor relu(Tensor x) { return Activations.relu(x); }
    /** {@code min(max(x, 0), 6)}. */
    public static Tensor relu6(Tensor x) { return Activations.relu6(x); }
    /** Negative slope 0.01. */
    public static Tensor leakyRelu(Tensor x) { return Activations.leakyRelu(x, 0.01); }
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return Activations.leakyRelu(x, negativeSlope); }
    /** Alpha 1. */
    public static Tensor elu(Tensor x) { return Activations.elu(x, 1.0); }
    public static Tensor elu(Tensor x, double alpha) { return Activations.elu(x, alpha); }
    public static Tensor selu(Tensor x) { return Activations.selu(x); }
    /** The exact GELU. */
    public static Tensor gelu(Tensor x) { return Activations.gelu(x, false); }
    /** GELU; {@code tanhApproximation} is PyTorch's {@code approximate='tanh'}. */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) { return Activations.gelu(x, tanhApproximation); }
    public static Tensor silu(Tensor x) { return Activations.silu(x); }
    public static Tensor sigmoid(Tensor x) { return Activations.sigmoid(x); }
    public static Tensor tanh(Tensor x) { return Activations.tanh(x); }
    /** Beta 1, threshold 20. */
    public static Tensor softplus(Tensor x) { return Activations.softplus(x, 1, 20); }
    public static Tensor softplus(Tensor x, double beta, double threshold) { return Activations.softplus(x, beta, threshold); }
    /** Clamps into [-1, 1]. */
    public static Tensor hardtanh(Tensor x) { return Activations.hardtanh(x, -1, 1); }
    public static Tensor hardtanh(Tensor x, double min, double max) { return Activations.hardtanh(x, min, max); }
    public static Tensor softmax(Tensor x, int dim) { return Activations.softmax(x, dim); }
    public static Tensor logSoftmax(Tensor x, int dim) { return Activations.logSoftmax(x, dim); }
    public static Tensor softmin(Tensor x, int dim) { return Activations.softmin(x, dim); }
    public static Tensor mish(Tensor x) { return Activations.mish(x); }
    public static Tensor hardswish(Tensor x) { return Activations.hardswish(x); }
    public static Tensor hardsigmoid(Tensor x) { return Activations.hardsigmoid(x); }
    public static Tensor logSigmoid(Tensor x) { return Activations.logSigmoid(x); }
    public static Tensor softsign(Tensor x) { return Activations.softsign(x); }
    public static Tensor celu(Tensor x, double alpha) { return Activations.celu(x, alpha); }
    public static Tensor threshold(Tensor x, double threshold, double value) { return Activations.threshold(x, threshold, value); }
    /** Gated linear unit: the first half of {@code dim} times the sigmoid of the second. */
    public static Tensor glu(Tensor x, int dim) { return Activations.glu(x, dim); }
    public static Tensor prelu(Tensor x, Tensor weight) { return Activations.prelu(x, weight); }
    public static Tensor rrelu(Tensor x, double lower, double upper, boolean training, Rng rng) { return Activations.rrelu(x, lower, upper, training, rng); }
    /** Lambda 0.5. */
    public static Tensor hardshrink(Tensor x) { return Activations.hardshrink(x, 0.5); }
    public static Tensor hardshrink(Tensor x, double lambd) { return Activations.hardshrink(x, lambd); }
    /** Lambda 0.5. */
    public static Tensor softshrink(Tensor x) { return Activations.softshrink(x, 0.5); }
    public static Tensor softshrink(Tensor x, double lambd) { return Activations.softshrink(x, lambd); }
    public static Tensor tanhshrink(Tensor x) { return Activations.tanhshrink(x); }

    // ---------------------------------------------------------------- dropout (the modules' code, run once)

    /** Dropout with p = 0.5 in training mode, from the global generator. */
    public static Tensor dropout(Tensor x) { return dropout(x, 0.5, true, null); }
    public static Tensor dropout(Tensor x, double p, boolean training) { return dropout(x, p, training, null); }
    /** Zeroes each element with probability {@code p} when {@code training}, scaling the rest by {@code 1/(1-p)}. */
    public static Tensor dropout(Tensor x, double p, boolean training, Rng rng) { Dropout d = new Dropout(p, rng); return training ? d.forward(x) : x; }
    /** Zeroes whole channels of {@code [N, C, H, W]}. */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Rng rng) { Dropout2d d = new Dropout2d(p, rng); return training ? d.forward(x) : x; }
    /** Zeroes whole channels of {@code [N, C, L]} or unbatched {@code [C, L]}. */
    public static Tensor dropout1d(Tensor x, double p, boolean training) { return dropout1d(x, p, training, null); }
    public static Tensor dropout1d(Tensor x, double p, boolean training, Rng rng) { Dropout1d d = new Dropout1d(p, rng); return d.train(training).forward(x); }
    /** Zeroes whole channels of {@code [N, C, D, H, W]} or unbatched {@code [C, D, H, W]}. */
    public static Tensor dropout3d(Tensor x, double p, boolean training) { return dropout3d(x, p, training, null); }
    public static Tensor dropout3d(Tensor x, double p, boolean training, Rng rng) { Dropout3d d = new Dropout3d(p, rng); return d.train(training).forward(x); }
    /** Dropout that keeps zero mean and unit variance, for SELU networks (see {@code AlphaDropout}). */
    public static Tensor alphaDropout(Tensor x, double p, boolean training) { return alphaDropout(x, p, training, null); }
    public static Tensor alphaDropout(Tensor x, double p, boolean training, Rng rng) { AlphaDropout d = new AlphaDropout(p, rng); return d.train(training).forward(x); }
    /** {@code alphaDropout} of whole channels of {@code [N, C, *]}. */
    public static Tensor featureAlphaDropout(Tensor x, double p, boolean training) { return featureAlphaDropout(x, p, training, null); }
    public static Tensor featureAlphaDropout(Tensor x, double p, boolean training, Rng rng) { FeatureAlphaDropout d = new FeatureAlphaDropout(p, rng); return d.train(training).forward(x); }

    // ---------------------------------------------------------------- normalization

    /** Batch normalization with running statistics (evaluation), no affine map: momentum 0.1, eps 1e-5. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar) { return batchNorm(x, runningMean, runningVar, null, null, false, 0.1, 1e-5); }
    /**
     * Batch normalization over the channels of {@code [N, C, ...]}; in training, batch statistics, and running
     * statistics (if given) are updated in place.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training, double momentum, double eps) { return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps); }
    /** Layer normalization over the trailing {@code normalizedShape}, eps 1e-5, no affine map. */
    public static Tensor layerNorm(Tensor x, int... normalizedShape) { return Normalization.layerNorm(x, normalizedShape, null, null, 1e-5); }
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) { return Normalization.layerNorm(x, normalizedShape, weight, bias, eps); }
    public static Tensor groupNorm(Tensor x, int numGroups) { return Normalization.groupNorm(x, numGroups, null, null, 1e-5); }
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) { return Normalization.groupNorm(x, numGroups, weight, bias, eps); }

    // ---------------------------------------------------------------- embedding

    /** Rows of {@code weight [num, dim]} at int64 {@code indices [*]}: output {@code [*, dim]}. */
    public static Tensor embedding(Tensor indices, Tensor weight) { return embedding(indices, weight, null); }
    /** As {@link #embedding(Tensor, Tensor)}; the row at {@code paddingIdx} (negative: from the end) gets no gradient. */
    public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
        Check.dtype("F.embedding", "indices", indices, DType.INT64);
        requireRank("F.embedding", weight, 2, "[numEmbeddings, embeddingDim]");
        Integer pad = paddingIdx;
        if (pad != null && pad < 0) {
            pad += weight.size(0);
        }
        return Embeddings.embedding(weight, indices, pad, false);
    }

    // ---------------------------------------------------------------- losses

    public static Tensor mseLoss(Tensor input, Tensor target) { return Losses.mse(input, target, Reduction.MEAN); }
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { return Losses.mse(input, target, reduction); }
    public static Tensor l1Loss(Tensor input, Tensor target) { return Losses.l1(input, target, Reduction.MEAN); }
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) { return Losses.l1(input, target, reduction); }
    /** Beta 1. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return Losses.smoothL1(input, target, 1.0, Reduction.MEAN); }
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) { return Losses.smoothL1(input, target, beta, reduction); }
    /** Delta 1. */
    public static Tensor huberLoss(Tensor input, Tensor target) { return Losses.huber(input, target, 1.0, Reduction.MEAN); }
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) { return Losses.huber(input, target, delta, reduction); }
    /** Binary cross-entropy of probabilities in [0, 1]. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return Losses.bce(input, target, null, Reduction.MEAN); }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) { return Losses.bce(input, target, weight, reduction); }
    /** Binary cross-entropy of logits, finite for any logit. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) { return Losses.bceWithLogits(input, target, null, null, Reduction.MEAN); }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) { return Losses.bceWithLogits(input, target, weight, posWeight, reduction); }
    /** Negative log-likelihood of log-probabilities {@code [N, C, ...]} at int64 classes; ignore index -100. */
    public static Tensor nllLoss(Tensor input, Tensor target) { return Losses.nll(input, target, null, -100, Reduction.MEAN); }
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) { return Losses.nll(input, target, weight, ignoreIndex, reduction); }
    /** Cross-entropy of logits {@code [N, C, ...]} against int64 classes or class probabilities. */
    public static Tensor crossEntropy(Tensor input, Tensor target) { return Losses.crossEntropy(input, target, null, -100, 0, Reduction.MEAN); }
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, double labelSmoothing, Reduction reduction) { return Losses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction); }
    /** KL divergence of log-probabilities from probabilities; mean over elements (use BATCH_MEAN for the true KL). */
    public static Tensor klDiv(Tensor input, Tensor target) { return Losses.klDiv(input, target, false, Reduction.MEAN); }
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) { return Losses.klDiv(input, target, logTarget, reduction); }
    /** Margin 0. */
    public static Tensor cosineEmbeddingLoss(Tensor x1, Tensor x2, Tensor y) { return Losses.cosineEmbedding(x1, x2, y, 0, Reduction.MEAN); }
    public static Tensor cosineEmbeddingLoss(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) { return Losses.cosineEmbedding(x1, x2, y, margin, reduction); }
    /** Margin 0. */
    public static Tensor marginRankingLoss(Tensor x1, Tensor x2, Tensor y) { return Losses.marginRanking(x1, x2, y, 0, Reduction.MEAN); }
    public static Tensor marginRankingLoss(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) { return Losses.marginRanking(x1, x2, y, margin, reduction); }
    /** Margin 1, p 2, eps 1e-6, no swap. */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative) { return Losses.tripletMargin(anchor, positive, negative, 1, 2, 1e-6, false, Reduction.MEAN); }
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps, boolean swap, Reduction reduction) { return Losses.tripletMargin(anchor, positive, negative, margin, p, eps, swap, reduction); }
    public static Tensor softMarginLoss(Tensor input, Tensor target) { return MarginLosses.softMargin(input, target, Reduction.MEAN); }
    public static Tensor multiLabelSoftMarginLoss(Tensor input, Tensor target) { return MarginLosses.multiLabelSoftMargin(input, target, null, Reduction.MEAN); }
    public static Tensor multiLabelMarginLoss(Tensor input, Tensor target) { return MarginLosses.multiLabelMargin(input, target, Reduction.MEAN); }
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target) { return MarginLosses.hingeEmbedding(input, target, 1.0, Reduction.MEAN); }
    public static Tensor poissonNllLoss(Tensor input, Tensor target) { return LikelihoodLosses.poissonNll(input, target, true, false, 1e-8, Reduction.MEAN); }
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var) { return LikelihoodLosses.gaussianNll(input, target, var, false, 1e-6, Reduction.MEAN); }
    /** CTC over log-probabilities {@code [T, N, C]}, blank 0, mean reduction (PyTorch's defaults). */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) { return Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false); }

    // ---------------------------------------------------------------- distances

    public static Tensor cosineSimilarity(Tensor x1, Tensor x2) { return Distances.cosineSimilarity(x1, x2, 1, 1e-8); }
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) { return Distances.cosineSimilarity(x1, x2, dim, eps); }
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2) { return Distances.pairwiseDistance(x1, x2, 2, 1e-6, false); }

    // ---------------------------------------------------------------- helpers

    /** The window of a 2-D convolution with square parameters, its errors naming {@code op}. */
    private static Window convWindow(String op, int kernelH, int kernelW, int stride, int padding, int dilation) {
        if (kernelH <= 0 || kernelW <= 0 || stride <= 0 || dilation <= 0 || padding < 0) {
            throw new IllegalArgumentException(op + ": kernel " + kernelH + "x" + kernelW + ", stride " + stride
                    + " and dilation " + dilation + " must be positive and padding " + padding + " non-negative");
        }
        return new Window(kernelH, kernelW, stride, stride, padding, padding, dilation, dilation);
    }

    /** A window of {@code rank} dimensions with the same kernel, stride, padding and dilation along each. */
    private static Window3d window(String op, int rank, int kernel, int stride, int padding, int dilation) {
        if (kernel <= 0 || stride <= 0 || dilation <= 0 || padding < 0) {
            throw new IllegalArgumentException(op + ": kernel " + String.join("x", java.util.Collections.nCopies(rank,
                    String.valueOf(kernel))) + ", stride " + stride + " and dilation " + dilation + " must be positive "
                    + "and padding " + padding + " non-negative");
        }
        int[][] v = new int[4][rank];
        for (int d = 0; d < rank; d++) {
            v[0][d] = kernel;
            v[1][d] = stride;
            v[2][d] = padding;
            v[3][d] = dilation;
        }
        return new Window3d(v[0], v[1], v[2], v[3]);
    }

    private static void requireRank(String op, Tensor t, int rank, String layout) {
        if (t.dim() != rank) {
            throw new IllegalArgumentException(op + ": expected weight of shape " + layout + ", got " + t.shape());
        }
    }
}
