package org.backprop4j.autograd;

/**
 * Options of a backward pass, with PyTorch's meanings and defaults.
 *
 * @param retainGraph keep the saved tensors so that the graph can be walked again
 * @param createGraph record the backward pass itself, so that gradients can be differentiated again
 *                    (grad of grad, Hessian-vector products); implies {@code retainGraph}
 * @param allowUnused for {@link Autograd#grad}: return null for an input the outputs do not depend on instead
 *                    of failing
 */
public record BackwardOptions(boolean retainGraph, boolean createGraph, boolean allowUnused) {
    public static final BackwardOptions DEFAULT = new BackwardOptions(false, false, false);

    public BackwardOptions withRetainGraph(boolean retain) {
        return new BackwardOptions(retain, createGraph, allowUnused);
    }

    /** Also sets {@code retainGraph} to the same value, as PyTorch does by default. */
    public BackwardOptions withCreateGraph(boolean create) {
        return new BackwardOptions(create || retainGraph, create, allowUnused);
    }

    public BackwardOptions withAllowUnused(boolean allow) {
        return new BackwardOptions(retainGraph, createGraph, allow);
    }
}
