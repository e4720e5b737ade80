package org.backprop4j.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * One entry of the {@link OpCases} catalog: a function of float64 leaves that exercises some public {@link Tensor}
 * methods, the inputs to check it at, and whether its gradient is itself differentiable there.
 *
 * @param name    what is checked, shown as the test's display name
 * @param methods the {@code Tensor} methods the case exists to check, as {@code name(ParamType,...)} signatures
 * @param outputs the function; most have one output, split-like ops several
 * @param inputs  builds the inputs from a generator seeded with {@code seed}, so every call gives equal values
 * @param twice   true when {@link GradCheck#checkSecondOrder} applies (smooth at the inputs, no once-only rule)
 * @param options tolerances; the default except where a case says why (float32 casts)
 */
record OpCase(String name, List<String> methods, Function<Tensor[], List<Tensor>> outputs,
        Function<Rng, Tensor[]> inputs, long seed, boolean twice, GradCheckOptions options) {

    Tensor[] freshInputs() {
        return inputs.apply(Rng.seeded(seed));
    }

    /** The function with one output: the outputs flattened and joined, which keeps every one of them checked. */
    Function<Tensor[], Tensor> joined() {
        return in -> {
            List<Tensor> ys = outputs.apply(in);
            if (ys.size() == 1) {
                return ys.getFirst();
            }
            List<Tensor> flat = new ArrayList<>();
            for (Tensor y : ys) {
                flat.add(y.flatten());
            }
            return Tensor.cat(flat, 0);
        };
    }

    GradCheckReport checkFirstOrder() {
        return GradCheck.checkOutputs(options, outputs, freshInputs());
    }

    GradCheckReport checkSecondOrder() {
        return GradCheck.checkSecondOrder(options, joined(), freshInputs());
    }

    @Override
    public String toString() {
        return name;
    }
}
