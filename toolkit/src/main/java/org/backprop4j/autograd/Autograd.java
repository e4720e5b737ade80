package org.backprop4j.autograd;

import java.util.List;

import org.backprop4j.tensor.Tensor;

/**
 * Entry points of reverse-mode differentiation: {@link #backward} accumulates gradients into leaves, and
 * {@link #grad} returns gradients without touching any {@code grad()} (PyTorch's {@code torch.autograd.grad}).
 *
 * <pre>{@code
 * Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
 * Tensor y = x.pow(3).sum();
 * Tensor g = Autograd.grad(y, x, BackwardOptions.DEFAULT.withCreateGraph(true))[0]; // 3 x^2
 * Tensor h = Autograd.grad(g.sum(), x)[0];                                          // 6 x
 * }</pre>
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
     */
    public static void backward(List<Tensor> outputs, List<Tensor> gradients, BackwardOptions options) {
        if (outputs.size() != gradients.size()) {
            throw new IllegalArgumentException("backward: " + outputs.size() + " outputs but " + gradients.size()
                    + " gradients");
        }
        Tensor[] seeds = new Tensor[outputs.size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = seed("backward", outputs.get(i), gradients.get(i));
        }
        Engine.run(outputs.toArray(Tensor[]::new), seeds, null, options);
    }

    /** Backward from {@code output} with incoming gradient {@code gradient} (ones for a scalar if null). */
    public static void backward(Tensor output, Tensor gradient, BackwardOptions options) {
        Engine.run(new Tensor[] {output}, new Tensor[] {seed("backward", output, gradient)}, null, options);
    }

    /** The gradients of scalar {@code output} with respect to {@code inputs}. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(output, BackwardOptions.DEFAULT, inputs);
    }

    /** The gradients of scalar {@code output} with respect to {@code inputs}, with options. */
    public static Tensor[] grad(Tensor output, BackwardOptions options, Tensor... inputs) {
        return grad(List.of(output), java.util.Arrays.asList(new Tensor[] {null}), List.of(inputs), options);
    }

    /**
     * The sum over outputs of vector-Jacobian products {@code gradOutputs[i]^T d outputs[i] / d inputs}.
     * A null entry of {@code gradOutputs} stands for ones and is allowed only for a scalar output.
     *
     * @return one gradient per input; null for an unused input when {@code allowUnused} is set
     * @throws AutogradException if an input does not require grad, or is unused and {@code allowUnused} is off
     */
    public static Tensor[] grad(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs,
            BackwardOptions options) {
        if (outputs.size() != gradOutputs.size()) {
            throw new IllegalArgumentException("grad: " + outputs.size() + " outputs but " + gradOutputs.size()
                    + " gradOutputs");
        }
        Tensor[] roots = outputs.toArray(Tensor[]::new);
        Tensor[] seeds = new Tensor[roots.length];
        for (int i = 0; i < roots.length; i++) {
            seeds[i] = seed("grad", roots[i], gradOutputs.get(i));
        }
        return Engine.run(roots, seeds, inputs.toArray(Tensor[]::new), options);
    }

    private static Tensor seed(String op, Tensor output, Tensor gradient) {
        if (gradient != null) {
            return gradient;
        }
        if (output.numel() != 1) {
            throw new AutogradException(op + ": output has shape " + output.shape()
                    + "; a gradient can be created implicitly only for a scalar output, so pass one of that shape");
        }
        return Tensor.onesLike(output);
    }
}
