package org.backprop4j.parallel;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.nn.Buffer;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.tensor.Tensor;

/**
 * One copy of the model with its parameters, buffers and layers listed once, in the model's order, so that a pass
 * pairs them by index without walking the module tree again.
 */
final class Replica {
    private final Module module;
    private final List<String> parameterNames;
    private final List<Parameter> parameters;
    private final List<String> bufferNames;
    private final List<Buffer> buffers;
    private final List<String> moduleNames;
    private final List<Module> modules;

    private Replica(Module module) {
        this.module = module;
        Map<String, Parameter> p = module.namedParameters();
        Map<String, Buffer> b = module.namedBuffers();
        Map<String, Module> m = module.namedModules();
        this.parameterNames = List.copyOf(p.keySet());
        this.parameters = List.copyOf(p.values());
        this.bufferNames = List.copyOf(b.keySet());
        this.buffers = List.copyOf(b.values());
        this.moduleNames = List.copyOf(m.keySet());
        this.modules = List.copyOf(m.values());
    }

    static Replica of(Module module) {
        return new Replica(module);
    }

    Module module() {
        return module;
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** @throws IllegalArgumentException naming the first layer, parameter or buffer that differs from the model's */
    void checkMatches(Replica model, int index) {
        String where = "DataParallel: replica " + index + " (built by the factory) differs from the model: ";
        if (!moduleNames.equals(model.moduleNames)) {
            throw new IllegalArgumentException(where + "its layers are " + below(moduleNames) + ", the model's "
                    + below(model.moduleNames));
        }
        for (int i = 0; i < modules.size(); i++) {
            if (modules.get(i).getClass() != model.modules.get(i).getClass()) {
                throw new IllegalArgumentException(where + "layer '" + moduleNames.get(i) + "' is a "
                        + modules.get(i).getClass().getSimpleName() + ", the model's a "
                        + model.modules.get(i).getClass().getSimpleName());
            }
        }
        checkTensors(where, "parameter", parameterNames, parameters, model.parameterNames, model.parameters);
        checkTensors(where, "buffer", bufferNames, buffers, model.bufferNames, model.buffers);
    }

    /** The names of the layers below the top one (whose name is empty). */
    private static List<String> below(List<String> names) {
        return names.subList(1, names.size());
    }

    private static void checkTensors(String where, String kind, List<String> names, List<? extends Tensor> tensors,
            List<String> modelNames, List<? extends Tensor> modelTensors) {
        if (!names.equals(modelNames)) {
            throw new IllegalArgumentException(where + "its " + kind + "s are " + names + ", the model's "
                    + modelNames);
        }
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            Tensor m = modelTensors.get(i);
            if (!t.shape().equals(m.shape()) || t.dtype() != m.dtype()) {
                throw new IllegalArgumentException(where + kind + " '" + names.get(i) + "' is " + t.shape() + " "
                        + t.dtype() + ", the model's " + m.shape() + " " + m.dtype());
            }
        }
    }

    /**
     * @throws IllegalArgumentException if this replica holds a layer, parameter or buffer of {@code other}: both
     *     would accumulate gradients into it, or update it, at the same time
     */
    void checkShares(Replica other, int index, int otherIndex) {
        Set<Object> theirs = Collections.newSetFromMap(new IdentityHashMap<>());
        theirs.addAll(other.modules);
        theirs.addAll(other.parameters);
        theirs.addAll(other.buffers);
        String hint = " with " + (otherIndex == 0 ? "the model" : "replica " + otherIndex)
                + "; the factory must build new layers on every call";
        if (theirs.contains(module)) {
            throw new IllegalArgumentException("DataParallel: the factory returned, for replica " + index + ", the "
                    + "same object as for " + (otherIndex == 0 ? "the model" : "replica " + otherIndex)
                    + "; it must build a new model on every call");
        }
        for (int i = 0; i < modules.size(); i++) {
            if (theirs.contains(modules.get(i))) {
                throw new IllegalArgumentException("DataParallel: replica " + index + " shares layer '"
                        + moduleNames.get(i) + "'" + hint);
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (theirs.contains(parameters.get(i))) {
                throw new IllegalArgumentException("DataParallel: replica " + index + " shares parameter '"
                        + parameterNames.get(i) + "'" + hint);
            }
        }
        for (int i = 0; i < buffers.size(); i++) {
            if (theirs.contains(buffers.get(i))) {
                throw new IllegalArgumentException("DataParallel: replica " + index + " shares buffer '"
                        + bufferNames.get(i) + "'" + hint);
            }
        }
    }

    /**
     * Makes this replica compute what the model would: its parameter values, which of them require grad, and each
     * layer's training mode. Only reads the model, which may be running its own shard meanwhile.
     */
    void syncFrom(Replica model) {
        try (Scope _ = GradMode.noGrad()) {
            for (int i = 0; i < parameters.size(); i++) {
                Parameter mine = parameters.get(i);
                Parameter theirs = model.parameters.get(i);
                mine.copyFrom(theirs);
                if (mine.requiresGrad() != theirs.requiresGrad()) {
                    mine.requiresGrad(theirs.requiresGrad());
                }
            }
        }
        for (int i = 0; i < modules.size(); i++) {   // parents come first, so a child's own mode wins
            boolean mode = model.modules.get(i).isTraining();
            if (modules.get(i).isTraining() != mode) {
                modules.get(i).train(mode);
            }
        }
    }

    /** Copies of the buffers (empty when there are none). */
    Tensor[] snapshotBuffers() {
        Tensor[] copy = new Tensor[buffers.size()];
        try (Scope _ = GradMode.noGrad()) {
            for (int i = 0; i < copy.length; i++) {
                copy[i] = buffers.get(i).detach().clone();
            }
        }
        return copy;
    }

    void loadBuffers(Tensor[] values) {
        try (Scope _ = GradMode.noGrad()) {
            for (int i = 0; i < values.length; i++) {
                buffers.get(i).copyFrom(values[i]);
            }
        }
    }

    /** The parameters' gradients (null where there is none), which are cleared. */
    Tensor[] takeGradients() {
        Tensor[] taken = new Tensor[parameters.size()];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = parameters.get(i).grad();
            parameters.get(i).zeroGrad();
        }
        return taken;
    }

    void restoreGradients(Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) {
            parameters.get(i).setGrad(grads[i]);
        }
    }

    void clearGradients() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }
}
