package org.backprop4j.nn;

import org.backprop4j.array.internal.Check;
import org.backprop4j.ops.Normalization;
import org.backprop4j.tensor.Tensor;

/**
 * Local response normalization (Krizhevsky et al., 2012) across the channels of {@code [N, C, *]}:
 * {@code y_c = x_c / (k + alpha / size * sum x_{c'}^2)^beta} over the {@code size} neighbouring channels
 * {@code c - size / 2 ... c + (size - 1) / 2}. PyTorch's defaults: alpha 1e-4, beta 0.75, k 1.
 */
public class LocalResponseNorm extends Module {
    final int size;
    final double alpha;
    final double beta;
    final double k;

    public LocalResponseNorm(int size) {
        this(size, 1e-4, 0.75, 1.0);
    }

    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        this.size = Check.positive("LocalResponseNorm", "size", size);
        this.alpha = Check.finite("LocalResponseNorm", "alpha", alpha);
        this.beta = Check.finite("LocalResponseNorm", "beta", beta);
        this.k = Check.finite("LocalResponseNorm", "k", k);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3) {
            throw new IllegalArgumentException(describe() + ": expected an input of 3 or more dimensions [N, C, *], "
                    + "got shape " + input.shape());
        }
        return Normalization.localResponseNorm(input, size, alpha, beta, k);
    }

    @Override
    protected String extraRepr() {
        return size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k;
    }
}
