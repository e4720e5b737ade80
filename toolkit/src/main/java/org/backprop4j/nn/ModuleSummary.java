package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.HookHandle;
import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/** The per-layer table behind {@link Module#summary}. */
final class ModuleSummary {
    /** One row: a module, the shape its last call returned, and its own parameter count. */
    record Row(String path, String type, Shape output, long parameters, int depth) {
    }

    private ModuleSummary() {
    }

    static List<Row> rows(Module model, Shape input) {
        Map<String, Module> modules = model.namedModules();
        Map<Module, Shape> outputs = new IdentityHashMap<>();
        List<HookHandle> handles = new ArrayList<>();
        for (Module m : modules.values()) {
            handles.add(m.registerForwardHook((module, in, out) -> outputs.put(module, out.shape())));
        }
        boolean wasTraining = model.isTraining();
        try (Scope _ = GradMode.noGrad()) {
            model.eval();
            model.call(Tensor.zeros(input.toArray()));
        } finally {
            handles.forEach(HookHandle::remove);
            model.train(wasTraining);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            Module m = e.getValue();
            long own = m.ownParameters().values().stream().mapToLong(Tensor::numel).sum();
            int depth = e.getKey().isEmpty() ? 0 : e.getKey().split("\\.").length;
            rows.add(new Row(e.getKey(), m.getClass().getSimpleName(), outputs.get(m), own, depth));
        }
        return rows;
    }

    static String of(Module model, Shape input) {
        List<Row> rows = rows(model, input);
        int nameWidth = "Layer".length();
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, label(r).length());
        }
        String format = "%-" + nameWidth + "s  %-20s  %12s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(format, "Layer", "Output shape", "Params"));
        sb.append("-".repeat(nameWidth + 36)).append('\n');
        for (Row r : rows) {
            sb.append(String.format(format, label(r), r.output() == null ? "-" : r.output().toString(),
                    String.format("%,d", r.parameters())));
        }
        long total = model.numParameters();
        long trainable = model.parameters().stream().filter(Tensor::requiresGrad).mapToLong(Tensor::numel).sum();
        sb.append("-".repeat(nameWidth + 36)).append('\n');
        sb.append(String.format("Input shape: %s%nTotal parameters: %,d%nTrainable parameters: %,d%n", input, total,
                trainable));
        return sb.toString();
    }

    private static String label(Row r) {
        return "  ".repeat(Math.max(r.depth(), 0)) + (r.path().isEmpty() ? r.type()
                : r.path().substring(r.path().lastIndexOf('.') + 1) + " (" + r.type() + ")");
    }
}
