package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.array.internal.Check;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;

/**
 * Inverted dropout as one op: the mask drawn, applied and scaled in one pass, kept as one boolean per element for
 * the backward. Written as {@code x.mul(rand(FLOAT64).ge(p).to(dtype)).div(1 - p)} before, five ops and four
 * tensors the size of the input (the uniform doubles, the bool mask, its float copy through the generic cast, the
 * product), which with the backward's two took about a third of a TransformerEncoderLayer's training step. The
 * values are the same to the bit: the mask consumes the generator exactly as {@code Tensor.rand} in float64 does
 * (one {@link Rng#nextDouble()} per element in row-major order, kept when it is at least {@code p}), the output is
 * {@code (x k) / (1 - p)} and the gradient {@code (g / (1 - p)) k}, each in the input's dtype.
 */
public final class Dropouts {
    private Dropouts() {
    }

    /**
     * Zeroes each element of {@code x} with probability {@code p} and divides the rest by {@code 1 - p}; the mask
     * comes from {@code rng} (null: the global generator). {@code p} 0 returns {@code x}; {@code p} 1 returns
     * {@code x * 0}.
     *
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]} or {@code x} is not floating point
     */
    public static Tensor dropout(Tensor x, double p, Rng rng) {
        Check.closedUnitInterval("dropout", "p", p);
        Check.floating("dropout", x);
        if (p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        Rng r = rng == null ? Rng.global() : rng;
        int n = x.shape().numel();
        boolean[] keep = new boolean[n];
        synchronized (r) {
            for (int i = 0; i < n; i++) {
                keep[i] = r.nextDouble() >= p;
            }
        }
        Tensor in = x.detach().contiguous();
        Storage y = Storage.allocate(x.dtype(), n);
        boolean f32 = x.dtype() == DType.FLOAT32;
        float sf = (float) (1 - p);
        double sd = 1 - p;
        if (f32) {
            float[] xv = in.storage().floats();
            float[] yv = y.floats();
            int off = in.offset();
            for (int i = 0; i < n; i++) {
                yv[i] = xv[off + i] * (keep[i] ? 1f : 0f) / sf;
            }
        } else {
            double[] xv = in.storage().doubles();
            double[] yv = y.doubles();
            int off = in.offset();
            for (int i = 0; i < n; i++) {
                yv[i] = xv[off + i] * (keep[i] ? 1.0 : 0.0) / sd;
            }
        }
        Shape shape = x.shape(); // the backward holds the shape and the mask, not the input
        return Graph.record("dropout", Tensor.of(y, shape), new Tensor[] {x}, (g, ctx) -> {
            if (GradMode.isEnabled()) {
                Tensor k = Tensor.of(Storage.of(keep), shape).to(g.dtype());
                return grads(g.div(1 - p).mul(k));
            }
            Tensor gc = g.contiguous();
            Storage gx = Storage.allocate(g.dtype(), n);
            if (g.dtype() == DType.FLOAT32) {
                float[] gv = gc.storage().floats();
                float[] out = gx.floats();
                int off = gc.offset();
                for (int i = 0; i < n; i++) {
                    out[i] = gv[off + i] / sf * (keep[i] ? 1f : 0f);
                }
            } else {
                double[] gv = gc.storage().doubles();
                double[] out = gx.doubles();
                int off = gc.offset();
                for (int i = 0; i < n; i++) {
                    out[i] = gv[off + i] / sd * (keep[i] ? 1.0 : 0.0);
                }
            }
            return grads(Tensor.of(gx, shape));
        });
    }
}
