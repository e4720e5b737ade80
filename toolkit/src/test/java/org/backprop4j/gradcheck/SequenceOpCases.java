package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.awayFrom;
import static org.backprop4j.gradcheck.Inputs.awayFromZero;
import static org.backprop4j.gradcheck.Inputs.dims;
import static org.backprop4j.gradcheck.Inputs.distinct;
import static org.backprop4j.gradcheck.Inputs.index;
import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.transposed;
import static org.backprop4j.gradcheck.Inputs.uniform;
import static org.backprop4j.gradcheck.Inputs.values;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.ops.Activations;
import org.backprop4j.ops.BagMode;
import org.backprop4j.ops.Ctc;
import org.backprop4j.ops.Distances;
import org.backprop4j.ops.Embeddings;
import org.backprop4j.ops.LikelihoodLosses;
import org.backprop4j.ops.MarginLosses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * The op families of issue 17 that are not {@code Tensor} methods: distances, margin and likelihood losses, CTC,
 * embeddings and embedding bags, and rrelu in training; cases for {@link OpCases}. Inputs sit away from hinge points,
 * ties and clamps, where a finite difference would straddle two branches. CTC is first order only: like PyTorch's, its
 * gradient cannot be differentiated again. The layers built on these ops are checked with their parameters in
 * {@code org.backprop4j.nn}.
 */
final class SequenceOpCases {
    private SequenceOpCases() {
    }

    static void addTo(OpCases.Catalog c) {
        distances(c);
        marginLosses(c);
        likelihoodLosses(c);
        ctc(c);
        embeddings(c);
    }

    private static void distances(OpCases.Catalog c) {
        c.twice("cosineSimilarity: dim 1", "", in -> Distances.cosineSimilarity(in[0], in[1], 1, 1e-8),
                r -> of(randn(r, 3, 4), randn(r, 3, 4)));
        c.twice("cosineSimilarity: dim -1, broadcast, transposed leaf", "",
                in -> Distances.cosineSimilarity(in[0], in[1], -1, 1e-6),
                r -> of(randn(r, 2, 3, 4), transposed(randn(r, 4, 3))));
        c.twice("pairwiseDistance: p 2", "", in -> Distances.pairwiseDistance(in[0], in[1], 2, 1e-6, false),
                r -> of(randn(r, 3, 4), randn(r, 3, 4)));
        // |x1 - x2| stays away from 0, the kink of p = 1
        c.twice("pairwiseDistance: p 1, keepDim", "", in -> Distances.pairwiseDistance(in[0], in[1], 1, 1e-6, true),
                r -> of(awayFromZero(r, 3, 4), Tensor.zeros(DType.FLOAT64, 3, 4).requiresGrad(true)));
        c.twice("pairwiseDistance: p 3, broadcast", "", in -> Distances.pairwiseDistance(in[0], in[1], 3, 1e-3, false),
                r -> of(Inputs.signedAway(r, 0.3, 2, 2, 3, 4), Tensor.zeros(DType.FLOAT64, 4).requiresGrad(true)));
        c.twice("pairwiseDistance: infinity norm without ties", "",
                in -> Distances.pairwiseDistance(in[0], in[1], Double.POSITIVE_INFINITY, 1e-6, false),
                r -> of(Inputs.distinctMagnitudes(r, 2, 4), Tensor.zeros(DType.FLOAT64, 2, 4).requiresGrad(true)));
    }

