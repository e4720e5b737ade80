package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Efficient softmax approximation for many classes (Grave et al., 2017, "Efficient softmax approximation for GPUs"),
 * PyTorch's {@code nn.AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value=4.0, head_bias=False)}.
 * The classes are split by {@code cutoffs} into a shortlist {@code [0, cutoffs[0])} and clusters
 * {@code [cutoffs[i], cutoffs[i+1])} (the last ending at {@code nClasses}). The {@code head} scores the shortlist
 * classes and one entry per cluster; cluster {@code i} is scored by {@code tail.i} (a {@link ModuleList} entry, as in
 * PyTorch), two bias-free linear maps through
 * {@code floor(inFeatures / divValue^(i+1))} hidden features. A class's log-probability is its head log-probability,
 * or its cluster's head log-probability plus its log-probability within the cluster.
 *
 * <p>Parameters under PyTorch's names: {@code head.weight} ({@code [shortlist + clusters, inFeatures]}),
 * {@code head.bias} with {@code headBias}, {@code tail.i.0.weight} and {@code tail.i.1.weight}.
 *
 * <p>Shapes: input {@code [N, inFeatures]} with int64 target {@code [N]}, or {@code [inFeatures]} with a 0-D target;
 * {@link ASMOutput#output()} {@code [N]} (or 0-D), {@link ASMOutput#loss()} 0-D; {@link #logProb} {@code [N, nClasses]};
 * {@link #predict} int64 {@code [N]}.
 *
 * {@snippet file="ExtraLayersSnippets.java" region="adaptiveLogSoftmax"}
 */
public class AdaptiveLogSoftmaxWithLoss extends Module {
    /**
     * PyTorch's {@code _ASMoutput}: the log-probability of each example's target class, and the loss, the mean of
     * their negatives.
     */
    public record ASMOutput(Tensor output, Tensor loss) {
    }

    final int inFeatures;
    final int nClasses;
    /** The cutoffs given, then {@code nClasses}, as PyTorch keeps them. */
    final int[] cutoffs;
    final double divValue;
    final boolean headBias;
    final int shortlistSize;
    final Linear head;
    final ModuleList<Sequential> tail;

    public AdaptiveLogSoftmaxWithLoss(int inFeatures, int nClasses, int[] cutoffs) {
        this(inFeatures, nClasses, cutoffs, 4.0, false);
    }

    /**
     * @throws IllegalArgumentException if the cutoffs are not unique, increasing integers in {@code [1, nClasses-1]},
     *                                  {@code divValue} is not positive and finite, or a cluster's hidden size
     *                                  {@code floor(inFeatures / divValue^(i+1))} would be 0
     */
    public AdaptiveLogSoftmaxWithLoss(int inFeatures, int nClasses, int[] cutoffs, double divValue,
            boolean headBias) {
        String layer = "AdaptiveLogSoftmaxWithLoss";
        Check.positive(layer, "inFeatures", inFeatures);
        Check.require(Double.isFinite(divValue) && divValue > 0, layer,
                () -> "divValue must be positive and finite, got " + divValue);
        boolean ok = cutoffs.length > 0;
        for (int i = 0; i < cutoffs.length && ok; i++) {
            ok = cutoffs[i] >= 1 && cutoffs[i] <= nClasses - 1 && (i == 0 || cutoffs[i] > cutoffs[i - 1]);
        }
        Check.require(ok, layer, () -> "cutoffs should be a sequence of unique, positive integers sorted in an "
                + "increasing order, where each value is between 1 and nClasses-1 (" + (nClasses - 1) + "), got "
                + Arrays.toString(cutoffs));
        this.inFeatures = inFeatures;
        this.nClasses = nClasses;
        this.cutoffs = Arrays.copyOf(cutoffs, cutoffs.length + 1);
        this.cutoffs[cutoffs.length] = nClasses;
        this.divValue = divValue;
        this.headBias = headBias;
        this.shortlistSize = cutoffs[0];
        int clusters = cutoffs.length;
        this.head = new Linear(inFeatures, shortlistSize + clusters, headBias);
        List<Sequential> tails = new ArrayList<>(clusters);
        for (int i = 0; i < clusters; i++) {
            int hidden = (int) Math.floor(inFeatures / Math.pow(divValue, i + 1));
            int cluster = i;
            Check.require(hidden > 0, layer, () -> "cluster " + cluster + " would have floor(inFeatures / divValue^"
                    + (cluster + 1) + ") = floor(" + inFeatures + " / " + divValue + "^" + (cluster + 1)
                    + ") = 0 hidden features; use fewer cutoffs, a smaller divValue or more inFeatures");
            tails.add(new Sequential(new Linear(inFeatures, hidden, false),
                    new Linear(hidden, this.cutoffs[i + 1] - this.cutoffs[i], false)));
        }
        this.tail = new ModuleList<>(tails);
    }

    /**
     * The target classes' log-probabilities and the loss, with the forward hooks run (they see the input and the
     * output); PyTorch's {@code module(input, target)}.
     *
     * @throws IllegalArgumentException if the shapes do not fit, the target is not int64, or a target class is
     *                                  outside {@code [0, nClasses-1]}
     */
    public ASMOutput forward(Tensor input, Tensor target) {
        return invoke(input, () -> compute(input, target), ASMOutput::output);
    }

    private ASMOutput compute(Tensor input, Tensor target) {
        Check.dtype(describe(), "target", target, DType.INT64);
        Check.floating(describe(), input);
        if (target.dim() == 1) {
            Check.require(input.dim() == 2 && input.size(0) == target.size(0), describe(), () -> "a 1-D target "
                    + "expects a 2-D input [N, inFeatures] with as many rows, got input " + input.shape()
                    + " and target " + target.shape());
        } else if (target.dim() == 0) {
            Check.require(input.dim() == 1, describe(), () -> "a 0-D target expects a 1-D input [inFeatures], got "
                    + "input " + input.shape());
        } else {
            throw Check.error(describe(), "0-D or 1-D target expected, multi-target not supported; got target "
                    + target.shape());
        }
        Check.lastDim(describe(), input, inFeatures, "inFeatures");
        boolean batched = target.dim() == 1;
        Tensor x = batched ? input : input.unsqueeze(0);
        long[] t = target.toLongArray();
        long min = Arrays.stream(t).min().orElse(0);
        long max = Arrays.stream(t).max().orElse(0);
        Check.require(min >= 0 && max < nClasses, describe(), () -> "target values should be in [0, "
                + (nClasses - 1) + "], but values in range [" + min + ", " + max + "] were found");
        long[] headIndex = new long[t.length];
        Tensor inClusters = null;
        for (int c = 0; c < cutoffs.length; c++) {
            int low = c == 0 ? 0 : cutoffs[c - 1];
            int high = cutoffs[c];
            List<Long> rows = new ArrayList<>();
            List<Long> relative = new ArrayList<>();
            for (int r = 0; r < t.length; r++) {
                if (t[r] >= low && t[r] < high) {
                    rows.add((long) r);
                    relative.add(t[r] - low);
                    headIndex[r] = c == 0 ? t[r] : shortlistSize + c - 1;
                }
            }
            if (c == 0 || rows.isEmpty()) {
                continue;
            }
            Tensor rowIndex = longs(rows);
            Tensor logProbs = tail.get(c - 1).call(x.indexSelect(0, rowIndex)).logSoftmax(1);
            Tensor local = logProbs.gather(1, longs(relative).unsqueeze(1)).squeeze(1);
            inClusters = (inClusters == null ? Tensor.zeros(x.dtype(), t.length) : inClusters)
                    .indexAdd(0, rowIndex, local);
        }
        Tensor headLogProbs = head.call(x).logSoftmax(1);
        Tensor output = headLogProbs.gather(1, Tensor.of(headIndex).unsqueeze(1)).squeeze(1);
        if (inClusters != null) {
            output = inClusters.add(output);
        }
        Tensor loss = output.neg().mean();
        return new ASMOutput(batched ? output : output.squeeze(0), loss);
    }

    private static Tensor longs(List<Long> values) {
        return Tensor.of(values.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The log-probabilities of all classes, {@code [N, nClasses]}, for an input {@code [N, inFeatures]}.
     *
     * @throws IllegalArgumentException if the input is not {@code [N, inFeatures]}
     */
    public Tensor logProb(Tensor input) {
        checkMatrix("logProb", input);
        return fullLogProb(input, head.call(input));
    }

    private Tensor fullLogProb(Tensor input, Tensor headOutput) {
        Tensor headLogProbs = headOutput.logSoftmax(1);
        List<Tensor> parts = new ArrayList<>();
        parts.add(headLogProbs.slice(1, 0, shortlistSize));
        for (int i = 0; i < tail.size(); i++) {
            Tensor clusterLogProbs = tail.get(i).call(input).logSoftmax(1);
            parts.add(clusterLogProbs.add(headLogProbs.slice(1, shortlistSize + i, shortlistSize + i + 1)));
        }
        return Tensor.cat(parts, 1);
    }

    /**
     * The most probable class of each row of {@code [N, inFeatures]}, as int64 {@code [N]}: the head's best class when
     * it is in the shortlist, else the best of the full distribution (the same as {@code logProb(input).argmax(1)},
     * computing the tails only for the rows that need them), as PyTorch's {@code predict}.
     *
     * @throws IllegalArgumentException if the input is not {@code [N, inFeatures]}
     */
    public Tensor predict(Tensor input) {
        checkMatrix("predict", input);
        Tensor headOutput = head.call(input);
        long[] best = headOutput.argmax(1).toLongArray();
        List<Long> rows = new ArrayList<>();
        for (int r = 0; r < best.length; r++) {
            if (best[r] >= shortlistSize) {
                rows.add((long) r);
            }
        }
        if (!rows.isEmpty()) {
            Tensor index = longs(rows);
            long[] full = fullLogProb(input.indexSelect(0, index), headOutput.indexSelect(0, index)).argmax(1)
                    .toLongArray();
            for (int k = 0; k < full.length; k++) {
                best[rows.get(k).intValue()] = full[k];
            }
        }
        return Tensor.of(best);
    }

    private void checkMatrix(String method, Tensor input) {
        Check.require(input.dim() == 2 && input.size(1) == inFeatures, describe() + "." + method,
                () -> "expected an input [N, inFeatures] = [N, " + inFeatures + "], got " + input.shape());
    }

    @Override
    protected String extraRepr() {
        return "inFeatures=" + inFeatures + ", nClasses=" + nClasses + ", cutoffs="
                + Arrays.toString(Arrays.copyOf(cutoffs, cutoffs.length - 1)) + ", divValue=" + divValue
                + ", headBias=" + headBias;
    }
}
