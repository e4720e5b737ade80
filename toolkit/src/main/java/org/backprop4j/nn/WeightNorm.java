package org.backprop4j.nn;

import java.util.List;

import org.backprop4j.tensor.Tensor;

/**
 * Weight normalization (Salimans and Kingma, 2016) as a {@link Parametrization}: {@code w = g v / ||v||}, the 2-norm
 * over every dimension but {@code dim} (over all of them when {@code dim} is null), so that the direction {@code v}
 * and the length {@code g} are learned apart. Originals: {@code original0 = g} (the norms, with dimensions of size 1
 * but {@code dim}) and {@code original1 = v}, PyTorch's order ({@code torch.nn.utils.parametrizations.weight_norm}).
 * Register it with {@link Parametrizations#weightNorm}.
 */
public final class WeightNorm extends Parametrization {
    final Integer dim;

    /**
     * @param rank the rank of the parametrized tensor
     * @param dim  the dimension that keeps its own norm; null or -1 for one norm over the whole tensor
     * @throws IllegalArgumentException if {@code dim} is outside {@code [-1, rank)}
     */
    WeightNorm(int rank, Integer dim) {
        if (dim != null && (dim < -1 || dim >= rank)) {
            throw new IllegalArgumentException("WeightNorm: dim must be null, -1 (the whole tensor) or in [0, " + rank
                    + "), got " + dim);
        }
        this.dim = dim == null || dim == -1 ? null : dim;
    }

    /** {@code ||v||} over every dimension but {@code dim}, kept as dimensions of size 1 (PyTorch's norm_except_dim). */
    Tensor normExceptDim(Tensor v) {
        if (dim == null) {
            return v.norm();
        }
        int[] dims = new int[v.dim() - 1];
        for (int d = 0, i = 0; d < v.dim(); d++) {
            if (d != dim) {
                dims[i++] = d;
            }
        }
        return dims.length == 0 ? v.abs() : v.norm(2, dims, true);
    }

    @Override
    public Tensor forward(List<Tensor> originals) {
        if (originals.size() != 2) {
            throw new IllegalArgumentException(describe() + ": expected the originals g and v, got "
                    + originals.size() + " tensors");
        }
        Tensor g = originals.get(0);
        Tensor v = originals.get(1);
        return v.mul(g.div(normExceptDim(v)));
    }

    /** {@code g = ||w||} (over every dimension but {@code dim}) and {@code v = w}. */
    @Override
    public List<Tensor> rightInverse(Tensor value) {
        return List.of(normExceptDim(value), value);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
