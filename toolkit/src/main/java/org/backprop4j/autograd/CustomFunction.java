package org.backprop4j.autograd;

/**
 * A differentiable function with a hand-written derivative, like PyTorch's {@code torch.autograd.Function}.
 * {@code forward} runs without recording; {@code backward} gets the output's gradient and returns one gradient per
 * input (null for an input that gets none). Parameters of the function are fields of the implementing class.
 *
 * {@snippet file="CoreSnippets.java" region="customFunction"}
 * {@snippet file="CoreSnippets.java" region="customFunctionCall"}
 *
 * @param <V> the tensor type ({@code Tensor})
 */
public interface CustomFunction<V extends Variable<V>> {
    @SuppressWarnings("unchecked")
    V forward(FunctionContext<V> ctx, V... inputs);

    V[] backward(FunctionContext<V> ctx, V gradOutput);

    /** The name shown for this function's node: the simple class name, or {@code Outer$1} for an anonymous class. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName().substring(getClass().getName().lastIndexOf('.') + 1) : simple;
    }

    /**
     * Runs {@code forward} and records {@code backward} as the derivative rule of its output.
     *
     * @throws IllegalArgumentException if no input is given
     */
    @SuppressWarnings("unchecked")
    default V apply(V... inputs) {
        V first = null;
        for (int i = 0; i < inputs.length && first == null; i++) {
            first = inputs[i];
        }
        if (first == null) {
            throw new IllegalArgumentException(name() + ".apply: needs at least one input tensor");
        }
        FunctionContext<V> ctx = new FunctionContext<>();
        V out;
        try (var _ = GradMode.noGrad()) {
            out = forward(ctx, inputs);
        }
        if (out.requiresGrad() || out.gradFn() != null || isView(out, inputs)) {
            out = out.detach().clone();
        }
        return Graph.record(name(), out, inputs, ctx.savedArray(first.newArray(0)), (g, node) -> {
            ctx.bind(node);
            // user code may keep what it sees or returns; the engine must not adopt those as a leaf's own gradient
            g.storage().markShared();
            V[] grads = backward(ctx, g);
            for (int i = 0; grads != null && i < grads.length; i++) {
                if (grads[i] != null) {
                    grads[i].storage().markShared();
                }
            }
            return grads;
        });
    }

    private static <V extends Variable<V>> boolean isView(V out, V[] inputs) {
        for (V t : inputs) {
            if (t != null && t.storage() == out.storage()) {
                return true;
            }
        }
        return false;
    }
}
