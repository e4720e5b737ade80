package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Ctc;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Connectionist temporal classification loss (Graves et al., 2006), as PyTorch's {@code nn.CTCLoss}: the negative
 * log-likelihood of each target sequence over all its alignments with the input, for unsegmented sequence labelling
 * (speech, handwriting). Inputs: log-probabilities {@code [T, N, C]} (a logSoftmax over the classes; or {@code [T, C]}
 * unbatched), int64 targets padded {@code [N, S]} or concatenated, int64 {@code inputLengths [N]} and
 * {@code targetLengths [N]}. Class {@code blank} (default 0) is the blank. MEAN (the default) divides each sample's
 * loss by its target length before averaging; {@code zeroInfinity} turns the infinite loss of an impossible alignment
 * (and its gradient) into 0. See {@link Ctc#ctcLoss} for the algorithm and how the gradient relates to PyTorch's.
 *
 * {@snippet file="NnSnippets.java" region="ctc"}
 */
public class CTCLoss extends Module {
    final int blank;
    final Reduction reduction;
    final boolean zeroInfinity;

    public CTCLoss() {
        this(0, Reduction.MEAN, false);
    }

    /** @throws IllegalArgumentException if {@code blank} is negative or the reduction is BATCH_MEAN */
    public CTCLoss(int blank, Reduction reduction, boolean zeroInfinity) {
        Check.nonNegative("CTCLoss", "blank", blank);
        this.blank = blank;
        this.reduction = Loss.checked("CTCLoss", reduction);
        this.zeroInfinity = zeroInfinity;
    }

    public Reduction reduction() {
        return reduction;
    }

    /**
     * @throws IllegalArgumentException if a shape, dtype or length does not fit, or {@code blank} is not a class
     * @throws IndexOutOfBoundsException if a target label is not a class
     */
    public Tensor forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
        return LayerErrors.named(this, () -> Ctc.ctcLoss(logProbs, targets, inputLengths, targetLengths, blank,
                reduction, zeroInfinity));
    }

    @Override
    protected String extraRepr() {
        return "reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + (blank != 0 ? ", blank=" + blank
                : "") + (zeroInfinity ? ", zeroInfinity=true" : "");
    }
}