    private static void marginLosses(OpCases.Catalog c) {
        Tensor signs = Tensor.of(DType.FLOAT64, 1, -1, -1, 1, 1, -1).reshape(2, 3);
        c.twice("softMargin: none, including large inputs", "",
                in -> MarginLosses.softMargin(in[0], signs, Reduction.NONE),
                r -> of(values(dims(2, 3), -40, -2, 0.3, 1.1, 35, -0.6)));
        c.twice("softMargin: target gradient too, mean", "",
                in -> MarginLosses.softMargin(in[0], in[1], Reduction.MEAN),
                r -> of(randn(r, 2, 3), randn(r, 2, 3)));
        // hinge terms (margin - x[y]) + x[i]: the inputs below keep every one at least 0.1 from 0
        Tensor x = Tensor.of(DType.FLOAT64, 0.2, -1.3, 0.9, 0.4, 1.6, -0.5, 0.05, 0.7, -0.8, 1.2, 0.3, -0.1)
                .reshape(3, 4);
        c.twice("multiMargin: p 1, mean", "",
                in -> MarginLosses.multiMargin(in[0], index(dims(3), 2, 0, 3), 1, 1, null, Reduction.MEAN),
                r -> of(x.detach().clone().requiresGrad(true)));
        c.twice("multiMargin: p 2, class weights, margin 0.6, sum", "",
                in -> MarginLosses.multiMargin(in[0], index(dims(3), 1, 3, 0), 2, 0.6, in[1], Reduction.SUM),
                r -> of(x.detach().clone().requiresGrad(true), uniform(r, 0.5, 2, 4)));
        c.twice("multiMargin: 1-D input, none", "",
                in -> MarginLosses.multiMargin(in[0], index(dims(), 1), 1, 1, null, Reduction.NONE),
                r -> of(values(dims(4), 0.3, 1.4, -0.2, 0.9)));
        c.twice("multiLabelMargin: list ends and repeats", "",
                in -> MarginLosses.multiLabelMargin(in[0], index(dims(2, 4), 3, 0, -1, 2, 1, 1, 2, -1),
                        Reduction.MEAN),
                r -> of(values(dims(2, 4), 0.2, -0.6, 1.5, 0.45, 0.8, -0.35, 0.1, 1.7)));
        c.twice("multiLabelSoftMargin: class weights, input and target", "",
                in -> MarginLosses.multiLabelSoftMargin(in[0], in[1], in[2], Reduction.SUM),
                r -> of(randn(r, 2, 4), uniform(r, 0, 1, 2, 4), uniform(r, 0.5, 2, 4)));
        Tensor pm = Tensor.of(DType.FLOAT64, 1, -1, -1, 1, 0, -1);
        c.twice("hingeEmbedding: margin 0.5, a target other than +-1", "",
                in -> MarginLosses.hingeEmbedding(in[0], pm, 0.5, Reduction.MEAN),
                r -> of(awayFrom(r, new double[] {0.5}, 6)));
        c.twice("tripletMarginWithDistance: pairwise distance", "",
                in -> MarginLosses.tripletMarginWithDistance(in[0], in[1], in[2], null, 3, false, Reduction.MEAN),
                r -> of(randn(r, 3, 4), randn(r, 3, 4), randn(r, 3, 4)));
        c.twice("tripletMarginWithDistance: cosine distance with swap", "",
                in -> MarginLosses.tripletMarginWithDistance(in[0], in[1], in[2],
                        (a, b) -> Distances.cosineSimilarity(a, b, 1, 1e-8).neg().add(1), 1.5, true, Reduction.NONE),
                r -> of(randn(r, 3, 4), randn(r, 3, 4), randn(r, 3, 4)));
    }

    private static void likelihoodLosses(OpCases.Catalog c) {
        Tensor counts = Tensor.of(DType.FLOAT64, 0, 1, 3, 7, 2, 0).reshape(2, 3);
        c.twice("poissonNll: log input, mean", "",
                in -> LikelihoodLosses.poissonNll(in[0], counts, true, false, 1e-8, Reduction.MEAN),
                r -> of(randn(r, 2, 3)));
        c.twice("poissonNll: rate input with Stirling's term, target gradient too", "",
                in -> LikelihoodLosses.poissonNll(in[0], in[1], false, true, 1e-8, Reduction.SUM),
                r -> of(uniform(r, 0.5, 3, 2, 3), uniform(r, 1.5, 6, 2, 3)));
        c.twice("gaussianNll: one variance per element", "",
                in -> LikelihoodLosses.gaussianNll(in[0], in[1], in[2], false, 1e-6, Reduction.MEAN),
                r -> of(randn(r, 3, 4), randn(r, 3, 4), uniform(r, 0.2, 2, 3, 4)));
        c.twice("gaussianNll: one variance per sample, full, none", "",
                in -> LikelihoodLosses.gaussianNll(in[0], in[1], in[2], true, 1e-6, Reduction.NONE),
                r -> of(randn(r, 3, 4), randn(r, 3, 4), uniform(r, 0.2, 2, 3)));
    }

