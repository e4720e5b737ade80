package org.backprop4j.optim;

/**
 * One optimizer's update of one parameter, in the JAX form {@code update(param, grad, options, state) -> state}:
 * a function of its arguments that writes the parameter's array and the state's tensors in place and returns the
 * state after the update. Each element is updated from its own values only, so {@link PerParameterOptimizer} may
 * hand a rule any parameter, and a rule may split its loop over threads
 * ({@code Workers.forRange(numel, Optimizer.UPDATE_CHUNK, ...)}) without changing a bit. A state tensor's array is
 * taken through {@code Storage.writable*()}, as every write into a tensor's elements.
 *
 * @param <H> the settings record
 * @param <S> the per-parameter state record
 */
@FunctionalInterface
public interface UpdateRule<H, S> {
    /**
     * @param state the state after the parameter's previous update, or null before the first
     * @return the state after this update
     */
    S update(FlatParameter param, H options, S state);
}
