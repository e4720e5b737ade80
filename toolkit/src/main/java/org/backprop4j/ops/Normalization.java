package org.backprop4j.ops;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.Window3d;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.DType;
import org.backprop4j.array.Scope;
import org.backprop4j.tensor.Tensor;

/**
 * Normalization layers' computations, written from reductions and elementwise primitives (so their gradients,
 * including through the statistics, follow): {@code (x - mean) / sqrt(var + eps)}, then a per-channel affine map.
 * Variances for normalizing are biased (divide by N), as in the papers and PyTorch.
 */
public final class Normalization {
    private Normalization() {
    }

    /** {@code [1, C, 1, ...]}: a per-channel vector shaped to broadcast over an input of rank {@code rank}. */
    private static Tensor perChannel(Tensor v, int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = v.numel();
        return v.reshape(shape);
    }

    private static Tensor affine(Tensor y, Tensor weight, Tensor bias) {
        if (weight != null) {
            y = y.mul(perChannel(weight, y.dim()));
        }
        if (bias != null) {
            y = y.add(perChannel(bias, y.dim()));
        }
        return y;
    }

    /**
     * Batch normalization (Ioffe and Szegedy, 2015) over every dimension but the channels (dimension 1) of
     * {@code [N, C, ...]}. In training it normalizes with the batch's statistics and, when running statistics are
     * given, updates them in place: {@code running = (1 - momentum) running + momentum batch}, with the unbiased
     * batch variance. In evaluation it normalizes with the running statistics.
     *
     * @throws IllegalArgumentException if the input is not {@code [N, C, ...]} or, in training, holds a single
     *                                  value per channel
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        Check.floating("batchNorm", x);
        if (x.dim() < 2) {
            throw new IllegalArgumentException("batchNorm: expected an input of shape [N, C, ...], got " + x.shape());
        }
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int d = 2; d < x.dim(); d++) {
            dims[d - 1] = d;
        }
        int count = x.numel() / Math.max(x.size(1), 1);
        Tensor mean;
        Tensor var;
        if (training) {
            if (count <= 1) {
                throw new IllegalArgumentException("batchNorm: expected more than one value per channel in "
                        + "training, got input of shape " + x.shape());
            }
            if (fusable(x, weight) && fusable(x, bias)) {
                return FusedBatchNorm.apply(x, runningMean, runningVar, weight, bias, momentum, eps, dims);
            }
            mean = x.mean(dims, true);
            var = x.var(dims, 0, true);
            if (runningMean != null && runningVar != null) {
                try (Scope _ = GradMode.noGrad()) {
                    Tensor m = mean.detach().reshape(-1);
                    Tensor v = var.detach().reshape(-1).mul((double) count / (count - 1));
                    runningMean.copyFrom(runningMean.mul(1 - momentum).add(m.mul(momentum).to(runningMean.dtype())));
                    runningVar.copyFrom(runningVar.mul(1 - momentum).add(v.mul(momentum).to(runningVar.dtype())));
                }
            }
        } else {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("batchNorm: evaluation needs running statistics");
            }
            mean = perChannel(runningMean, x.dim());
            var = perChannel(runningVar, x.dim());
        }
        return affine(x.sub(mean).div(var.add(eps).sqrt()), weight, bias);
    }

    /** Whether the fused op takes {@code v} (a weight or bias) beside {@code x}: absent, or [C] of x's dtype. */
    private static boolean fusable(Tensor x, Tensor v) {
        return (x.dtype() == DType.FLOAT32 || x.dtype() == DType.FLOAT64)
                && (v == null || (v.dtype() == x.dtype() && v.dim() == 1 && v.size(0) == x.size(1)));
    }

