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
