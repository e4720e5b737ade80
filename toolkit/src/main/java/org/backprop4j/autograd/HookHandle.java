package org.backprop4j.autograd;

/** Returned by {@code registerHook}; {@link #remove()} unregisters the hook. */
@FunctionalInterface
public interface HookHandle {
    void remove();
}