    /**
     * Layer normalization (Ba et al., 2016) over the last {@code normalizedShape.length} dimensions, which must
     * equal {@code normalizedShape}; {@code weight} and {@code bias} (if given) have that shape.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        Check.floating("layerNorm", x);
        int k = normalizedShape.length;
        int[] shape = x.shape().toArray();
        if (k == 0 || k > shape.length
                || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: input of shape " + x.shape() + " does not end with the "
                    + "normalized shape " + Arrays.toString(normalizedShape));
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = shape.length - k + i;
        }
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, 0, true);
        Tensor y = x.sub(mean).div(var.add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        return bias == null ? y : y.add(bias);
    }

    /**
     * Group normalization (Wu and He, 2018): the channels of {@code [N, C, ...]} split into {@code groups}, each
     * normalized over its channels and all positions; then a per-channel affine map.
     */
    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        Check.floating("groupNorm", x);
        if (x.dim() < 2 || groups <= 0 || x.size(1) % groups != 0) {
            throw new IllegalArgumentException("groupNorm: expected an input of shape [N, C, ...] with C divisible "
                    + "by " + groups + " groups, got " + x.shape());
        }
        Tensor g = x.reshape(x.size(0), groups, -1);
        Tensor mean = g.mean(2, true);
        Tensor var = g.var(new int[] {2}, 0, true);
        Tensor y = g.sub(mean).div(var.add(eps).sqrt()).reshape(x.shape().toArray());
        return affine(y, weight, bias);
    }

    /**
     * Instance normalization (Ulyanov et al., 2016): every channel of every sample of {@code [N, C, *S]} normalized
     * over its positions. With {@code useInputStats} it uses those statistics and, when running statistics are
     * given, updates them with their mean over the batch ({@code running = (1 - momentum) running + momentum
     * mean_n(stat)}, unbiased variances); otherwise it normalizes with the running statistics.
     *
     * @throws IllegalArgumentException if the input is not {@code [N, C, *S]}, or a sample's channel has a single
     *                                  position while the input statistics are used
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean useInputStats, double momentum, double eps) {
        Check.floating("instanceNorm", x);
        if (x.dim() < 3) {
            throw new IllegalArgumentException("instanceNorm: expected an input of shape [N, C, *S], got " + x.shape());
        }
        int[] dims = new int[x.dim() - 2];
        int count = 1;
        for (int d = 2; d < x.dim(); d++) {
            dims[d - 2] = d;
            count *= x.size(d);
        }
        Tensor mean;
        Tensor var;
        if (useInputStats) {
            if (count <= 1) {
                throw new IllegalArgumentException("instanceNorm: expected more than one spatial element per channel "
                        + "when using the input's statistics, got input of shape " + x.shape());
            }
            mean = x.mean(dims, true);
            var = x.var(dims, 0, true);
            if (runningMean != null && runningVar != null) {
                try (Scope _ = GradMode.noGrad()) {
                    Tensor m = mean.detach().reshape(x.size(0), x.size(1)).mean(0);
                    Tensor v = var.detach().reshape(x.size(0), x.size(1)).mul((double) count / (count - 1)).mean(0);
                    runningMean.copyFrom(runningMean.mul(1 - momentum).add(m.mul(momentum).to(runningMean.dtype())));
                    runningVar.copyFrom(runningVar.mul(1 - momentum).add(v.mul(momentum).to(runningVar.dtype())));
                }
            }
        } else {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException("instanceNorm: normalizing without the input's statistics needs "
                        + "running statistics");
            }
            mean = perChannel(runningMean, x.dim());
            var = perChannel(runningVar, x.dim());
        }
        return affine(x.sub(mean).div(var.add(eps).sqrt()), weight, bias);
    }

    /**
     * Local response normalization (Krizhevsky et al., 2012) across channels of {@code [N, C, *]}:
     * {@code y_c = x_c / (k + alpha / size * sum_{c'} x_{c'}^2)^beta}, the sum over the {@code size} channels from
     * {@code c - size / 2} to {@code c + (size - 1) / 2} (zeros beyond the edges). Written from pooling and
     * elementwise primitives, as PyTorch's.
     *
     * @throws IllegalArgumentException if the input has fewer than 3 dimensions
     */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        Check.floating("localResponseNorm", x);
        Check.positive("localResponseNorm", "size", size);
        if (x.dim() < 3) {
            throw new IllegalArgumentException("localResponseNorm: expected an input of 3 or more dimensions "
                    + "[N, C, *], got shape " + x.shape());
        }
        if (x.numel() == 0) {
            return x;
        }
        int n = x.size(0);
        int c = x.size(1);
        Tensor sq = x.mul(x).reshape(n, 1, c, -1).pad(new int[] {0, 0, size / 2, (size - 1) / 2}, 0);
        Window3d window = new Window3d(new int[] {size, 1}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1});
        Tensor div = Pooling.avgPool(sq, window, false, true, 0).reshape(x.shape().toArray());
        return x.div(div.mul(alpha).add(k).pow(beta));
    }
}
