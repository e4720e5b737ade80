package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import java.util.Arrays;

import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Graph;
import org.backprop4j.backend.Backend;
import org.backprop4j.backend.internal.Workers;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.array.internal.Broadcast;

/** Matrix products, computed by the {@link Backend}'s GEMM straight from strided operands where the layout allows. */
public final class LinAlg {
    private LinAlg() {
    }

    /**
     * Matrix product with PyTorch's rules: 1-D @ 1-D is a dot product; 2-D @ 2-D a matrix product; a 1-D operand
     * is treated as a row (left) or column (right) vector and that dimension is removed from the result; higher
     * ranks are batches of matrices whose batch dimensions broadcast.
     *
     * Inside an {@link Autocast} scope, float32 operands are multiplied in the scope's 16-bit format.
     *
     * @throws IllegalArgumentException e.g. {@code matmul: [2, 3] @ [4, 5]: inner dimensions 3 and 4 differ}
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        Check.sameFloating("matmul", a, b);
        Tensor autocast = a.dim() == 0 || b.dim() == 0 ? null : Autocast.matmul(a, b);
        if (autocast != null) {
            return autocast;
        }
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape()
                    + ": both operands need at least one dimension; use mul for scalars");
        }
        int ka = a.size(-1);
        int kb = b.dim() == 1 ? b.size(0) : b.size(-2);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " @ " + b.shape() + ": inner dimensions "
                    + ka + " and " + kb + " differ");
        }
        if (a.dim() == 1 && b.dim() == 1) {
            return a.mul(b).sum();
        }
        Tensor left = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor right = b.dim() == 1 ? b.unsqueeze(1) : b;
        int[] batchA = Arrays.copyOf(left.shape().toArray(), left.dim() - 2);
        int[] batchB = Arrays.copyOf(right.shape().toArray(), right.dim() - 2);
        int[] batch = Broadcast.shape("matmul: batch dimensions of " + a.shape() + " @ " + b.shape(), Shape.of(batchA),
                Shape.of(batchB)).toArray();
        left = left.expand(concat(batch, left.size(-2), left.size(-1)));
        right = right.expand(concat(batch, right.size(-2), right.size(-1)));
        Tensor out = batched(left, right);
        if (a.dim() == 1) {
            out = out.squeeze(-2);
        }
        if (b.dim() == 1) {
            out = out.squeeze(-1);
        }
        return out;
    }

    private static int[] concat(int[] batch, int rows, int cols) {
        int[] dims = Arrays.copyOf(batch, batch.length + 2);
        dims[batch.length] = rows;
        dims[batch.length + 1] = cols;
        return dims;
    }

    /**
     * The primitive: {@code a [..., n, k] @ b [..., k, m]} with equal batch shapes (stride-0 batch dimensions are
     * read in place, not copied). Gradients: {@code g @ b^T} and {@code a^T @ g}, as transposed views.
     */
    static Tensor batched(Tensor a, Tensor b) {
        int r = a.dim();
        int n = a.size(-2);
        int k = a.size(-1);
        int m = b.size(-1);
        int[] batch = Arrays.copyOf(a.shape().toArray(), r - 2);
        Tensor out = Tensor.zeros(a.dtype(), Shape.of(concat(batch, n, m)));
        Tensor left = gemmReady(a);
        Tensor right = gemmReady(b);
        int count = Shape.of(batch).numel();
        int[] offA = new int[count];
        int[] offB = new int[count];
        int[] offC = new int[count];
        int[] at = new int[batch.length];
        int[] sa = left.strides();
        int[] sb = right.strides();
        for (int i = 0; i < count; i++) {
            offA[i] = left.offset();
            offB[i] = right.offset();
            for (int d = 0; d < batch.length; d++) {
                offA[i] += at[d] * sa[d];
                offB[i] += at[d] * sb[d];
            }
            offC[i] = i * n * m;
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++at[d] < batch[d]) {
                    break;
                }
                at[d] = 0;
            }
        }
        gemm(Backend.current(), left, offA, right, offB, out, offC, n, m, k);
        return Graph.record("matmul", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (g, ctx) -> {
            Tensor x = ctx.saved(0);
            Tensor y = ctx.saved(1);
            return grads(ctx.needsGrad(0) ? batched(g, y.transpose(-1, -2)) : null,
                    ctx.needsGrad(1) ? batched(x.transpose(-1, -2), g) : null);
        });
    }

    /** {@code t} itself when each matrix is row-major or column-major with a usable row stride, else a copy. */
    private static Tensor gemmReady(Tensor t) {
        return layout(t) != null ? t : t.detach().contiguous();
    }

    /** {transposed, leading dimension} of the matrices in {@code t}, or null if GEMM cannot read them in place. */
    private static int[] layout(Tensor t) {
        int rows = t.size(-2);
        int cols = t.size(-1);
        int rs = t.stride(-2);
        int cs = t.stride(-1);
        if ((cs == 1 || cols == 1) && (rs >= cols || rows == 1)) {
            return new int[] {0, Math.max(rows == 1 ? cols : rs, Math.max(cols, 1))};
        }
        if ((rs == 1 || rows == 1) && (cs >= rows || cols == 1)) {
            return new int[] {1, Math.max(cols == 1 ? rows : cs, Math.max(rows, 1))};
        }
        return null;
    }

    /** One GEMM per batch entry, as one call when there are several (the backend may run them in parallel). */
    private static void gemm(Backend backend, Tensor a, int[] offA, Tensor b, int[] offB, Tensor c, int[] offC, int n,
            int m, int k) {
        int[] la = layout(a);
        int[] lb = layout(b);
        boolean ta = la[0] == 1;
        boolean tb = lb[0] == 1;
        int ldc = Math.max(m, 1);
        if (a.dtype() == DType.FLOAT32) {
            float[] x = a.storage().floats();
            float[] y = b.storage().floats();
            float[] z = c.storage().floats();
            if (offC.length == 1) {
                backend.sgemm(ta, tb, n, m, k, 1f, x, offA[0], la[1], y, offB[0], lb[1], 0f, z, offC[0], ldc);
            } else {
                backend.sgemmBatch(ta, tb, n, m, k, 1f, x, offA, la[1], y, offB, lb[1], 0f, z, offC, ldc);
            }
        } else {
            double[] x = a.storage().doubles();
            double[] y = b.storage().doubles();
            double[] z = c.storage().doubles();
            if (offC.length == 1) {
                backend.dgemm(ta, tb, n, m, k, 1.0, x, offA[0], la[1], y, offB[0], lb[1], 0.0, z, offC[0], ldc);
            } else {
                backend.dgemmBatch(ta, tb, n, m, k, 1.0, x, offA, la[1], y, offB, lb[1], 0.0, z, offC, ldc);
            }
        }
    }

    /**
     * {@code x W^T + b} (PyTorch's {@code F.linear}): input {@code [*, in]}, weight {@code [out, in]}, optional bias
     * {@code [out]}, output {@code [*, out]}. One GEMM that starts from the bias rows (BLAS's beta = 1), and a backward
     * of two GEMMs that write the weight's gradient contiguous, so the engine adopts it as the leaf's gradient
     * without a copy. Fused because the composite ({@code matmul(weight.t()).add(bias)}) made the add a pass of its
     * own, reduced the bias gradient through a broadcast, and produced the weight gradient as a transposed view that
     * had to be copied: together about a third of an MLP's training step. When the backward is itself recorded
     * (higher-order gradients) the rule is the composite formulation, so it differentiates again.
     *
     * @throws IllegalArgumentException naming the shapes when they do not fit
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Check.sameFloating("linear", x, weight);
        int in = weight.dim() == 2 ? weight.size(1) : -1;
        int out = weight.dim() == 2 ? weight.size(0) : -1;
        if (in < 0 || x.dim() == 0 || x.size(-1) != in) {
            throw new IllegalArgumentException("linear: input " + x.shape() + " and weight " + weight.shape()
                    + " do not fit; expected a weight [out, in] and an input [*, in]");
        }
        if (bias != null) {
            Check.sameFloating("linear", x, bias);
            if (bias.dim() != 1 || bias.size(0) != out) {
                throw new IllegalArgumentException("linear: bias " + bias.shape() + " does not fit weight "
                        + weight.shape() + "; expected [" + out + "]");
            }
        }
        if (Autocast.current() != null && x.dtype() == DType.FLOAT32) {   // the product in 16 bits, as matmul's
            Tensor y = x.matmul(weight.t());
            return bias == null ? y : y.add(bias);
        }
        int[] dims = x.shape().toArray();
        dims[dims.length - 1] = out;
        int rows = Shape.of(java.util.Arrays.copyOf(dims, dims.length - 1)).numel();
        Tensor xc = x.detach().contiguous();
        Tensor wc = weight.detach().contiguous();
        Tensor y = Tensor.zeros(x.dtype(), Shape.of(dims));
        boolean withBias = bias != null && out > 0;
        if (withBias) {
            Tensor b = bias.detach().contiguous();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(array(b), b.offset(), array(y), r * out, out);
            }
        }
        gemm2d(false, true, rows, out, in, xc, in, wc, in, withBias, y, out);
        return Graph.record("linear", y, new Tensor[] {x, weight, bias}, new Tensor[] {x, weight}, (g, ctx) -> {
            Tensor xs = ctx.saved(0);
            Tensor ws = ctx.saved(1);
            if (GradMode.isEnabled()) {
                Tensor g2 = g.reshape(rows, out);
                return grads(ctx.needsGrad(0) ? g.matmul(ws) : null,
                        ctx.needsGrad(1) ? g2.t().matmul(xs.reshape(rows, in)) : null,
                        ctx.needsGrad(2) ? g2.sum(0) : null);
            }
            Tensor gc = g.contiguous();
            Tensor gx = null;
            Tensor gw = null;
            if (ctx.needsGrad(0)) {
                gx = Tensor.zeros(g.dtype(), xs.shape());
                gemm2d(false, false, rows, in, out, gc, out, ws.contiguous(), in, false, gx, in);
            }
            if (ctx.needsGrad(1)) {
                gw = ctx.gradBuffer(1);   // the weight's previous gradient, when zeroGrad() kept it; beta = 0 below
                if (gw == null) {
                    gw = Tensor.zeros(g.dtype(), ws.shape());
                }
                gemm2d(true, false, out, in, rows, gc, out, xs.contiguous(), in, false, gw, in);
            }
            return grads(gx, gw, ctx.needsGrad(2) ? gc.reshape(rows, out).sum(0) : null);
        });
    }

    /** Products from this many multiply-adds up are taken in two column halves (see {@link #gemm2d}). */
    private static final long HALVES_WORK = 1L << 24;
    /** From this many multiply-adds up, a product with a sum of at least {@link #HALVES_SUM} terms too. */
    private static final long HALVES_WORK_LONG_SUM = 1L << 23;
    private static final int HALVES_SUM = 512;
    /** From this size up OpenBLAS threads a product itself (its {@code THREADED_WORK}); no halves there. */
    private static final long HALVES_LIMIT = 1L << 28;

    /**
     * {@code c = op(a) op(b) (+ c when accumulate)} on contiguous row-major matrices at their offsets. A product of
     * middling size (a linear layer's at batch 64 to 256) is taken as two products over halves of c's columns, whose
     * split depends only on the shape, at once when there are two threads: below OpenBLAS's own threading size that
     * was the only way a second thread helped. Handing a half to the other thread costs about 30 µs here (waking
     * it), and two products at once share the caches, so only products that gained, measured one by one, are split
     * (1 and 2 threads, OpenBLAS 0.3.21, µs one call / two halves at once): 64x256x784 (NT) 175 / 137,
     * 256x784x128 (TN) 284 / 240, 256x256x784 and 256x784x256 583 / 391 and 575 / 393; not 2^21-element products
     * (27 / 40), 256x784x64 (TN, a sum of 64 terms) 141 / 154 or 256x128x256 98 / 108. Each column's sum is the
     * same either way, and the result does not depend on the thread count.
     */
    private static void gemm2d(boolean ta, boolean tb, int m, int n, int k, Tensor a, int lda, Tensor b, int ldb,
            boolean accumulate, Tensor c, int ldc) {
        long work = (long) m * n * k;
        boolean halves = work < HALVES_LIMIT && n >= 64
                && (work >= HALVES_WORK || (work >= HALVES_WORK_LONG_SUM && k >= HALVES_SUM));
        if (!halves) {
            columns(ta, tb, m, 0, n, k, a, lda, b, ldb, accumulate, c, ldc);
            return;
        }
        int mid = ((n + 1) / 2 + 15) & ~15;
        int parts = Math.min(2, Workers.threads());
        Workers.run(parts, p -> {
            for (int half = p; half < 2; half += parts) {
                columns(ta, tb, m, half == 0 ? 0 : mid, half == 0 ? mid : n, k, a, lda, b, ldb, accumulate, c, ldc);
            }
        });
    }

    /** Columns {@code [from, to)} of {@link #gemm2d}'s product. */
    private static void columns(boolean ta, boolean tb, int m, int from, int to, int k, Tensor a, int lda, Tensor b,
            int ldb, boolean accumulate, Tensor c, int ldc) {
        Backend backend = Backend.current();
        int bAt = b.offset() + (tb ? from * ldb : from);
        if (c.dtype() == DType.FLOAT32) {
            backend.sgemm(ta, tb, m, to - from, k, 1f, a.storage().floats(), a.offset(), Math.max(lda, 1),
                    b.storage().floats(), bAt, Math.max(ldb, 1), accumulate ? 1f : 0f, c.storage().floats(),
                    c.offset() + from, Math.max(ldc, 1));
        } else {
            backend.dgemm(ta, tb, m, to - from, k, 1.0, a.storage().doubles(), a.offset(), Math.max(lda, 1),
                    b.storage().doubles(), bAt, Math.max(ldb, 1), accumulate ? 1.0 : 0.0,
                    c.storage().doubles(), c.offset() + from, Math.max(ldc, 1));
        }
    }

    private static Object array(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? t.storage().floats() : t.storage().doubles();
    }

    /** The outer product of two vectors: {@code [n] x [m] -> [n, m]}. */
    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: expects two 1-D tensors, got " + a.shape() + " and "
                    + b.shape());
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    /** The dot product of two vectors of equal length. */
    public static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1 || a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("dot: expects two 1-D tensors of equal length, got " + a.shape()
                    + " and " + b.shape());
        }
        return matmul(a, b);
    }
}
