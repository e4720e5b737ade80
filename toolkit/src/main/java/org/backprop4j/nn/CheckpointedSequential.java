package org.backprop4j.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.Rng;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.GradientCheckpoint;
import org.backprop4j.tensor.Tensor;

/**
 * A {@link Sequential} that trades compute for memory: in training with grad mode on, its layers run in
 * {@code segments} consecutive groups, each but the last through {@link GradientCheckpoint}, so only the segments'
 * inputs and the last segment's activations are kept; backward recomputes one segment at a time (PyTorch's
 * {@code checkpoint_sequential}). With {@code n} layers, {@code segments = sqrt(n)} gives {@code O(sqrt n)} memory
 * for about one more forward pass (Chen et al., 2016). Children are named {@code 0, 1, ...}, as in a plain
 * {@code Sequential}, so state dicts move between the two; outputs and gradients are the same bit for bit.
 *
 * <p>Random layers replay their numbers: each segment preserves {@link Rng#global()} and every generator its layers
 * hold (a {@code Dropout} made with its own {@code Rng}, a {@code dropoutRng} in layer options).
 *
 * {@snippet file="TechniqueSnippets.java" region="checkpointedSequential"}
 */
public class CheckpointedSequential extends Sequential {
    private final int segments;

    /**
     * @throws IllegalArgumentException if {@code segments} is below 1
     */
    public CheckpointedSequential(int segments, Module... layers) {
        super(layers);
        if (segments < 1) {
            throw new IllegalArgumentException("CheckpointedSequential: segments must be at least 1, got " + segments);
        }
        this.segments = segments;
    }

    /** {@code round(sqrt(n))} segments for the {@code n} layers: the choice that minimizes memory. */
    public static CheckpointedSequential withSqrtSegments(Module... layers) {
        return new CheckpointedSequential(Math.max(1, (int) Math.round(Math.sqrt(layers.length))), layers);
    }

    /** The number of segments the layers are cut into (fewer when there are fewer layers). */
    public int segments() {
        return segments;
    }

    @Override
    public Tensor forward(Tensor input) {
        int n = size();
        if (!isTraining() || !GradMode.isEnabled() || n == 0) {
            return super.forward(input);
        }
        int k = Math.min(segments, n);
        Tensor x = input;
        for (int s = 0; s < k; s++) {
            int from = s * n / k;
            int to = (s + 1) * n / k;
            if (s == k - 1) {
                x = run(x, from, to); // its activations are needed at once by backward: nothing to save
            } else {
                var options = GradientCheckpoint.Options.DEFAULT.withGenerators(generators(from, to));
                x = GradientCheckpoint.apply(options, in -> run(in[0], from, to), x);
            }
        }
        return x;
    }

    private Tensor run(Tensor x, int from, int to) {
        for (int i = from; i < to; i++) {
            x = get(i).call(x);
        }
        return x;
    }

    /** The generators held by layers {@code from .. to - 1} and their descendants, each once. */
    private List<Rng> generators(int from, int to) {
        List<Rng> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (Module m : get(i).namedModules().values()) {
                collect(m, out);
            }
        }
        return out;
    }

    /** Rng fields of {@code m}, and Rng components of its record fields (layer options). */
    private static void collect(Module m, List<Rng> out) {
        for (Class<?> c = m.getClass(); c != Module.class && c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        || !(f.getType() == Rng.class || f.getType().isRecord())) {
                    continue;
                }
                Object value = read(f, m);
                if (value instanceof Rng r) {
                    add(out, r);
                } else if (value instanceof Record r) {
                    for (RecordComponent rc : r.getClass().getRecordComponents()) {
                        if (rc.getType() == Rng.class) {
                            try {
                                add(out, (Rng) rc.getAccessor().invoke(r));
                            } catch (ReflectiveOperationException e) {
                                throw new IllegalStateException(m.describe() + ": cannot read " + rc.getName(), e);
                            }
                        }
                    }
                }
            }
        }
    }

    private static Object read(Field f, Module m) {
        try {
            f.setAccessible(true);
            return f.get(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("CheckpointedSequential: cannot read field " + f.getName() + " of "
                    + m.describe() + " to find its random generators; open its package to backprop4j", e);
        }
    }

    private static void add(List<Rng> out, Rng r) {
        if (r != null && out.stream().noneMatch(g -> g == r)) {
            out.add(r);
        }
    }

    @Override
    protected String extraRepr() {
        return "segments=" + segments;
    }
}
