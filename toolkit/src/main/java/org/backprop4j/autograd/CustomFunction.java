package org.backprop4j.autograd;

import org.backprop4j.tensor.Tensor;

/**
 * A differentiable function with a hand-written derivative, like PyTorch's {@code torch.autograd.Function}.
 * {@code forward} runs without recording; {@code backward} gets the output's gradient and returns one gradient per
 * input (null for an input that gets none). Parameters of the function are fields of the implementing class.
 *
 * <pre>{@code
 * record Cube() implements CustomFunction {
 *     public Tensor forward(FunctionContext ctx, Tensor... in) {
 *         ctx.saveForBackward(in[0]);
 *         return in[0].pow(3);
 *     }
 *     public Tensor[] backward(FunctionContext ctx, Tensor grad) {
 *         Tensor x = ctx.saved(0);
 *         return new Tensor[] {grad.mul(x.pow(2)).mul(3)};
 *     }
 * }
 * Tensor y = new Cube().apply(x);
 * }</pre>
 */
public interface CustomFunction {
    Tensor forward(FunctionContext ctx, Tensor... inputs);

    Tensor[] backward(FunctionContext ctx, Tensor gradOutput);

    /** The name shown for this function's node: the simple class name, or {@code Outer$1} for an anonymous class. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName().substring(getClass().getName().lastIndexOf('.') + 1) : simple;
    }

    /** Runs {@code forward} and records {@code backward} as the derivative rule of its output. */
    default Tensor apply(Tensor... inputs) {
        FunctionContext ctx = new FunctionContext();
        Tensor out;
        try (Scope _ = GradMode.noGrad()) {
            out = forward(ctx, inputs);
        }
        if (out.requiresGrad() || out.gradFn() != null || isView(out, inputs)) {
            out = out.detach().clone();
        }
        Tensor result = out;
        return Graph.record(name(), result, inputs, ctx.savedArray(), (g, node) -> {
            ctx.bind(node);
            return backward(ctx, g);
        });
    }

    private static boolean isView(Tensor out, Tensor[] inputs) {
        for (Tensor t : inputs) {
            if (t != null && t.storage() == out.storage()) {
                return true;
            }
        }
        return false;
    }
}
