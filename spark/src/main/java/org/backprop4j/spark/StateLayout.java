package org.backprop4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.nn.Module;
import org.backprop4j.tensor.Tensor;

/**
 * Where each parameter and buffer of a model sits in a {@link Packed}: parameters first, in
 * {@link Module#namedParameters()} order, then buffers. A parameter's slot holds its value going out and its
 * gradient coming back; a buffer's slot holds its value both ways.
 */
final class StateLayout {
    /** One tensor's place: the index into its element type's array. */
    record Slot(String name, boolean parameter, DType dtype, Shape shape, int offset) {
    }

    private final List<Slot> slots;
    private final int floats;
    private final int doubles;
    private final int longs;

    private StateLayout(List<Slot> slots, int floats, int doubles, int longs) {
        this.slots = List.copyOf(slots);
        this.floats = floats;
        this.doubles = doubles;
        this.longs = longs;
    }

    /**
     * The layout of {@code model}'s parameters and buffers.
     *
     * @throws IllegalArgumentException if a parameter is not float32 or float64, a buffer is boolean, or the
     *         model holds more elements of one type than an array can
     */
    static StateLayout of(Module model) {
        List<Slot> slots = new ArrayList<>();
        long[] sizes = new long[3];
        add(model.describe(), model.namedParameters(), true, slots, sizes);
        add(model.describe(), model.namedBuffers(), false, slots, sizes);
        return new StateLayout(slots, (int) sizes[0], (int) sizes[1], (int) sizes[2]);
    }

    private static void add(String model, Map<String, ? extends Tensor> tensors, boolean parameters,
            List<Slot> slots, long[] sizes) {
        for (Map.Entry<String, ? extends Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            int kind = switch (t.dtype()) {
                case FLOAT32 -> 0;
                case FLOAT64 -> 1;
                case INT64 -> parameters ? -1 : 2;
                case BOOL -> -1;
            };
            if (kind < 0) {
                throw new IllegalArgumentException("backprop4j-spark: " + model + " " + (parameters ? "parameter "
                        : "buffer ") + e.getKey() + " is " + t.dtype() + "; data-parallel training carries float32 "
                        + "and float64 parameters and float or int64 buffers");
            }
            if (sizes[kind] + t.numel() > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("backprop4j-spark: " + model + " holds more than 2^31 "
                        + t.dtype() + " elements (at " + e.getKey() + "); one array cannot carry them");
            }
            slots.add(new Slot(e.getKey(), parameters, t.dtype(), t.shape(), (int) sizes[kind]));
            sizes[kind] += t.numel();
        }
    }

    List<Slot> slots() {
        return slots;
    }

    int numParameters() {
        return (int) slots.stream().filter(Slot::parameter).count();
    }

    /** Names, shapes and dtypes in order: equal for two models exactly when their packs line up. */
    String signature() {
        StringBuilder sb = new StringBuilder();
        for (Slot s : slots) {
            sb.append(s.parameter ? "param " : "buffer ").append(s.name).append(' ').append(s.dtype).append(' ')
                    .append(s.shape).append('\n');
        }
        return sb.toString();
    }

    /**
     * Refuses a replica whose layout ({@code replica}'s signature) differs from the driver's ({@code driver}).
     *
     * @throws IllegalStateException naming the first tensor that differs
     */
    static void requireSame(String driver, String replica, String where) {
        if (driver.equals(replica)) {
            return;
        }
        String[] mine = driver.split("\n");
        String[] theirs = replica.split("\n");
        int i = 0;
        while (i < mine.length && i < theirs.length && mine[i].equals(theirs[i])) {
            i++;
        }
        throw new IllegalStateException("backprop4j-spark: the model factory made, " + where + ", a model whose "
                + "tensors differ from the driver's model: the driver has " + (i < mine.length ? "'" + mine[i] + "'"
                : "nothing more") + " where the replica has " + (i < theirs.length ? "'" + theirs[i] + "'"
                : "nothing more") + "; the factory must build the driver model's architecture");
    }

    /** A pack of the parameters' values and the buffers. */
    Packed weights(Module model) {
        return pack(model, false);
    }

    /** A pack of the parameters' gradients (zeros where a parameter has none) and the buffers. */
    Packed gradients(Module model) {
        return pack(model, true);
    }

    private Packed pack(Module model, boolean gradients) {
        Packed p = Packed.zeros(floats, doubles, longs);
        List<Tensor> tensors = tensors(model);
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            Tensor t = tensors.get(i);
            if (gradients && s.parameter) {
                t = t.grad();
                if (t == null) {
                    continue;
                }
            }
            switch (s.dtype) {
                case FLOAT32 -> System.arraycopy(t.toFloatArray(), 0, p.floats(), s.offset, t.numel());
                case FLOAT64 -> System.arraycopy(t.toDoubleArray(), 0, p.doubles(), s.offset, t.numel());
                case INT64 -> System.arraycopy(t.toLongArray(), 0, p.longs(), s.offset, t.numel());
                case BOOL -> throw new AssertionError("no bool slots");
            }
        }
        return p;
    }

    /** Which parameters have a gradient, in slot order. */
    boolean[] hasGradient(Module model) {
        List<Tensor> tensors = tensors(model);
        boolean[] has = new boolean[numParameters()];
        for (int i = 0; i < has.length; i++) {
            has[i] = tensors.get(i).grad() != null;
        }
        return has;
    }

    /** Copies the pack's values into the parameters and buffers. */
    void loadWeights(Module model, Packed p) {
        List<Tensor> tensors = tensors(model);
        try (Scope _ = GradMode.noGrad()) {
            for (int i = 0; i < slots.size(); i++) {
                tensors.get(i).copyFrom(slice(p, slots.get(i)));
            }
        }
    }

    /**
     * Sets each parameter's gradient from the pack where {@code hasGradient} says a replica had one (and clears it
     * elsewhere), and copies the buffers.
     */
    void loadGradients(Module model, Packed p, boolean[] hasGradient) {
        List<Tensor> tensors = tensors(model);
        try (Scope _ = GradMode.noGrad()) {
            for (int i = 0; i < slots.size(); i++) {
                Slot s = slots.get(i);
                if (!s.parameter) {
                    tensors.get(i).copyFrom(slice(p, s));
                } else {
                    tensors.get(i).setGrad(hasGradient[i] ? slice(p, s) : null);
                }
            }
        }
    }

    private static Tensor slice(Packed p, Slot s) {
        int n = s.shape.numel();
        Storage storage = switch (s.dtype) {
            case FLOAT32 -> Storage.of(java.util.Arrays.copyOfRange(p.floats(), s.offset, s.offset + n));
            case FLOAT64 -> Storage.of(java.util.Arrays.copyOfRange(p.doubles(), s.offset, s.offset + n));
            case INT64 -> Storage.of(java.util.Arrays.copyOfRange(p.longs(), s.offset, s.offset + n));
            case BOOL -> throw new AssertionError("no bool slots");
        };
        return Tensor.of(storage, s.shape);
    }

    private List<Tensor> tensors(Module model) {
        List<Tensor> out = new ArrayList<>(slots.size());
        out.addAll(model.namedParameters().values());
        out.addAll(model.namedBuffers().values());
        if (out.size() != slots.size()) {
            throw new IllegalStateException("backprop4j-spark: " + model.describe() + " now holds " + out.size()
                    + " tensors, its layout " + slots.size() + "; a model must not gain or lose tensors while it "
                    + "trains");
        }
        return out;
    }

    Packed zeros() {
        return Packed.zeros(floats, doubles, longs);
    }
}
