package org.backprop4j.ops;

import java.util.Arrays;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Loss functions with PyTorch's definitions and reductions, written from primitives (so gradients and gradients of
 * gradients follow). Classification losses take {@code [N, C]} or {@code [N, C, d1, ...]} inputs with class
 * indices of shape {@code [N]} or {@code [N, d1, ...]}.
 */
public final class Losses {
    private Losses() {
    }

    static Tensor reduce(String op, Tensor loss, Reduction reduction) {
        return switch (reduction) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCH_MEAN -> throw new IllegalArgumentException(op + ": BATCH_MEAN is only for klDiv");
        };
    }

    static void sameShape(String op, Tensor input, Tensor target) {
        if (!input.shape().equals(target.shape())) {
            throw new IllegalArgumentException(op + ": input of shape " + input.shape() + " and target of shape "
                    + target.shape() + " must have the same shape");
        }
    }

    /** Mean squared error: {@code (x - y)^2}. */
    public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        sameShape("mse", input, target);
        return reduce("mse", input.sub(target).square(), reduction);
    }

    /** Mean absolute error: {@code |x - y|}. */
    public static Tensor l1(Tensor input, Tensor target, Reduction reduction) {
        sameShape("l1", input, target);
        return reduce("l1", input.sub(target).abs(), reduction);
    }

    /** {@code 0.5 d^2 / beta} where {@code |d| < beta}, else {@code |d| - 0.5 beta} (beta 0 gives L1). */
    public static Tensor smoothL1(Tensor input, Tensor target, double beta, Reduction reduction) {
        sameShape("smoothL1", input, target);
        if (!(beta >= 0)) {
            throw new IllegalArgumentException("smoothL1: beta must be non-negative, got " + beta);
        }
        Tensor d = input.sub(target).abs();
        if (beta == 0) {
            return reduce("smoothL1", d, reduction);
        }
        return reduce("smoothL1", Tensor.where(d.lt(beta), d.square().mul(0.5 / beta), d.sub(0.5 * beta)),
                reduction);
    }

    /** Huber loss: {@code 0.5 d^2} where {@code |d| <= delta}, else {@code delta (|d| - 0.5 delta)}. */
    public static Tensor huber(Tensor input, Tensor target, double delta, Reduction reduction) {
        sameShape("huber", input, target);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        Tensor d = input.sub(target).abs();
        return reduce("huber", Tensor.where(d.le(delta), d.square().mul(0.5), d.sub(0.5 * delta).mul(delta)),
                reduction);
    }

    /**
     * Binary cross-entropy of probabilities: {@code -w (y log x + (1 - y) log(1 - x))}, each log clamped at -100
     * as in PyTorch. {@code weight} (may be null) broadcasts to the input.
     */
    public static Tensor bce(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        sameShape("bce", input, target);
        Tensor logX = clampedLog(input);
        Tensor log1mX = clampedLog(input.neg().add(1));
        Tensor loss = target.mul(logX).add(target.neg().add(1).mul(log1mX)).neg();
        return reduce("bce", weight == null ? loss : loss.mul(weight), reduction);
    }

    /**
     * {@code max(log u, -100)}, with a zero gradient where {@code u = 0}: a probability of exactly 0 or 1 (a
     * saturated sigmoid) would otherwise send 0 * inf = NaN back through the log.
     */
    private static Tensor clampedLog(Tensor u) {
        Tensor positive = u.gt(0);
        Tensor safe = Tensor.where(positive, u, Tensor.onesLike(u));
        return Tensor.where(positive, safe.log().clamp(-100, Double.POSITIVE_INFINITY),
                Tensor.scalar(-100, u.dtype()));
    }

    /**
     * Binary cross-entropy on logits, stable for any magnitude:
     * {@code (1 - y) x + (1 + (p - 1) y) (log(1 + e^-|x|) + max(-x, 0))} with {@code p} the positive-class weight
     * (may be null; broadcasts over the last dimension) and {@code weight} an optional per-element weight.
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        sameShape("bceWithLogits", logits, target);
        Tensor softplusNeg = logits.abs().neg().exp().log1p().add(logits.neg().clamp(0, Double.POSITIVE_INFINITY));
        Tensor logWeight = posWeight == null ? null : posWeight.sub(1).mul(target).add(1);
        Tensor loss = target.neg().add(1).mul(logits)
                .add(logWeight == null ? softplusNeg : logWeight.mul(softplusNeg));
        return reduce("bceWithLogits", weight == null ? loss : loss.mul(weight), reduction);
    }

    /** Checks class-index targets against {@code [N, C, d...]} input and returns them as int64. */
    private static void checkIndexTarget(String op, Tensor input, Tensor target, int ignoreIndex) {
        int[] in = input.shape().toArray();
        int[] expected = new int[Math.max(in.length - 1, 0)];
        if (in.length >= 2) {
            expected[0] = in[0];
            System.arraycopy(in, 2, expected, 1, in.length - 2);
        }
        if (input.dim() < 2 || !Arrays.equals(target.shape().toArray(), expected)) {
            throw new IllegalArgumentException(op + ": input of shape " + input.shape()
                    + " (expected [N, C, ...]) needs class indices of shape " + Arrays.toString(expected) + ", got "
                    + target.shape());
        }
        int classes = input.size(1);
        for (long v : target.toLongArray()) {
            if (v != ignoreIndex && (v < 0 || v >= classes)) {
                throw new IndexOutOfBoundsException(op + ": target class " + v + " is out of range for " + classes
                        + " classes (and is not the ignore index " + ignoreIndex + ")");
            }
        }
    }

    /**
     * Negative log-likelihood of class indices: {@code -w[y] logp[y]}; targets equal to {@code ignoreIndex} count
     * for nothing; MEAN divides by the summed weights of the counted targets (PyTorch).
     */
    public static Tensor nll(Tensor logProbs, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        Check.floating("nll", logProbs);
        Check.dtype("nll", "target", target, DType.INT64);
        checkIndexTarget("nll", logProbs, target, ignoreIndex);
        Tensor valid = target.ne(ignoreIndex);
        Tensor safe = Tensor.where(valid, target, Tensor.scalar(0, DType.INT64));
        Tensor picked = logProbs.gather(1, safe.unsqueeze(1)).squeeze(1);
        Tensor w = weight == null ? Tensor.onesLike(picked) : weight.indexSelect(0, safe.reshape(-1))
                .reshape(safe.shape().toArray());
        w = w.mul(valid.to(w.dtype()));
        Tensor loss = picked.mul(w).neg();
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div(w.sum());
            case BATCH_MEAN -> throw new IllegalArgumentException("nll: BATCH_MEAN is only for klDiv");
        };
    }

    /**
     * Cross-entropy of logits {@code [N, C, ...]}: against class indices (int64, with class weights, an ignore
     * index and label smoothing {@code eps}: {@code (1 - eps) nll + eps * mean over classes of -w logp}), or
     * against class probabilities of the input's shape (which refuse an {@code ignoreIndex} of 0 or more, as PyTorch
     * does). Computed through {@code logSoftmax}, so large logits stay finite.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Tensor weight, int ignoreIndex,
            double labelSmoothing, Reduction reduction) {
        Check.floating("crossEntropy", logits);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got "
                    + labelSmoothing);
        }
        if (logits.dim() < 2) {
            throw new IllegalArgumentException("crossEntropy: expected logits of shape [N, C, ...], got "
                    + logits.shape());
        }
        int classes = logits.size(1);
        Tensor logp = logits.logSoftmax(1);
        Tensor w = weight == null ? null : perClass(weight, logits.dim());
        if (target.dtype().isFloatingPoint()) {
            sameShape("crossEntropy", logits, target);
            // PyTorch's rule: a non-negative ignore index could name a class, which probabilities cannot ignore
            Check.require(ignoreIndex < 0, "crossEntropy", () -> "ignoreIndex " + ignoreIndex + " is not supported "
                    + "for floating point (class probability) targets of shape " + target.shape() + ", as in "
                    + "PyTorch; leave it negative (the default is -100)");
            Tensor t = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target;
            Tensor prod = logp.mul(t);
            if (w != null) {
                prod = prod.mul(w);
            }
            Tensor loss = prod.sum(1).neg();
            return switch (reduction) {
                case NONE -> loss;
                case SUM -> loss.sum();
                case MEAN -> loss.sum().div(logits.numel() / classes);
                case BATCH_MEAN -> throw new IllegalArgumentException("crossEntropy: BATCH_MEAN is only for klDiv");
            };
        }
        Check.dtype("crossEntropy", "target", target, DType.INT64);
        checkIndexTarget("crossEntropy", logits, target, ignoreIndex);
        Tensor nll = nll(logp, target, weight, ignoreIndex, reduction);
        if (labelSmoothing == 0) {
            return nll;
        }
        Tensor valid = target.ne(ignoreIndex);
        Tensor smooth = (w == null ? logp : logp.mul(w)).sum(1).neg().maskedFill(valid.logicalNot(), 0);
        Tensor reduced = switch (reduction) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            case MEAN -> {
                Tensor safe = Tensor.where(valid, target, Tensor.scalar(0, DType.INT64)).reshape(-1);
                Tensor denom = weight == null ? valid.to(smooth.dtype()).sum()
                        : weight.indexSelect(0, safe).mul(valid.reshape(-1).to(weight.dtype())).sum();
                yield smooth.sum().div(denom);
            }
            case BATCH_MEAN -> throw new IllegalArgumentException("crossEntropy: BATCH_MEAN is only for klDiv");
        };
        return nll.mul(1 - labelSmoothing).add(reduced.mul(labelSmoothing / classes));
    }

    private static Tensor perClass(Tensor weight, int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = weight.numel();
        return weight.reshape(shape);
    }

    /**
     * Kullback-Leibler divergence {@code y (log y - x)} of log-probabilities {@code x} from target {@code y}
     * (given as log-probabilities when {@code logTarget}); 0 where {@code y = 0}. BATCH_MEAN divides the sum by
     * the batch size, which is the mathematically correct KL; MEAN divides by the element count (PyTorch).
     */
    public static Tensor klDiv(Tensor input, Tensor target, boolean logTarget, Reduction reduction) {
        sameShape("klDiv", input, target);
        Tensor loss;
        if (logTarget) {
            loss = target.exp().mul(target.sub(input));
        } else {
            Tensor positive = target.gt(0);
            Tensor safe = Tensor.where(positive, target, Tensor.onesLike(target));
            loss = Tensor.where(positive, target.mul(safe.log().sub(input)), Tensor.scalar(0, input.dtype()));
        }
        return reduction == Reduction.BATCH_MEAN ? loss.sum().div(input.dim() == 0 ? 1 : input.size(0))
                : reduce("klDiv", loss, reduction);
    }

    private static void checkSigns(String op, Tensor y) {
        for (double v : y.toDoubleArray()) {
            if (v != 1 && v != -1) {
                throw new IllegalArgumentException(op + ": target values must be 1 or -1, got " + v);
            }
        }
    }

    /** PyTorch's constant for cosineEmbedding is the float 1e-12, which differs from the double in the 9th digit. */
    private static final double COSINE_EPS = 1e-12f;

    /**
     * {@code 1 - cos(x1, x2)} where {@code y = 1}, {@code max(0, cos(x1, x2) - margin)} where {@code y = -1};
     * inputs {@code [N, D]} (or {@code [D]}), cosine along the last dimension with 1e-12 added to each squared
     * norm, as in PyTorch.
     */
    public static Tensor cosineEmbedding(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        sameShape("cosineEmbedding", x1, x2);
        checkSigns("cosineEmbedding", y);
        Tensor dot = x1.mul(x2).sum(-1);
        Tensor m1 = x1.square().sum(-1).add(COSINE_EPS);
        Tensor m2 = x2.square().sum(-1).add(COSINE_EPS);
        Tensor cos = dot.div(m1.mul(m2).sqrt());
        if (!cos.shape().equals(y.shape())) {
            throw new IllegalArgumentException("cosineEmbedding: target of shape " + y.shape()
                    + " must match the batch shape " + cos.shape());
        }
        Tensor zero = Tensor.zerosLike(cos);
        Tensor loss = Tensor.where(y.eq(1), cos.neg().add(1), zero)
                .add(Tensor.where(y.eq(-1), cos.sub(margin).clamp(0, Double.POSITIVE_INFINITY), zero));
        return reduce("cosineEmbedding", loss, reduction);
    }

    /** {@code max(0, -y (x1 - x2) + margin)} with {@code y} in {1, -1}. */
    public static Tensor marginRanking(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        sameShape("marginRanking", x1, x2);
        sameShape("marginRanking", x1, y);
        checkSigns("marginRanking", y);
        Tensor loss = y.neg().mul(x1.sub(x2)).add(margin).clamp(0, Double.POSITIVE_INFINITY);
        return reduce("marginRanking", loss, reduction);
    }

    /**
     * Triplet margin loss (Schroff et al., 2015): {@code max(d(a, p) - d(a, n) + margin, 0)} with
     * {@code d(u, v) = ||u - v + eps||_p} along the last dimension; with {@code swap}, {@code d(a, n)} is replaced
     * by {@code min(d(a, n), d(p, n))} (Balntas et al., 2016).
     */
    public static Tensor tripletMargin(Tensor anchor, Tensor positive, Tensor negative, double margin, double p,
            double eps, boolean swap, Reduction reduction) {
        sameShape("tripletMargin", anchor, positive);
        sameShape("tripletMargin", anchor, negative);
        Tensor dPos = distance(anchor, positive, p, eps);
        Tensor dNeg = distance(anchor, negative, p, eps);
        if (swap) {
            dNeg = dNeg.minimum(distance(positive, negative, p, eps));
        }
        Tensor loss = dPos.sub(dNeg).add(margin).clamp(0, Double.POSITIVE_INFINITY);
        return reduce("tripletMargin", loss, reduction);
    }

    private static Tensor distance(Tensor u, Tensor v, double p, double eps) {
        return u.sub(v).add(eps).norm(p, new int[] {-1}, false);
    }
}
