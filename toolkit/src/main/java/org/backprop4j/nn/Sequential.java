package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/** Modules applied one after another; children are named {@code 0, 1, ...} as in PyTorch. */
public class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this.layers = new ArrayList<>(List.of(layers));
    }

    /** Appends a module. */
    public Sequential add(Module layer) {
        layers.add(layer);
        return this;
    }

    /** The {@code i}-th module. */
    public Module get(int i) {
        return layers.get(i);
    }

    /**
     * Puts {@code layer} in place of the {@code i}-th module (a new head for a pretrained network) and returns the
     * module it replaced. The list of layers is the one mutable slot a {@code Sequential} has; see
     * {@link FineTuning#replace} for children held in fields.
     *
     * @throws IndexOutOfBoundsException if there is no module {@code i}
     * @throws NullPointerException if {@code layer} is null
     */
    public Module set(int i, Module layer) {
        if (i < 0 || i >= layers.size()) {
            throw new IndexOutOfBoundsException("Sequential.set: no module " + i + "; there are " + layers.size());
        }
        return layers.set(i, java.util.Objects.requireNonNull(layer, "Sequential.set: layer"));
    }

    public int size() {
        return layers.size();
    }

    @Override
    protected Map<String, Module> ownChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            out.put(Integer.toString(i), layers.get(i));
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module layer : layers) {
            x = layer.call(x);
        }
        return x;
    }
}
