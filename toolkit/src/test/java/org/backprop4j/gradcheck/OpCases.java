package org.backprop4j.gradcheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;

/**
 * The catalog of gradient checks: every public differentiable method of {@link Tensor}, each at several shapes,
 * with broadcasting and with non-contiguous operands (transposed, strided or expanded views of a leaf, and leaves
 * that are such views). Inputs are float64, small, and kept away from kinks, ties and domain edges; cases placed on
 * a kink or a zero on purpose, where no second derivative exists, are first-order only. The cases live in one file
 * per op family ({@link ElementwiseCases}, {@link ActivationCases}, {@link ReductionCases}, {@link LinAlgCases},
 * {@link ShapingCases}, {@link IndexingCases}, and for the neural-network op families outside {@code Tensor},
 * {@link NeuralOpCases}, {@link RecurrentCases}, {@link SequenceOpCases}); {@code OpCoverageTest} fails when a
 * public method or a primitive op is missing from them.
 */
final class OpCases {
    /**
     * For casts through float32: float32 keeps about 7 digits, so a step of 1e-6 would measure rounding noise. A
     * step of 1e-2 makes the rounding error about 1e-5; the tolerances still reject any wrong derivative.
     */
    static final GradCheckOptions FLOAT32_ROUND_TRIP = GradCheckOptions.DEFAULT.withEps(1e-2).withAtol(1e-3)
            .withRtol(1e-2);

    private static final List<OpCase> ALL = build();

    private OpCases() {
    }

    static List<OpCase> all() {
        return ALL;
    }

    static List<OpCase> secondOrder() {
        return ALL.stream().filter(OpCase::twice).toList();
    }

    private static List<OpCase> build() {
        Catalog c = new Catalog();
        ElementwiseCases.addTo(c);
        ActivationCases.addTo(c);
        ReductionCases.addTo(c);
        LinAlgCases.addTo(c);
        ShapingCases.addTo(c);
        IndexingCases.addTo(c);
        NeuralOpCases.addTo(c);
        RecurrentCases.addTo(c);
        SequenceOpCases.addTo(c);
        SpatialOpCases.addTo(c);
        ExtraOpCases.addTo(c);
        return List.copyOf(c.cases);
    }

    /**
     * Collects cases. {@code methods} lists the signatures a case checks, separated by spaces, in the form
     * {@code name(ParamType,...)} with simple type names: {@code "sum(int[],boolean)"}.
     */
    static final class Catalog {
        private final List<OpCase> cases = new ArrayList<>();

        /** A case checked at first and second order. */
        void twice(String name, String methods, Function<Tensor[], Tensor> fn, Function<Rng, Tensor[]> inputs) {
            add(name, methods, in -> List.of(fn.apply(in)), inputs, true, GradCheckOptions.DEFAULT);
        }

        /** A case checked at first order only: its inputs sit where the second derivative does not exist. */
        void once(String name, String methods, Function<Tensor[], Tensor> fn, Function<Rng, Tensor[]> inputs) {
            add(name, methods, in -> List.of(fn.apply(in)), inputs, false, GradCheckOptions.DEFAULT);
        }

        /** A case with several outputs, checked together at first and second order. */
        void twiceOutputs(String name, String methods, Function<Tensor[], List<Tensor>> fn,
                Function<Rng, Tensor[]> inputs) {
            add(name, methods, fn, inputs, true, GradCheckOptions.DEFAULT);
        }

        void add(String name, String methods, Function<Tensor[], List<Tensor>> fn, Function<Rng, Tensor[]> inputs,
                boolean twice, GradCheckOptions options) {
            List<String> signatures = methods.isBlank() ? List.of() : Arrays.asList(methods.split(" "));
            cases.add(new OpCase(name, signatures, fn, inputs, 1000 + cases.size(), twice, options));
        }
    }
}