    private static void ctc(OpCases.Catalog c) {
        // raw log-probabilities (not normalized): the rule is the true derivative, so finite differences agree
        Tensor padded = index(dims(3, 3), 1, 2, 2, 3, 0, 0, 1, 1, 0);
        c.once("ctcLoss: padded targets, repeats, mean", "",
                in -> Ctc.ctcLoss(in[0], padded, index(dims(3), 6, 4, 5), index(dims(3), 3, 1, 2), 0, Reduction.MEAN,
                        false), r -> of(randn(r, 6, 3, 4)));
        c.once("ctcLoss: through logSoftmax, concatenated targets, blank last, sum", "",
                in -> Ctc.ctcLoss(in[0].logSoftmax(2), index(dims(4), 0, 2, 1, 1), index(dims(2), 5, 4),
                        index(dims(2), 2, 2), 3, Reduction.SUM, false), r -> of(randn(r, 5, 2, 4)));
        c.once("ctcLoss: an impossible alignment zeroed, none", "",
                in -> Ctc.ctcLoss(in[0], index(dims(2, 3), 1, 1, 1, 2, 3, 0), index(dims(2), 2, 5),
                        index(dims(2), 3, 2), 0, Reduction.NONE, true), r -> of(randn(r, 5, 2, 4)));
        c.once("ctcLoss: unbatched, empty target", "",
                in -> Ctc.ctcLoss(in[0], index(dims(2), 1, 2), index(dims(), 4), index(dims(), 0), 0, Reduction.MEAN,
                        false), r -> of(randn(r, 4, 3)));
    }

    private static void embeddings(OpCases.Catalog c) {
        c.twice("embedding: repeated indices [2, 3]", "",
                in -> Embeddings.embedding(in[0], index(dims(2, 3), 1, 4, 1, 0, 4, 4), null, false),
                r -> of(randn(r, 5, 3)));
        c.twice("embeddingBag: sum with per-sample weights, an empty bag", "",
                in -> Embeddings.embeddingBag(in[0], index(dims(6), 1, 2, 4, 1, 0, 3), index(dims(3), 0, 3, 3),
                        BagMode.SUM, in[1], false, null, false),
                r -> of(randn(r, 5, 3), uniform(r, 0.5, 2, 6)));
        c.twice("embeddingBag: mean of [B, L] bags without the padding index", "",
                in -> Embeddings.embeddingBag(in[0], index(dims(3, 2), 1, 2, 2, 2, 4, 0), null, BagMode.MEAN, null,
                        false, 2, false),
                r -> of(randn(r, 5, 3)));
        c.twice("embeddingBag: max without ties, offsets with the end", "",
                in -> Embeddings.embeddingBag(in[0], index(dims(6), 1, 3, 0, 4, 2, 3), index(dims(3), 0, 2, 6),
                        BagMode.MAX, null, true, null, false),
                r -> of(distinct(r, 5, 3)));
        c.twice("rrelu: training, slopes from a generator seeded per call", "",
                in -> Activations.rrelu(in[0], 0.1, 0.3, true, Rng.seeded(5)), r -> of(awayFromZero(r, 3, 4)));
        c.twice("rrelu: evaluation", "", in -> Activations.rrelu(in[0], 0.1, 0.3, false, null),
                r -> of(awayFromZero(r, 3, 4)));
        c.add("embedding: a transposed weight view", "", in -> List.of(Embeddings.embedding(in[0].t(),
                index(dims(2), 2, 0), null, false)), r -> of(transposed(randn(r, 3, 4))), true,
                GradCheckOptions.DEFAULT);
    }
}
