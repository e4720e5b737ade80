package org.backprop4j.nn;

import org.backprop4j.ops.LikelihoodLosses;
import org.backprop4j.ops.Reduction;
import org.backprop4j.tensor.Tensor;

/**
 * Poisson negative log-likelihood of counts, as PyTorch's {@code nn.PoissonNLLLoss}: {@code e^x - y x} when the input
 * is a log-rate ({@code logInput}, the default), else {@code x - y log(x + eps)} (eps default 1e-8); with {@code full},
 * plus Stirling's approximation of {@code log(y!)} where {@code y > 1}.
 */
public class PoissonNLLLoss extends Loss {
    final boolean logInput;
    final boolean full;
    final double eps;

    public PoissonNLLLoss() {
        this(true, false, 1e-8, Reduction.MEAN);
    }

    public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
        super(checked("PoissonNLLLoss", reduction));
        this.logInput = logInput;
        this.full = full;
        this.eps = eps;
    }

    /** @throws IllegalArgumentException if the shapes or dtypes differ */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return LayerErrors.named(this, () -> LikelihoodLosses.poissonNll(input, target, logInput, full, eps,
                reduction));
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (logInput ? "" : ", logInput=false") + (full ? ", full=true" : "");
    }
}
