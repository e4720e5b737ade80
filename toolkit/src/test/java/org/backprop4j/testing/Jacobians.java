package org.backprop4j.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.backprop4j.tensor.Tensor;

/**
 * How many Jacobian entries a full (not fast-mode) gradient check compares, counted from its inputs and outputs, so
 * that a test can tell the check covered every element of every input against every element of every output.
 * Inputs that do not require grad are constants: they are not perturbed, so they add no entries.
 */
public final class Jacobians {
    private Jacobians() {
    }

    /** {@code GradCheck.check}: every element of the inputs that require grad against every output element. */
    public static long entries(Tensor[] inputs, List<Tensor> outputs) {
        return differentiable(inputs) * elements(outputs);
    }

    /**
     * {@code GradCheck.checkSecondOrder}: its function is the gradient, one element per element of the inputs that
     * require grad, and it is checked against those inputs and one output gradient per output element.
     */
    public static long secondOrderEntries(Tensor[] inputs, List<Tensor> outputs) {
        long n = differentiable(inputs);
        return n * (n + elements(outputs));
    }

    private static long differentiable(Tensor[] inputs) {
        return Arrays.stream(inputs).filter(t -> t != null && t.requiresGrad()).mapToLong(Tensor::numel).sum();
    }

    private static long elements(List<Tensor> outputs) {
        return outputs.stream().filter(Objects::nonNull).mapToLong(Tensor::numel).sum();
    }
}
