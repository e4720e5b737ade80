package org.backprop4j.autograd;

import java.util.List;

/**
 * Entry points of reverse-mode differentiation: {@link #backward} accumulates gradients into leaves, and
 * {@link #grad} returns gradients without touching any {@code grad()} (PyTorch's {@code torch.autograd.grad}).
 *
 * {@snippet file="CoreSnippets.java" region="autograd"}
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * Backward from several outputs at once, each with its own incoming gradient (null stands for ones and is
     * allowed only for a scalar output).
     *
     * @throws AutogradException if an output does not require grad, a gradient's shape differs from its output's,
     *                           or the graph was freed
     * @throws IllegalArgumentException if there are no outputs, or not one gradient per output
     */
    public static <V extends Variable<V>> void backward(List<V> outputs, List<V> gradients,
            BackwardOptions options) {
        checkCounts("backward", outputs.size(), gradients.size(), "gradients");
        V[] roots = outputs.getFirst().newArray(outputs.size());
        V[] seeds = outputs.getFirst().newArray(outputs.size());
        for (int i = 0; i < seeds.length; i++) {
            roots[i] = outputs.get(i);
            seeds[i] = seed("backward", roots[i], gradients.get(i));
        }
        Engine.run(roots, seeds, null, options);
    }

    /** Backward from {@code output} with incoming gradient {@code gradient} (ones for a scalar if null). */
    public static <V extends Variable<V>> void backward(V output, V gradient, BackwardOptions options) {
        V[] roots = output.newArray(1);
        V[] seeds = output.newArray(1);
        roots[0] = output;
        seeds[0] = seed("backward", output, gradient);
        Engine.run(roots, seeds, null, options);
    }

    /** The gradients of scalar {@code output} with respect to {@code inputs}. */
    @SafeVarargs
    public static <V extends Variable<V>> V[] grad(V output, V... inputs) {
        return grad(output, BackwardOptions.DEFAULT, inputs);
    }

    /** The gradients of scalar {@code output} with respect to {@code inputs}, with options. */
    @SafeVarargs
    public static <V extends Variable<V>> V[] grad(V output, BackwardOptions options, V... inputs) {
        return grad(List.of(output), java.util.Arrays.asList(output.newArray(1)), List.of(inputs), options);
    }

    /**
     * The sum over outputs of vector-Jacobian products {@code gradOutputs[i]^T d outputs[i] / d inputs}.
     * A null entry of {@code gradOutputs} stands for ones and is allowed only for a scalar output.
     *
     * @return one gradient per input; null for an unused input when {@code allowUnused} is set
     * @throws AutogradException if an input does not require grad, or is unused and {@code allowUnused} is off
     * @throws IllegalArgumentException if there are no outputs, or not one gradient per output
     */
    public static <V extends Variable<V>> V[] grad(List<V> outputs, List<V> gradOutputs, List<V> inputs,
            BackwardOptions options) {
        checkCounts("grad", outputs.size(), gradOutputs.size(), "gradOutputs");
        V first = outputs.getFirst();
        V[] roots = first.newArray(outputs.size());
        V[] seeds = first.newArray(outputs.size());
        for (int i = 0; i < roots.length; i++) {
            roots[i] = outputs.get(i);
            seeds[i] = seed("grad", roots[i], gradOutputs.get(i));
        }
        V[] in = first.newArray(inputs.size());
        for (int i = 0; i < in.length; i++) {
            in[i] = inputs.get(i);
        }
        return Engine.run(roots, seeds, in, options);
    }

    private static void checkCounts(String op, int outputs, int gradients, String name) {
        if (outputs == 0) {
            throw new IllegalArgumentException(op + ": no outputs to differentiate");
        }
        if (outputs != gradients) {
            throw new IllegalArgumentException(op + ": " + outputs + " outputs but " + gradients + " " + name);
        }
    }

    private static <V extends Variable<V>> V seed(String op, V output, V gradient) {
        if (gradient != null) {
            return gradient;
        }
        if (output.numel() != 1) {
            throw new AutogradException(op + ": output has shape " + output.shape()
                    + "; a gradient can be created implicitly only for a scalar output, so pass one of that shape");
        }
        return output.newOnes();
    }
}
