package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * The parametrizations of one tensor of a layer and their originals, as PyTorch's {@code ParametrizationList}: under
 * {@code parametrizations.<name>}, the originals are the parameters {@code original} (one) or {@code original0},
 * {@code original1}, ... (several), and the parametrizations are the children {@code 0}, {@code 1}, ... applied in
 * order.
 */
public final class ParametrizationList extends Module {
    final Parameter replaced;
    final List<Parameter> originals;
    final List<Parametrization> chain = new ArrayList<>();
    int reads;

    ParametrizationList(Parameter replaced, List<Parameter> originals, Parametrization first) {
        this.replaced = replaced;
        this.originals = List.copyOf(originals);
        chain.add(first);
    }

    /** The parametrized value: the chain applied to the originals. */
    public Tensor value() {
        reads++;
        Tensor v = chain.getFirst().forward(List.copyOf(originals));
        for (int i = 1; i < chain.size(); i++) {
            v = chain.get(i).forward(List.of(v));
        }
        return v;
    }

    /** The original parameters, in PyTorch's order. */
    public List<Parameter> originals() {
        return originals;
    }

    @Override
    protected Map<String, Parameter> ownParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int i = 0; i < originals.size(); i++) {
            out.put(originals.size() == 1 ? "original" : "original" + i, originals.get(i));
        }
        return out;
    }

    @Override
    protected Map<String, Buffer> ownBuffers() {
        return Map.of();
    }

    @Override
    protected Map<String, Module> ownChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        for (int i = 0; i < chain.size(); i++) {
            out.put(Integer.toString(i), chain.get(i));
        }
        return out;
    }
}
