package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;

/**
 * Spectral normalization (Miyato et al., 2018) as a {@link Parametrization}: the weight divided by its spectral norm
 * {@code sigma = u^T W v}, with {@code W} the weight as a matrix whose rows run along {@code dim} and {@code u},
 * {@code v} estimates of its top singular vectors. In training mode every evaluation first refines them by
 * {@code nPowerIterations} power iterations ({@code u = normalize(W v)}, {@code v = normalize(W^T u)}), in place and
 * outside autograd; in evaluation mode they are used as they are. The gradient flows through {@code W} only. A 1-D
 * tensor is simply normalized. Buffers {@code _u} and {@code _v}, as PyTorch's
 * {@code torch.nn.utils.parametrizations.spectral_norm}; register it with {@link Parametrizations#spectralNorm}.
 */
public final class SpectralNorm extends Parametrization {
    final int nPowerIterations;
    final int dim;
    final double eps;
    final Buffer u;
    final Buffer v;

    /**
     * @throws IllegalArgumentException if {@code dim} is out of range for the weight or {@code nPowerIterations} is
     *                                  not positive
     */
    SpectralNorm(Tensor weight, int nPowerIterations, int dim, double eps) {
        int rank = weight.dim();
        if (dim < -rank || dim >= rank) {
            throw new IllegalArgumentException("SpectralNorm: dim " + dim + " is out of range for a weight of shape "
                    + weight.shape() + " (expected a value in [" + -rank + ", " + (rank - 1) + "])");
        }
        this.nPowerIterations = Check.positive("SpectralNorm", "nPowerIterations", nPowerIterations);
        this.dim = dim < 0 ? dim + rank : dim;
        this.eps = Check.positive("SpectralNorm", "eps", eps);
        if (rank > 1) {
            Tensor w = matrix(weight.detach());
            Rng rng = Rng.global();
            this.u = new Buffer(normalize(Tensor.randn(rng, weight.dtype(), w.size(0))));
            this.v = new Buffer(normalize(Tensor.randn(rng, weight.dtype(), w.size(1))));
            powerMethod(w, 15);
        } else {
            this.u = null;
            this.v = null;
        }
    }

    /** The weight as a matrix: dimension {@code dim} first, the others flattened. */
    private Tensor matrix(Tensor weight) {
        int rank = weight.dim();
        if (dim != 0) {
            int[] order = new int[rank];
            order[0] = dim;
            for (int d = 0, i = 1; d < rank; d++) {
                if (d != dim) {
                    order[i++] = d;
                }
            }
            weight = weight.permute(order);
        }
        return weight.reshape(weight.size(0), -1);
    }

    /** {@code x / max(||x||, eps)}, as PyTorch's {@code F.normalize}. */
    private Tensor normalize(Tensor x) {
        return x.div(Math.max(x.norm().item(), eps));
    }

    private void powerMethod(Tensor w, int iterations) {
        try (Scope _ = GradMode.noGrad()) {
            for (int i = 0; i < iterations; i++) {
                u.copyFrom(normalize(w.matmul(v)));
                v.copyFrom(normalize(w.t().matmul(u)));
            }
        }
    }

    @Override
    public Tensor forward(List<Tensor> originals) {
        Tensor weight = originals.getFirst();
        if (weight.dim() == 1) {
            return weight.div(weight.norm().clamp(eps, Double.POSITIVE_INFINITY));
        }
        Tensor w = matrix(weight);
        if (isTraining()) {
            powerMethod(w.detach(), nPowerIterations);
        }
        Tensor sigma = u.clone().dot(w.matmul(v.clone()));
        return weight.div(sigma);
    }

    @Override
    protected Map<String, Buffer> ownBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        if (u != null) {
            out.put("_u", u);
            out.put("_v", v);
        }
        return out;
    }

    @Override
    protected String extraRepr() {
        return "nPowerIterations=" + nPowerIterations + ", dim=" + dim + ", eps=" + eps;
    }
}
