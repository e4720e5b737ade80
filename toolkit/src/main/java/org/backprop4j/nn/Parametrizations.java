package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.tensor.Tensor;

/**
 * Parametrizations of a layer's tensors ({@code torch.nn.utils.parametrize} and
 * {@code torch.nn.utils.parametrizations}): registering one replaces the layer's parameter by the output of a
 * {@link Parametrization} of new originals, which become the parameters (and state-dict entries) under the layer's
 * child {@code parametrizations}, with PyTorch's names:
 *
 * {@snippet file="SpatialSnippets.java" region="normalizations"}
 *
 * The layer computes with the parametrized value on every call (convolutions and {@link Linear} read their weight
 * so); calling a layer that does not read a parametrized tensor fails rather than silently ignoring it. The
 * parameter object the layer held stays in use as the original with the same shape (the weight itself for spectral
 * normalization, {@code v} for weight normalization), so optimizers built before registering keep updating it.
 */
public final class Parametrizations extends Module {
    private final Map<String, ParametrizationList> lists = new LinkedHashMap<>();
    private final Map<Tensor, ParametrizationList> byParameter = new IdentityHashMap<>();

    private Parametrizations() {
    }

    // ------------------------------------------------------------------------------ the torch.nn.utils entry points

    /**
     * Weight normalization (Salimans and Kingma, 2016) of {@code module.weight} over dimension 0:
     * {@code weight = g v / ||v||}, the norm over every dimension but 0.
     */
    public static <M extends Module> M weightNorm(M module) {
        return weightNorm(module, "weight", 0);
    }

    /**
     * Weight normalization of the parameter {@code name}: {@code g v / ||v||} with the norm over every dimension but
     * {@code dim} ({@code null} or -1: over the whole tensor, as PyTorch's {@code dim=None}). Originals:
     * {@code original0 = g} (the norms, kept dimensions of size 1) and {@code original1 = v}.
     *
     * @throws IllegalArgumentException if the module has no such parameter or {@code dim} is out of range
     */
    public static <M extends Module> M weightNorm(M module, String name, Integer dim) {
        Parameter p = parameter(module, name);
        return register(module, name, new WeightNorm(p.dim(), dim));
    }

    /**
     * Spectral normalization (Miyato et al., 2018) of {@code module.weight}: the weight divided by its largest
     * singular value, estimated by one power iteration per training call; over dimension 1 for transposed
     * convolutions and 0 otherwise.
     */
    public static <M extends Module> M spectralNorm(M module) {
        return spectralNorm(module, "weight", 1, 1e-12, null);
    }

    /**
     * Spectral normalization of the parameter {@code name}, with {@code nPowerIterations} power iterations per
     * training call, {@code eps} in the vector normalizations, and the weight seen as a matrix with rows along
     * {@code dim} ({@code null}: 1 for transposed convolutions, else 0). The vectors {@code _u} and {@code _v} are
     * buffers, drawn from {@code Rng.global()} and refined by 15 power iterations on registration.
     *
     * @throws IllegalArgumentException if the module has no such parameter or an argument is out of range
     */
    public static <M extends Module> M spectralNorm(M module, String name, int nPowerIterations, double eps,
            Integer dim) {
        Parameter p = parameter(module, name);
        int d = dim != null ? dim : module instanceof ConvNd c && c.transposed ? 1 : 0;
        return register(module, name, new SpectralNorm(p, nPowerIterations, d, eps));
    }

    /**
     * Registers {@code parametrization} on the parameter {@code name} of {@code module}, or appends it to the
     * parametrizations already there (then it takes the previous one's output).
     *
     * @throws IllegalArgumentException if the module has no such parameter, or the parametrization's originals do
     *                                  not give back a tensor of the parameter's shape
     */
    public static <M extends Module> M register(M module, String name, Parametrization parametrization) {
        Parametrizations all = module.parametrizations();
        if (all != null && all.lists.containsKey(name)) {
            ParametrizationList list = all.lists.get(name);
            list.chain.add(parametrization);
            try {
                checkShape(module, name, list.replaced, () -> list.value());
            } catch (IllegalArgumentException e) {
                list.chain.removeLast();
                throw e;
            }
            return module;
        }
        Parameter p = parameter(module, name);
        List<Tensor> inverse;
        try (Scope _ = GradMode.noGrad()) {
            inverse = parametrization.rightInverse(p.detach());
        }
        List<Parameter> originals = new ArrayList<>();
        boolean reused = false;
        for (Tensor t : inverse) {
            if (!reused && t.shape().equals(p.shape())) {
                try (Scope _ = GradMode.noGrad()) {
                    if (t.storage() != p.storage()) {
                        p.copyFrom(t);
                    }
                }
                originals.add(p);
                reused = true;
            } else {
                originals.add(new Parameter(t.detach().clone(), p.requiresGrad()));
            }
        }
        ParametrizationList list = new ParametrizationList(p, originals, parametrization);
        checkShape(module, name, p, () -> list.value());
        if (all == null) {
            all = new Parametrizations();
            module.parametrizations(all);
        }
        all.lists.put(name, list);
        all.byParameter.put(p, list);
        return module;
    }

