package org.backprop4j.optim;

import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * One optimizer's settings and per-parameter state as state-dict entries under PyTorch's names ({@code lr},
 * {@code betas}, {@code exp_avg}, ...), both ways. Decoding reads through {@link StateEntries}, whose errors name
 * the key; a settings record that refuses a decoded value fails with its own message, which the caller attaches to
 * the group.
 *
 * @param <H> the settings record
 * @param <S> the per-parameter state record
 */
public interface StateCodec<H, S> {
    Map<String, Object> encodeOptions(H options);

    /** @throws OptimizerStateDictException if a key is missing, unknown or of the wrong type */
    H decodeOptions(StateEntries entries);

    /** A parameter's state as entries; tensors are copies, so later updates do not change them. */
    Map<String, Object> encodeState(S state);

    /**
     * A parameter's state, with copies of its tensors in {@code param}'s dtype and shape.
     *
     * @throws OptimizerStateDictException if a key is missing, unknown, of the wrong type or shape
     */
    S decodeState(Tensor param, StateEntries entries);
}
