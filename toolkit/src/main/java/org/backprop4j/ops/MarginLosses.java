package org.backprop4j.ops;

import static org.backprop4j.ops.Losses.reduce;
import static org.backprop4j.ops.Losses.sameShape;

import java.util.function.BinaryOperator;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Margin and hinge losses with PyTorch's definitions and reductions ({@code soft_margin_loss},
 * {@code multi_margin_loss}, {@code multilabel_margin_loss}, {@code multilabel_soft_margin_loss},
 * {@code hinge_embedding_loss}, {@code triplet_margin_with_distance_loss}), written from primitives so gradients
 * and gradients of gradients follow. At a hinge point (a margin term exactly 0) the gradient is the one of the
 * active side, {@code clamp}'s rule.
 */
public final class MarginLosses {
    private static final double INF = Double.POSITIVE_INFINITY;

    private MarginLosses() {
    }

    /** {@code log(1 + e^(-y x))} per element, {@code y} in {1, -1}; computed as {@code -logSigmoid(y x)}, finite. */
    public static Tensor softMargin(Tensor input, Tensor target, Reduction reduction) {
        sameShape("softMargin", input, target);
        Check.sameFloating("softMargin", input, target);
        return reduce("softMargin", input.mul(target).logSigmoid().neg(), reduction);
    }

    /**
     * Multi-class hinge loss: for input {@code [N, C]} (or {@code [C]}) and class indices {@code [N]} (or a scalar),
     * {@code sum over i != y of w[y] max(0, margin - x[y] + x[i])^p / C}, {@code p} 1 or 2, {@code weight} (may be
     * null) one per class. NONE gives {@code [N]} (a scalar for a 1-D input).
     *
     * @throws IllegalArgumentException if a shape does not fit or {@code p} is not 1 or 2
     * @throws IndexOutOfBoundsException if a target class is outside {@code [0, C)}
     */
    public static Tensor multiMargin(Tensor input, Tensor target, int p, double margin, Tensor weight,
            Reduction reduction) {
        String op = "multiMargin";
        Check.floating(op, input);
        Check.require(p == 1 || p == 2, op, () -> "only p = 1 and p = 2 are supported, got " + p);
        Check.require((input.dim() == 1 || input.dim() == 2) && input.size(-1) > 0, op, () -> "expected input of "
                + "shape [N, C] or [C] with C > 0, got " + input.shape());
        int frames = input.dim() == 2 ? input.size(0) : 1;
        int classes = input.size(-1);
        Check.dtype(op, "target", target, DType.INT64);
        Check.require(target.dim() <= 1 && target.numel() == frames, op, () -> "input of shape " + input.shape()
                + " needs " + frames + " class index" + (frames == 1 ? "" : "es") + " as target, got shape "
                + target.shape());
        if (weight != null) {
            Check.sameType(op, input, weight);
            Check.require(weight.dim() <= 1 && weight.numel() == classes, op, () -> "weight of shape "
                    + weight.shape() + " must hold one value per class, " + classes + " for input of shape "
                    + input.shape());
        }
        Tensor y = target.reshape(frames);
        checkClasses(op, y.toLongArray(), classes, false);
        Tensor x = input.reshape(frames, classes);
        // PyTorch's order of operations: (margin - x[y]) + x[i]
        Tensor z = x.gather(1, y.unsqueeze(1)).neg().add(margin).add(x).clamp(0, INF);
        if (p == 2) {
            z = z.square();
        }
        Tensor others = Tensor.arange(classes).unsqueeze(0).ne(y.unsqueeze(1));
        z = Tensor.where(others, z, Tensor.scalar(0, z.dtype()));
        if (weight != null) {
            z = z.mul(weight.reshape(classes).indexSelect(0, y).unsqueeze(1));
        }
        Tensor loss = z.sum(1).div(classes);
        return reduce(op, input.dim() == 1 ? loss.reshape() : loss, reduction);
    }

