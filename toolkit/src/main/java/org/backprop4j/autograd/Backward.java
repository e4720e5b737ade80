package org.backprop4j.autograd;

/**
 * The derivative rule of one op: given the gradient of the loss with respect to the op's output, return the
 * gradient with respect to each input, in input order ({@code null} where an input gets none).
 * Rules read the tensors they need from {@link BackwardContext#saved} rather than capturing them, so that the engine
 * can free them after the pass and detect in-place modification, and may skip inputs that
 * {@link BackwardContext#needsGrad need no gradient}. Rules written with tensor ops are differentiable themselves,
 * which is what gives grad of grad.
 *
 * @param <V> the tensor type
 */
@FunctionalInterface
public interface Backward<V extends Variable<V>> {
    V[] apply(V grad, BackwardContext<V> ctx);
}
