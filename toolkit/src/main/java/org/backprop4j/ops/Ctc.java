package org.backprop4j.ops;

import java.util.Arrays;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.CtcKernels;
import org.backprop4j.array.internal.DenseArray;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;

/**
 * Connectionist temporal classification loss (Graves et al., 2006), as PyTorch's {@code F.ctc_loss}: the negative
 * log-likelihood of each target sequence summed over all its alignments with the input, by the forward-backward
 * recursions in log space ({@link CtcKernels}). One fused op with its derivative rule: the recursions cost
 * {@code O(T U)} per sample, while the same sums written from tensor ops would record {@code T} small ops per sample
 * and keep every intermediate for the backward.
 * <p>
 * The gradient is the true derivative with respect to {@code logProbs}. PyTorch's adds {@code exp(logProbs)} to it,
 * a term that a {@code logSoftmax} before the loss removes again, so the gradients of the logits agree. Like
 * PyTorch's, the gradient cannot be differentiated again (asking for that fails with a clear error).
 */
public final class Ctc {
    private Ctc() {
    }

    /**
     * The CTC loss of {@code logProbs [T, N, C]} (log-probabilities over {@code C} classes, e.g. a logSoftmax; or
     * unbatched {@code [T, C]}) against int64 {@code targets}, padded {@code [N, S]} or concatenated
     * {@code [sum(targetLengths)]} (unbatched: {@code [S]}), with int64 {@code inputLengths [N]} (each in
     * {@code [1, T]}) and {@code targetLengths [N]} (0-D for unbatched input). MEAN divides each sample's loss by its
     * target length (at least 1), then averages over the batch; NONE gives {@code [N]} (a scalar unbatched). With
     * {@code zeroInfinity}, an impossible alignment (input too short) gives loss 0 and gradient 0 instead of
     * infinity and NaN.
     *
     * @throws IllegalArgumentException if a shape, dtype or length does not fit, or {@code blank} is not a class
     * @throws IndexOutOfBoundsException if a target label is not a class
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths,
            int blank, Reduction reduction, boolean zeroInfinity) {
        String op = "ctcLoss";
        Check.floating(op, logProbs);
        Check.require(logProbs.dim() == 3 || logProbs.dim() == 2, op, () -> "expected log-probabilities of shape "
                + "[T, N, C] (or [T, C] unbatched), got " + logProbs.shape());
        boolean batched = logProbs.dim() == 3;
        Tensor lp = batched ? logProbs : logProbs.unsqueeze(1);
        int steps = lp.size(0);
        int batch = lp.size(1);
        int classes = lp.size(2);
        Check.require(blank >= 0 && blank < classes, op, () -> "blank " + blank + " is out of range for " + classes
                + " classes (log-probabilities of shape " + logProbs.shape() + ")");
        int[] inLengths = lengths(op, "inputLengths", inputLengths, batch, batched);
        int[] outLengths = lengths(op, "targetLengths", targetLengths, batch, batched);
        for (int n = 0; n < batch; n++) {
            int length = inLengths[n];
            Check.require(length >= 1 && length <= steps, op, () -> "inputLengths " + Arrays.toString(inLengths)
                    + " must lie in [1, " + steps + "] for log-probabilities of shape " + logProbs.shape());
            Check.require(outLengths[n] >= 0, op, () -> "targetLengths " + Arrays.toString(outLengths)
                    + " must not be negative");
        }
        int[][] labels = labels(op, targets, batched, outLengths, classes);
        CtcKernels.Forward f = CtcKernels.forward(lp.detach(), labels, inLengths, blank);
        double[] nll = f.nll().clone();
        if (zeroInfinity) {
            for (int n = 0; n < batch; n++) {
                nll[n] = nll[n] == Double.POSITIVE_INFINITY ? 0 : nll[n];
            }
        }
        Tensor losses = Graph.record("ctcLoss", Tensor.of(logProbs.dtype(), nll), new Tensor[] {lp},
                new Tensor[] {lp}, (g, ctx) -> {
                    Tensor in = ctx.saved(0);
                    DenseArray d = CtcKernels.backward(in.detach(), labels, inLengths, blank, f, zeroInfinity);
                    Tensor grad = Tensor.of(d.storage(), d.shape());
                    if (GradMode.isEnabled()) {
                        grad = Graph.recordOnceDifferentiable("ctcLossBackward", grad, in);
                    }
                    return new Tensor[] {grad.mul(g.reshape(1, batch, 1))};
                });
        return switch (reduction) {
            case NONE -> batched ? losses : losses.reshape();
            case SUM -> losses.sum();
            case MEAN -> {
                double[] divisors = Arrays.stream(outLengths).mapToDouble(v -> Math.max(v, 1)).toArray();
                yield losses.div(Tensor.of(losses.dtype(), divisors)).mean();
            }
            case BATCH_MEAN -> throw Check.error(op, "BATCH_MEAN is only for klDiv");
        };
    }

    private static int[] lengths(String op, String name, Tensor lengths, int batch, boolean batched) {
        Check.dtype(op, name, lengths, DType.INT64);
        Check.require(lengths.numel() == batch && lengths.dim() <= 1 && (batched ? lengths.dim() == 1 : true), op,
                () -> "expected " + name + " of shape " + (batched ? "[" + batch + "] (one per sample)"
                        : "[] (unbatched input)") + ", got " + lengths.shape());
        return Arrays.stream(lengths.toLongArray()).mapToInt(Math::toIntExact).toArray();
    }

    /** Each sample's target labels, from padded {@code [N, S]} or concatenated targets; checked. */
    private static int[][] labels(String op, Tensor targets, boolean batched, int[] lengths, int classes) {
        Check.dtype(op, "targets", targets, DType.INT64);
        long[] t = targets.toLongArray();
        int batch = lengths.length;
        int total = Arrays.stream(lengths).sum();
        int[][] out = new int[batch][];
        boolean padded = batched ? targets.dim() == 2 : targets.dim() == 1;
        if (padded) {
            int width = targets.size(-1);
            int longest = Arrays.stream(lengths).max().orElse(0);
            Check.require((!batched || targets.size(0) == batch) && width >= longest, op, () -> "expected padded "
                    + "targets of shape " + (batched ? "[" + batch + ", S]" : "[S]") + " with S >= " + longest
                    + " (the longest target length), got " + targets.shape());
        } else {
            Check.require(batched && targets.dim() == 1 && targets.numel() == total, op, () -> "expected targets of "
                    + "shape " + (batched ? "[N, S] (padded) or [" + total + "] (concatenated, the sum of the "
                    + "target lengths)" : "[S]") + ", got " + targets.shape());
        }
        int at = 0;
        for (int n = 0; n < batch; n++) {
            int start = padded ? n * targets.size(-1) : at;
            out[n] = new int[lengths[n]];
            for (int k = 0; k < lengths[n]; k++) {
                long label = t[start + k];
                if (label < 0 || label >= classes) {
                    throw new IndexOutOfBoundsException(op + ": target label " + label + " of sample " + n
                            + " is out of range for " + classes + " classes");
                }
                out[n][k] = (int) label;
            }
            at += lengths[n];
        }
        return out;
    }
}
