package org.backprop4j.ops;

import static org.backprop4j.ops.Elementwise.grads;

import org.backprop4j.array.DType;
import org.backprop4j.array.LowPrecision;
import org.backprop4j.array.Scope;
import org.backprop4j.array.internal.Check;
import org.backprop4j.array.internal.Kernels;
import org.backprop4j.array.internal.Loops;
import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;

/**
 * Mixed precision in the manner of PyTorch's {@code torch.autocast}: inside {@link #enable(LowPrecision)} every
 * matrix product of float32 operands ({@code matmul}, so also {@code Linear} and the convolutions) rounds both
 * operands to the 16-bit format, multiplies them with float32 accumulation and rounds the product to the format,
 * the arithmetic of a bfloat16 GEMM such as OpenBLAS's {@code cbf16 sbgemm} (a product of two bfloat16 values is
 * exact in float32). Everything else (bias additions, activations, normalization, reductions, losses) stays in
 * float32, as do the parameters: they are the float32 "master weights" the optimizer updates (Micikevicius et al.
 * 2018, "Mixed Precision Training"). Float64 operands are left alone.
 *
 * <p>The 16-bit values are held in float32 tensors (each element exactly a bfloat16 or float16 value), so the
 * GEMM is the backend's float32 one: the rounding, not the speed, of low precision is what this reproduces.
 * Gradients follow PyTorch: the gradient reaching a rounded operand is itself rounded to the format (a 16-bit
 * tensor's gradient is 16-bit), then passed on unchanged. With float16, scale the loss
 * ({@code optim.GradScaler}) so that small gradients do not underflow.
 *
 * <p>The switch is per thread, like PyTorch's.
 *
 * {@snippet file="TechniqueSnippets.java" region="autocast"}
 */
public final class Autocast {
    private static final ThreadLocal<LowPrecision> CURRENT = new ThreadLocal<>();
    private static final Loops.Unary TO_BF16 = Loops.unary((v, a, b) -> LowPrecision.BFLOAT16.round(v));
    private static final Loops.Unary TO_F16 = Loops.unary((v, a, b) -> LowPrecision.FLOAT16.round(v));

    private Autocast() {
    }

    /** Runs float32 matrix products in {@code format} until the scope closes; scopes nest. */
    public static Scope enable(LowPrecision format) {
        if (format == null) {
            throw new IllegalArgumentException("Autocast.enable: the format must be BFLOAT16 or FLOAT16, got null");
        }
        return set(format);
    }

    /** Turns autocast off until the scope closes (e.g. for a part of the model that needs float32). */
    public static Scope disable() {
        return set(null);
    }

    private static Scope set(LowPrecision format) {
        LowPrecision previous = CURRENT.get();
        CURRENT.set(format);
        return () -> CURRENT.set(previous);
    }

    /** The format of the enclosing {@link #enable} scope on this thread, or null outside one. */
    public static LowPrecision current() {
        return CURRENT.get();
    }

    /**
     * {@code x} with every element rounded to {@code format} (to nearest, ties to even; float64 through float32),
     * keeping its dtype: the emulated cast {@code x.to(bfloat16)}. Gradient: the incoming gradient rounded to
     * {@code format}, as PyTorch's cast back from the 16-bit tensor's gradient. The rounding is a step function,
     * so finite differences cannot check this rule; it is checked against PyTorch's casts instead.
     */
    public static Tensor round(Tensor x, LowPrecision format) {
        Check.floating("Autocast.round", x);
        if (format == null) {
            throw new IllegalArgumentException("Autocast.round: the format must be BFLOAT16 or FLOAT16, got null");
        }
        if (format == LowPrecision.BFLOAT16) {
            return Graph.record("to_bfloat16", Tensor.of(Kernels.map(x, TO_BF16), x.shape()), new Tensor[] {x},
                    (g, ctx) -> grads(round(g, format)));
        }
        return Graph.record("to_float16", Tensor.of(Kernels.map(x, TO_F16), x.shape()), new Tensor[] {x},
                (g, ctx) -> grads(round(g, format)));
    }

    /**
     * The autocast product: {@code round(round(a) @ round(b))} in the current format, or null when autocast is off
     * or an operand is not float32 (then the caller computes in full precision).
     */
    static Tensor matmul(Tensor a, Tensor b) {
        LowPrecision format = CURRENT.get();
        if (format == null || a.dtype() != DType.FLOAT32 || b.dtype() != DType.FLOAT32) {
            return null;
        }
        try (Scope _ = disable()) {
            return round(LinAlg.matmul(round(a, format), round(b, format)), format);
        }
    }
}