    /**
     * Removes the parametrizations of {@code name}: with {@code leaveParametrized} the parameter keeps the current
     * parametrized value, otherwise the original's (which needs a single original of the parameter's shape).
     *
     * @throws IllegalArgumentException if {@code name} is not parametrized, or it cannot take the original's value
     */
    public static void remove(Module module, String name, boolean leaveParametrized) {
        Parametrizations all = module.parametrizations();
        ParametrizationList list = all == null ? null : all.lists.get(name);
        if (list == null) {
            throw new IllegalArgumentException(module.describe() + ": parameter '" + name + "' is not parametrized");
        }
        Parameter p = list.replaced;
        try (Scope _ = GradMode.noGrad()) {
            if (leaveParametrized) {
                p.copyFrom(list.value());
            } else if (list.originals.size() == 1 && list.originals.getFirst().shape().equals(p.shape())) {
                if (list.originals.getFirst() != p) {
                    p.copyFrom(list.originals.getFirst());
                }
            } else {
                throw new IllegalArgumentException(module.describe() + ": cannot give '" + name + "' its original's "
                        + "value: it has " + list.originals.size() + " originals; remove with leaveParametrized");
            }
        }
        all.lists.remove(name);
        all.byParameter.remove(p);
        if (all.lists.isEmpty()) {
            module.parametrizations(null);
        }
    }

    /** Whether {@code module}'s parameter {@code name} is parametrized. */
    public static boolean isParametrized(Module module, String name) {
        Parametrizations all = module.parametrizations();
        return all != null && all.lists.containsKey(name);
    }

    private static Parameter parameter(Module module, String name) {
        Parameter p = module.ownParameters().get(name);
        if (p == null) {
            throw new IllegalArgumentException(module.describe() + ": has no parameter '" + name + "' (its "
                    + "parameters: " + module.ownParameters().keySet() + ")");
        }
        return p;
    }

    private static void checkShape(Module module, String name, Parameter p, Supplier<Tensor> value) {
        Tensor v;
        try (Scope _ = GradMode.noGrad()) {
            v = value.get();
        }
        if (!v.shape().equals(p.shape()) || v.dtype() != p.dtype()) {
            throw new IllegalArgumentException(module.describe() + ": the parametrization of '" + name + "' gives "
                    + v.dtype() + " " + v.shape() + ", but the parameter is " + p.dtype() + " " + p.shape());
        }
    }

    // ------------------------------------------------------------------------------ what Module uses

    /** Whether the layer's own parameter {@code name} is replaced (so it is not listed under its old name). */
    boolean covers(String name) {
        return lists.containsKey(name);
    }

    /** The parametrized value of the layer's parameter {@code p}, or {@code p} when it is not parametrized. */
    Tensor valueOf(Tensor p) {
        ParametrizationList list = byParameter.get(p);
        return list == null ? p : list.value();
    }

    /** Runs the layer's forward and checks that it read every parametrized tensor. */
    <T> T run(Module layer, Supplier<T> forward) {
        for (ParametrizationList list : lists.values()) {
            list.reads = 0;
        }
        T out = forward.get();
        for (Map.Entry<String, ParametrizationList> e : lists.entrySet()) {
            if (e.getValue().reads == 0) {
                throw new IllegalStateException(layer.describe() + ": its forward did not read the parametrized '"
                        + e.getKey() + "'; " + layer.getClass().getSimpleName() + " does not support parametrizing "
                        + "it (remove the parametrization)");
            }
        }
        return out;
    }

    @Override
    protected Map<String, Parameter> ownParameters() {
        return Map.of();
    }

    @Override
    protected Map<String, Buffer> ownBuffers() {
        return Map.of();
    }

    @Override
    protected Map<String, Module> ownChildren() {
        return new LinkedHashMap<>(lists);
    }
}
