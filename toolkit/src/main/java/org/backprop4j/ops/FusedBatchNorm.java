package org.backprop4j.ops;

import java.util.Arrays;
import java.util.function.IntConsumer;

import org.backprop4j.array.DType;
import org.backprop4j.array.Scope;
import org.backprop4j.array.Storage;
import org.backprop4j.array.internal.DoubleRunSums;
import org.backprop4j.array.internal.FloatRunSums;
import org.backprop4j.autograd.Graph;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.backend.internal.Workers;
import org.backprop4j.tensor.Tensor;

/**
 * Batch normalization with batch statistics as one op: one pass for the per-channel sums, one for the centred
 * squares, one writing {@code x * scale + shift}; its backward is one pass for the two per-channel sums (shared by
 * the three gradients) and one writing the input's gradient. Each pass shares the channels out over threads. The
 * composite form (sub, div, mul, add with their reductions) allocated about fifteen input-sized arrays per step in
 * forward and backward; this allocates two. Under {@code createGraph} the backward is written in differentiable
 * tensor ops, so second derivatives exist as for the composite form.
 */
final class FusedBatchNorm {
    private FusedBatchNorm() {
    }

    /** {@code x} is {@code [N, C, ...]} of float32 or float64; weight and bias are {@code [C]} or null. */
    static Tensor apply(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, double momentum,
            double eps, int[] dims) {
        int n = x.size(0);
        int c = x.size(1);
        int s = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
        long m = (long) n * s;
        Tensor xc = x.detach().contiguous();
        double[] mean = new double[c];
        double[] invstd = new double[c];
        double[] biasedVar = new double[c];
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? xc.storage().floats() : null;
        double[] xd = f32 ? null : xc.storage().doubles();
        int off = xc.offset();
        byChannels(c, m, ch -> {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                int base = off + (i * c + ch) * s;
                sum += f32 ? FloatRunSums.sum(xf, base, s) : DoubleRunSums.sum(xd, base, s);
            }
            double mu = sum / m;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                int base = off + (i * c + ch) * s;
                sq += f32 ? FloatRunSums.squaredDeviations(xf, base, s, mu)
                        : DoubleRunSums.squaredDeviations(xd, base, s, mu);
            }
            mean[ch] = mu;
            biasedVar[ch] = sq / m;
            invstd[ch] = 1 / Math.sqrt(sq / m + eps);
        });
        if (runningMean != null && runningVar != null) {
            try (Scope _ = GradMode.noGrad()) {
                Tensor batchMean = Tensor.of(mean).to(runningMean.dtype());
                Tensor unbiased = Tensor.of(biasedVar).mul((double) m / (m - 1)).to(runningVar.dtype());
                runningMean.copyFrom(runningMean.mul(1 - momentum).add(batchMean.mul(momentum)));
                runningVar.copyFrom(runningVar.mul(1 - momentum).add(unbiased.mul(momentum)));
            }
        }
        double[] w = values(weight, c, 1);
        double[] b = values(bias, c, 0);
        Storage out = Storage.allocate(x.dtype(), x.numel());
        byChannels(c, m, ch -> {
            double scale = invstd[ch] * w[ch];
            double shift = b[ch] - mean[ch] * scale;
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                if (f32) {
                    float[] y = out.floats();
                    float sc = (float) scale;
                    float sh = (float) shift;
                    for (int j = 0; j < s; j++) {
                        y[base + j] = xf[off + base + j] * sc + sh;
                    }
                } else {
                    double[] y = out.doubles();
                    for (int j = 0; j < s; j++) {
                        y[base + j] = xd[off + base + j] * scale + shift;
                    }
                }
            }
        });
        Tensor y = Tensor.of(out, x.shape());
        Tensor[] saved = weight == null ? new Tensor[] {x} : new Tensor[] {x, weight};
        return Graph.record("batch_norm", y, new Tensor[] {x, weight, bias}, saved, (g, ctx) -> {
            Tensor xs = ctx.saved(0);
            Tensor ws = weight == null ? null : ctx.saved(1);
            if (GradMode.isEnabled()) {
                return differentiable(g, xs, ws, dims, eps, ctx.needsGrad(0), ctx.needsGrad(1), ctx.needsGrad(2));
            }
            Tensor gc = g.contiguous();
            Tensor xc2 = xs.detach().contiguous();
            double[] sumG = new double[c];
            double[] sumGx = new double[c];   // sum of g (x - mean): the weight's gradient over invstd
            channelSums(gc, xc2, mean, n, c, s, sumG, sumGx);
            for (int ch = 0; ch < c; ch++) {
                sumGx[ch] *= invstd[ch];
            }
            return Elementwise.grads(ctx.needsGrad(0) ? inputGradient(gc, xc2, mean, invstd, w, sumG, sumGx, n, c, s)
                    : null, ctx.needsGrad(1) ? Tensor.of(sumGx).to(ws.dtype()) : null,
                    ctx.needsGrad(2) ? Tensor.of(sumG).to(bias.dtype()) : null);
        });
    }

    private static double[] values(Tensor v, int c, double absent) {
        double[] out = new double[c];
        if (v == null) {
            Arrays.fill(out, absent);
            return out;
        }
        Tensor vc = v.detach().contiguous();
        for (int i = 0; i < c; i++) {
            out[i] = vc.storage().getDouble(vc.offset() + i);
        }
        return out;
    }

    /** Per channel, {@code sum(g)} and {@code sum(g (x - mean))}: one pass over contiguous {@code g} and {@code x}. */
    private static void channelSums(Tensor gc, Tensor xc, double[] mean, int n, int c, int s, double[] sumG,
            double[] sumGx) {
        boolean f32 = gc.dtype() == DType.FLOAT32;
        byChannels(c, (long) n * s, ch -> {
            double mu = mean[ch];
            for (int i = 0; i < n; i++) {
                int gb = gc.offset() + (i * c + ch) * s;
                int xb = xc.offset() + (i * c + ch) * s;
                if (f32) {
                    FloatRunSums.addGradientSums(gc.storage().floats(), gb, xc.storage().floats(), xb, s, mu, sumG,
                            sumGx, ch);
                } else {
                    DoubleRunSums.addGradientSums(gc.storage().doubles(), gb, xc.storage().doubles(), xb, s, mu, sumG,
                            sumGx, ch);
                }
            }
        });
    }

    /**
     * {@code dx = w invstd (g - mean(g) - xhat mean(g xhat))} per channel, one pass over {@code g}, from the channel
     * sums ({@code sumGxhat} is {@code sum(g xhat)}).
     */
    private static Tensor inputGradient(Tensor gc, Tensor xc, double[] mean, double[] invstd, double[] w,
            double[] sumG, double[] sumGxhat, int n, int c, int s) {
        boolean f32 = gc.dtype() == DType.FLOAT32;
        long m = (long) n * s;
        Storage out = Storage.allocate(gc.dtype(), gc.numel());
        byChannels(c, m, ch -> {
            double mu = mean[ch];
            double k = w[ch] * invstd[ch];
            double meanG = sumG[ch] / m;
            double slope = sumGxhat[ch] / m * invstd[ch];   // mean(g xhat) / std, applied to (x - mu)
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * s;
                int gb = gc.offset() + base;
                int xb = xc.offset() + base;
                if (f32) {
                    float[] gf = gc.storage().floats();
                    float[] xf = xc.storage().floats();
                    float[] dx = out.floats();
                    for (int j = 0; j < s; j++) {
                        dx[base + j] = (float) (k * (gf[gb + j] - meanG - (xf[xb + j] - mu) * slope));
                    }
                } else {
                    double[] gd = gc.storage().doubles();
                    double[] xd = xc.storage().doubles();
                    double[] dx = out.doubles();
                    for (int j = 0; j < s; j++) {
                        dx[base + j] = k * (gd[gb + j] - meanG - (xd[xb + j] - mu) * slope);
                    }
                }
            }
        });
        return Tensor.of(out, gc.shape());
    }

    /** Elements per channel below which the channels are not shared out over threads. */
    private static final long SPLIT_ELEMENTS = 1 << 16;

    /**
     * {@code body} for every channel, the channels shared out over the toolkit's threads in contiguous ranges once
     * the whole holds {@link #SPLIT_ELEMENTS} elements. A channel's values come from its own elements alone, in the
     * same order on any thread, so the split changes no bit.
     */
    private static void byChannels(int c, long perChannel, IntConsumer body) {
        int parts = perChannel * c < SPLIT_ELEMENTS ? 1 : Math.min(Workers.threads(), c);
        Workers.run(parts, p -> {
            for (int ch = (int) ((long) c * p / parts); ch < (long) c * (p + 1) / parts; ch++) {
                body.accept(ch);
            }
        });
    }

    /** The same gradients in recorded tensor ops, for a backward that builds a graph ({@code createGraph}). */
    private static Tensor[] differentiable(Tensor g, Tensor xs, Tensor ws, int[] dims, double eps, boolean needX,
            boolean needW, boolean needB) {
        int rank = xs.dim();
        Tensor mean = xs.mean(dims, true);
        Tensor invstd = xs.var(dims, 0, true).add(eps).rsqrt();
        Tensor xhat = xs.sub(mean).mul(invstd);
        Tensor gx = null;
        if (needX) {
            Tensor dxhat = ws == null ? g : g.mul(ws.reshape(channelShape(ws.numel(), rank)));
            gx = dxhat.sub(dxhat.mean(dims, true)).sub(xhat.mul(dxhat.mul(xhat).mean(dims, true))).mul(invstd);
        }
        return Elementwise.grads(gx, needW ? g.mul(xhat).sum(dims, false) : null,
                needB ? g.sum(dims, false) : null);
    }

    private static int[] channelShape(int c, int rank) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = c;
        return shape;
    }
}
