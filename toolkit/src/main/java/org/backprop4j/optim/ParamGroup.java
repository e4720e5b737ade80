package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.backprop4j.tensor.Tensor;

/**
 * A set of parameters that share settings within an {@link Optimizer} (PyTorch's {@code param_groups} entries):
 * for instance a pretrained body at a small learning rate and a new head at a larger one. The parameter list is
 * fixed; the settings change through {@link Optimizer#setOptions} and {@link Optimizer#setLr}.
 *
 * @param <H> the optimizer's settings type
 */
public final class ParamGroup<H extends Hyperparameters<H>> {
    private final List<Tensor> params;
    private H options;
    private double initialLr = Double.NaN;

    ParamGroup(List<Tensor> params, H options) {
        this.params = List.copyOf(params);
        this.options = options;
    }

    /**
     * The next group of {@code owner} after {@code groups}, once every parameter is checked.
     *
     * @throws IllegalArgumentException if {@code params} is empty, holds a tensor twice or one already in a group,
     *         a non-leaf or a non-floating tensor
     */
    static <H extends Hyperparameters<H>> ParamGroup<H> checked(String owner, List<ParamGroup<H>> groups,
            List<? extends Tensor> params, H options) {
        int g = groups.size();
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(owner + ": parameter group " + g + " is empty");
        }
        Map<Tensor, Integer> group = new IdentityHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            for (Tensor p : groups.get(i).params()) {
                group.put(p, i);
            }
        }
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            String which = owner + ": parameter " + i + " of group " + g;
            if (p == null) {
                throw new IllegalArgumentException(which + " is null");
            }
            which += " (shape " + p.shape() + ")";
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(which + " has dtype " + p.dtype()
                        + "; only floating tensors can be optimized");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(which + " is the result of '" + p.gradFn().op()
                        + "', not a leaf; optimize leaf tensors such as model.parameters()");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(which + " appears twice in the group");
            }
            Integer other = group.get(p);
            if (other != null) {
                throw new IllegalArgumentException(which + " is already in group " + other
                        + "; a parameter may belong to one group only");
            }
        }
        return new ParamGroup<>(new ArrayList<>(params), options);
    }

    /** The group's parameters, in the order given. */
    public List<Tensor> params() {
        return params;
    }

    /** The group's current settings. */
    public H options() {
        return options;
    }

    /** The group's current learning rate. */
    public double lr() {
        return options.lr();
    }

    /** The learning rate a schedule started from (PyTorch's {@code initial_lr}); empty before any schedule. */
    public OptionalDouble initialLr() {
        return Double.isNaN(initialLr) ? OptionalDouble.empty() : OptionalDouble.of(initialLr);
    }

    void setOptions(H options) {
        this.options = options;
    }

    void setInitialLr(double lr) {
        this.initialLr = lr;
    }

    /** Total number of elements over the group's parameters. */
    public long numel() {
        long n = 0;
        for (Tensor p : params) {
            n += p.numel();
        }
        return n;
    }

    @Override
    public String toString() {
        return params.size() + " tensors (" + numel() + " elements), " + options;
    }
}
