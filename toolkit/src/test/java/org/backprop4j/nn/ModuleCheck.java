package org.backprop4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.gradcheck.GradCheckReport;
import org.backprop4j.tensor.Tensor;

/**
 * Gradient checks of a module with respect to its inputs and its parameters at once (second order: inputs). GradCheck perturbs copies of
 * its inputs, so the function copies the (perturbed) parameter inputs into the module before each forward, and the
 * parameters are restored afterwards.
 */
final class ModuleCheck {
    private ModuleCheck() {
    }

    /** Checks {@code forward(inputs)} at first (and, with {@code secondOrder}, second) order. */
    static GradCheckReport check(Module module, Function<Tensor[], Tensor> forward, boolean secondOrder,
            Tensor... inputs) {
        List<Parameter> params = module.parameters().stream().filter(Tensor::requiresGrad).toList();
        int n = inputs.length;
        Tensor[] all = Arrays.copyOf(inputs, n + params.size());
        for (int i = 0; i < params.size(); i++) {
            all[n + i] = params.get(i);
        }
        List<Tensor> saved = params.stream().map(p -> p.detach().clone()).toList();
        Function<Tensor[], Tensor> fn = in -> {
            try (Scope _ = GradMode.noGrad()) {
                for (int i = 0; i < params.size(); i++) {
                    if (in[n + i] != params.get(i)) {
                        params.get(i).copyFrom(in[n + i]);
                    }
                }
            }
            return forward.apply(Arrays.copyOf(in, n));
        };
        GradCheckReport report;
        try {
            report = GradCheck.check(fn, all);
        } finally {
            restore(params, saved);
        }
        if (secondOrder) {
            // Second order with respect to the inputs, the parameters held fixed: the gradient function must
            // differentiate through the tensors GradCheck perturbs, and the module can only read its own fields.
            // The parameters' second derivatives are checked on the functional ops (NeuralOpCases).
            report = GradCheck.checkSecondOrder(forward, inputs);
        }
        return report;
    }

    private static void restore(List<Parameter> params, List<Tensor> saved) {
        try (Scope _ = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).copyFrom(saved.get(i));
            }
        }
    }
}