    /**
     * Multi-label hinge loss: input {@code [N, C]} (or {@code [C]}) and int64 targets of the same shape holding each
     * sample's classes, ended by the first -1; {@code sum over listed j, over unlisted i, of
     * max(0, 1 - (x[y_j] - x[i])) / C}. NONE gives {@code [N]} (a scalar for a 1-D input).
     *
     * @throws IllegalArgumentException if the shapes differ
     * @throws IndexOutOfBoundsException if a target is outside {@code [-1, C)}
     */
    public static Tensor multiLabelMargin(Tensor input, Tensor target, Reduction reduction) {
        String op = "multiLabelMargin";
        Check.floating(op, input);
        Check.dtype(op, "target", target, DType.INT64);
        Check.require((input.dim() == 1 || input.dim() == 2) && input.size(-1) > 0, op, () -> "expected input of "
                + "shape [N, C] or [C] with C > 0, got " + input.shape());
        Check.require(target.shape().equals(input.shape()), op, () -> "target of shape " + target.shape()
                + " must have the input's shape " + input.shape());
        int frames = input.dim() == 2 ? input.size(0) : 1;
        int classes = input.size(-1);
        long[] t = target.toLongArray();
        checkClasses(op, t, classes, true);
        boolean[] listed = new boolean[frames * classes];
        boolean[] counted = new boolean[frames * classes * classes];
        long[] safe = new long[frames * classes];
        for (int n = 0; n < frames; n++) {
            int row = n * classes;
            int end = 0;
            while (end < classes && t[row + end] >= 0) {
                listed[row + (int) t[row + end]] = true;
                safe[row + end] = t[row + end];
                end++;
            }
            for (int j = 0; j < end; j++) {
                for (int i = 0; i < classes; i++) {
                    counted[(row + j) * classes + i] = !listed[row + i];
                }
            }
        }
        Tensor x = input.reshape(frames, classes);
        Tensor picked = x.gather(1, Tensor.of(safe).reshape(frames, classes));
        // PyTorch's order of operations: (1 - x[y_j]) + x[i], for j along dimension 1 and i along dimension 2
        Tensor pairs = picked.neg().add(1).unsqueeze(2).add(x.unsqueeze(1)).clamp(0, INF);
        Tensor kept = Tensor.where(Tensor.of(counted).reshape(frames, classes, classes), pairs,
                Tensor.scalar(0, pairs.dtype()));
        Tensor loss = kept.sum(new int[] {1, 2}, false).div(classes);
        return reduce(op, input.dim() == 1 ? loss.reshape() : loss, reduction);
    }

    /**
     * {@code -(y logSigmoid(x) + (1 - y) logSigmoid(-x))} times {@code weight} (may be null; broadcast), averaged
     * over the classes (the last dimension), then reduced over the samples.
     */
    public static Tensor multiLabelSoftMargin(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String op = "multiLabelSoftMargin";
        sameShape(op, input, target);
        Check.sameFloating(op, input, target);
        Check.require(input.dim() >= 1, op, () -> "expected input of shape [N, C] or [C], got a scalar");
        Tensor loss = target.mul(input.logSigmoid()).add(target.neg().add(1).mul(input.neg().logSigmoid())).neg();
        if (weight != null) {
            loss = loss.mul(weight);
        }
        return reduce(op, loss.sum(-1).div(input.size(-1)), reduction);
    }

    /**
     * {@code x} where {@code y = 1} and {@code max(0, margin - x)} where {@code y = -1}, as PyTorch computes it: the
     * first term where {@code y != -1}, the second where {@code y != 1} (so other target values add both).
     */
    public static Tensor hingeEmbedding(Tensor input, Tensor target, double margin, Reduction reduction) {
        String op = "hingeEmbedding";
        sameShape(op, input, target);
        Check.sameFloating(op, input, target);
        Tensor zero = Tensor.scalar(0, input.dtype());
        Tensor hinge = Tensor.where(target.ne(1), input.neg().add(margin).clamp(0, INF), zero);
        return reduce(op, hinge.add(Tensor.where(target.ne(-1), input, zero)), reduction);
    }

    /**
     * Triplet loss with any distance: {@code max(d(a, p) - d(a, n) + margin, 0)}, with {@code distance} null for
     * {@link Distances#pairwiseDistance} (p 2, eps 1e-6); with {@code swap}, {@code d(a, n)} becomes
     * {@code min(d(a, n), d(p, n))} (Balntas et al., 2016).
     */
    public static Tensor tripletMarginWithDistance(Tensor anchor, Tensor positive, Tensor negative,
            BinaryOperator<Tensor> distance, double margin, boolean swap, Reduction reduction) {
        String op = "tripletMarginWithDistance";
        Check.finite(op, "margin", margin);
        BinaryOperator<Tensor> d = distance != null ? distance
                : (u, v) -> Distances.pairwiseDistance(u, v, 2, 1e-6, false);
        Tensor dPos = d.apply(anchor, positive);
        Tensor dNeg = d.apply(anchor, negative);
        if (swap) {
            dNeg = dNeg.minimum(d.apply(positive, negative));
        }
        return reduce(op, dPos.sub(dNeg).add(margin).clamp(0, INF), reduction);
    }

    private static void checkClasses(String op, long[] classesOf, int classes, boolean listEnd) {
        for (long v : classesOf) {
            if (v >= classes || v < (listEnd ? -1 : 0)) {
                throw new IndexOutOfBoundsException(op + ": target class " + v + " is out of range for " + classes
                        + " classes" + (listEnd ? " (a list of classes ends at the first -1)" : ""));
            }
        }
    }
}
