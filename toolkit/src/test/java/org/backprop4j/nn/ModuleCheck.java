package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.gradcheck.GradCheckOptions;
import org.backprop4j.gradcheck.GradCheckReport;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.testing.Jacobians;

/**
 * Gradient checks of a module with respect to its inputs and its parameters at once (second order: inputs). GradCheck perturbs copies of
 * its inputs, so the function copies the (perturbed) parameter inputs into the module before each forward, and the
 * parameters are restored afterwards.
 */
final class ModuleCheck {
    private ModuleCheck() {
    }

    /** The first-order report (inputs and parameters) and, when asked for, the second-order one (inputs), or null. */
    record Reports(GradCheckReport first, GradCheckReport second) {
        /**
         * Asserts what passing checks leave open: that they compared every element of the inputs and of all the
         * module's parameters with every element of {@code output}, and that each entry agrees within the absolute
         * tolerance alone (the check allows {@code atol + rtol |numerical|}).
         */
        void assertEveryEntryComparedWithinAtol(Module module, Tensor[] inputs, Tensor output) {
            double atol = GradCheckOptions.DEFAULT.atol();
            assertThat(first.compared()).as("every element of the inputs and of the %d parameters against every "
                    + "output element", module.numParameters()).isPositive()
                    .isEqualTo(Jacobians.entries(inputs, List.of(output)) + module.numParameters() * output.numel());
            assertThat(first.maxAbsDiff()).as(first.describe()).isLessThanOrEqualTo(atol);
            if (second != null) {
                assertThat(second.compared()).as("every input and output-gradient element against every gradient "
                        + "element").isPositive().isEqualTo(Jacobians.secondOrderEntries(inputs, List.of(output)));
                assertThat(second.maxAbsDiff()).as(second.describe()).isLessThanOrEqualTo(atol);
            }
        }
    }

    /** Checks {@code forward(inputs)} at first (and, with {@code secondOrder}, second) order. */
    static Reports check(Module module, Function<Tensor[], Tensor> forward, boolean secondOrder, Tensor... inputs) {
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
        GradCheckReport first;
        try {
            first = GradCheck.check(fn, all);
        } finally {
            restore(params, saved);
        }
        // Second order with respect to the inputs, the parameters held fixed: the gradient function must
        // differentiate through the tensors GradCheck perturbs, and the module can only read its own fields.
        // The parameters' second derivatives are checked on the functional ops (NeuralOpCases).
        return new Reports(first, secondOrder ? GradCheck.checkSecondOrder(forward, inputs) : null);
    }

    private static void restore(List<Parameter> params, List<Tensor> saved) {
        try (Scope _ = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).copyFrom(saved.get(i));
            }
        }
    }
}
