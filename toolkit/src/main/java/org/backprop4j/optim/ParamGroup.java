package org.backprop4j.optim;

import java.util.List;
import java.util.OptionalDouble;

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
