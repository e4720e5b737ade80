package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.backprop4j.tensor.Tensor;

/**
 * Parameters held in a list (PyTorch's {@code nn.ParameterList}): named {@code 0, 1, ...}, so that a model's field
 * {@code scales} gives state-dict keys {@code scales.0}, {@code scales.1}. A tensor that is not a {@link Parameter}
 * becomes one over the same storage (requiring grad), as in PyTorch. Indices may be negative (from the end).
 *
 * {@snippet file="ContainerSnippets.java" region="parameterList"}
 */
public class ParameterList extends Module implements Iterable<Parameter> {
    // A List-typed field so that FunctionalCall can stand in for the parameters it holds
    private final List<Parameter> parameters = new ArrayList<>();

    /** An empty list. */
    public ParameterList() {
    }

    /** A list of {@code tensors} as parameters, in order. */
    public ParameterList(Tensor... tensors) {
        extend(List.of(tensors));
    }

    /** A list of the tensors {@code tensors} yields as parameters, in order. */
    public ParameterList(Iterable<? extends Tensor> tensors) {
        extend(tensors);
    }

    /** Adds {@code tensor} (as a parameter) at the end. */
    public ParameterList append(Tensor tensor) {
        parameters.add(Containers.parameter(this, "append", tensor));
        return this;
    }

    /** Adds the tensors {@code more} yields (as parameters) at the end, in order. */
    public ParameterList extend(Iterable<? extends Tensor> more) {
        Objects.requireNonNull(more, () -> describe() + ": extend: the tensors are null");
        for (Tensor t : more) {
            append(t);
        }
        return this;
    }

    /**
     * The parameter at {@code index} (negative counts from the end).
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [-size(), size())}
     */
    public Parameter get(int index) {
        return parameters.get(Containers.index(this, "get", index, parameters.size(), "parameters", false));
    }

    /**
     * Puts {@code tensor} (as a parameter) in place of the one at {@code index}; returns the one it replaced.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [-size(), size())}
     */
    public Parameter set(int index, Tensor tensor) {
        int at = Containers.index(this, "set", index, parameters.size(), "parameters", false);
        return parameters.set(at, Containers.parameter(this, "set", tensor));
    }

    public int size() {
        return parameters.size();
    }

    public boolean isEmpty() {
        return parameters.isEmpty();
    }

    @Override
    public Iterator<Parameter> iterator() {
        return List.copyOf(parameters).iterator();
    }

    @Override
    protected Map<String, Parameter> ownParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            out.put(Integer.toString(i), parameters.get(i));
        }
        return out;
    }

    /** Refused: parameters are read by the module that holds the list. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(describe() + " has no forward; read its parameters from the forward "
                + "of the module that holds it");
    }

    @Override
    protected String extraRepr() {
        return ParameterDict.describe(ownParameters());
    }
}
