package org.backprop4j.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.backprop4j.array.Rng;

/**
 * Gradient checkpointing (PyTorch's {@code torch.utils.checkpoint}): runs a function whose ops record the graph as
 * usual but keep none of the activations they would save for backward; the first backward that needs them reruns
 * the function to get them back. A network of {@code n} layers cut into {@code k} checkpointed segments then holds
 * the {@code k} segment inputs plus one segment's activations, {@code O(n/k + k)}, which is {@code O(sqrt n)} at
 * {@code k = sqrt n}, for about one more forward pass (Chen et al., "Training deep nets with sublinear memory cost",
 * 2016; Griewank and Walther, 2000).
 *
 * <p>What stays: the graph's nodes, the function's inputs and the leaves that require grad (parameters), which are
 * alive anyway. Random ops replay the same numbers: the states of {@link Rng#global()} and of the generators in the
 * {@link Options} are saved before the forward and restored for the recomputation (and put back afterwards), as
 * PyTorch's {@code preserve_rng_state}. Gradients equal the plain run's bit for bit, since the same kernels run on the
 * same values. Higher-order gradients work: with {@code createGraph} the recomputed tensors carry their own graph, so
 * the backward pass can be differentiated again. Gradients reach parameters the function uses without naming them
 * ({@code Autograd.grad} with respect to them too).
 *
 * <p>The function must compute the same ops on every call; recomputation checks the shapes and dtypes it gets
 * against the forward's and fails naming the first difference. Modifying an input or a parameter in place between
 * forward and backward is an error, and so is a backward inside the function that reaches the function's own ops
 * (their saved tensors are gone before it returns). Layers that update state in their forward (BatchNorm's running
 * statistics in training mode) update it again when recomputed, as in PyTorch.
 *
 * {@snippet file="TechniqueSnippets.java" region="gradientCheckpoint"}
 */
public final class GradientCheckpoint {
    private GradientCheckpoint() {
    }

    /**
     * Settings of a checkpoint.
     *
     * @param preserveRngState save and restore the generators' states around the recomputation, so random ops
     *                         (dropout) draw the same numbers; turn off only for functions that draw none
     * @param generators       generators besides {@link Rng#global()} the function draws from (a {@code Dropout}
     *                         made with its own {@code Rng})
     */
    public record Options(boolean preserveRngState, List<Rng> generators) {
        public static final Options DEFAULT = new Options(true, List.of());

        /** @throws NullPointerException if {@code generators} or one of them is null */
        public Options {
            generators = List.copyOf(Objects.requireNonNull(generators, "GradientCheckpoint.Options: generators"));
        }

        public Options withPreserveRngState(boolean value) {
            return new Options(value, generators);
        }

        public Options withGenerators(List<Rng> value) {
            return new Options(preserveRngState, value);
        }
    }

    /** {@link #apply(Options, Function, Variable[])} with the default options. */
    @SafeVarargs
    public static <V extends Variable<V>> V apply(Function<V[], V> fn, V... inputs) {
        return apply(Options.DEFAULT, fn, inputs);
    }

    /**
     * Runs {@code fn} on {@code inputs} without keeping the activations its ops save for backward. Outside grad mode
     * it simply runs {@code fn}.
     *
     * @return what {@code fn} returns, part of the graph as if {@code fn} had run plainly
     * @throws NullPointerException if {@code options}, {@code fn} or {@code inputs} is null
     */
    @SafeVarargs
    public static <V extends Variable<V>> V apply(Options options, Function<V[], V> fn, V... inputs) {
        Objects.requireNonNull(options, "GradientCheckpoint.apply: options");
        Objects.requireNonNull(fn, "GradientCheckpoint.apply: fn");
        Objects.requireNonNull(inputs, "GradientCheckpoint.apply: inputs");
        GradMode.State state = GradMode.STATE.get();
        if (!state.gradEnabled) {
            return fn.apply(inputs);
        }
        V[] args = inputs.clone();
        Rng[] generators = generators(options);
        Rng.State[] states = null;
        if (options.preserveRngState()) {
            states = new Rng.State[generators.length];
            for (int i = 0; i < generators.length; i++) {
                states[i] = generators[i].state();
            }
        }
        RecomputeFrame frame = new RecomputeFrame(args, generators, states, () -> fn.apply(args.clone()));
        RecomputeFrame outer = state.recompute;
        state.recompute = frame;
        try {
            return fn.apply(args.clone());
        } finally {
            state.recompute = outer;
            frame.finishPacking();
        }
    }

    private static Rng[] generators(Options options) {
        List<Rng> all = new ArrayList<>();
        all.add(Rng.global());
        for (Rng r : options.generators()) {
            if (all.stream().noneMatch(g -> g == r)) {
                all.add(r);
            }
        }
        return all.toArray(Rng[]::new);
    }
}
