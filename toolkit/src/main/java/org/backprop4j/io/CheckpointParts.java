package org.backprop4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.OptimizerStateDict;
import org.backprop4j.tensor.Tensor;

/** The optimizer, training-state and model parts of a {@link Checkpoint}, each to and from its files. */
final class CheckpointParts {
    private static final long MAX_JSON_BYTES = 1L << 30;

    private CheckpointParts() {
    }

    // ---------------------------------------------------------------- optimizer

    static void writeOptimizer(Path dir, OptimizerStateDict d) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Object> state = new LinkedHashMap<>();
        d.state().forEach((index, entries) -> {
            Map<String, Object> plain = new LinkedHashMap<>();
            entries.forEach((key, value) -> {
                if (value instanceof Tensor t) {
                    tensors.put("state." + index + "." + key, t);
                } else {
                    plain.put(key, value);
                }
            });
            state.put(Integer.toString(index), plain);
        });
        List<Object> groups = new ArrayList<>();
        for (OptimizerStateDict.Group g : d.paramGroups()) {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("params", g.params());
            group.put("options", g.options());
            groups.add(group);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("optimizer", d.optimizer());
        json.put("param_groups", groups);
        json.put("state", state);
        SafeTensors.write(dir.resolve(Checkpoint.OPTIMIZER_TENSORS), tensors);
        Files.write(dir.resolve(Checkpoint.OPTIMIZER), CheckpointJson.write(dir.resolve(Checkpoint.OPTIMIZER), json));
    }

    static OptimizerStateDict readOptimizer(Path dir) {
        Path file = dir.resolve(Checkpoint.OPTIMIZER);
        Path tensorFile = dir.resolve(Checkpoint.OPTIMIZER_TENSORS);
        Map<String, Object> json = CheckpointJson.read(file, MAX_JSON_BYTES);
        String name = CheckpointJson.get(file, json, "optimizer", String.class, "");
        List<?> groupList = CheckpointJson.get(file, json, "param_groups", List.class, "");
        List<OptimizerStateDict.Group> groups = new ArrayList<>();
        for (int i = 0; i < groupList.size(); i++) {
            String where = "param_groups[" + i + "].";
            if (!(groupList.get(i) instanceof Map<?, ?>)) {
                throw new CheckpointException(file, "field 'param_groups[" + i + "]' is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> g = (Map<String, Object>) groupList.get(i);
            List<Integer> params = new ArrayList<>();
            for (Object p : CheckpointJson.get(file, g, "params", List.class, where)) {
                if (!(p instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                    throw new CheckpointException(file, "field '" + where + "params' holds " + p
                            + ", not a parameter index");
                }
                params.add((int) (long) l);
            }
            groups.add(new OptimizerStateDict.Group(params, plainValues(file, CheckpointJson.object(file, g, "options",
                    where), where + "options.")));
        }
        Map<Integer, Map<String, Object>> state = new TreeMap<>();
        Map<String, Object> stateJson = CheckpointJson.object(file, json, "state", "");
        for (Map.Entry<String, Object> e : stateJson.entrySet()) {
            int index = index(file, e.getKey());
            if (!(e.getValue() instanceof Map<?, ?>)) {
                throw new CheckpointException(file, "field 'state." + e.getKey() + "' is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entries = (Map<String, Object>) e.getValue();
            state.put(index, new LinkedHashMap<>(plainValues(file, entries, "state." + e.getKey() + ".")));
        }
        for (Map.Entry<String, Tensor> t : SafeTensors.read(tensorFile).tensors().entrySet()) {
            String[] parts = t.getKey().split("\\.", 3);
            if (parts.length != 3 || !parts[0].equals("state")) {
                throw new CheckpointException(tensorFile, "tensor '" + t.getKey() + "' is not named state.<index>.<key>");
            }
            Map<String, Object> entries = state.get(index(tensorFile, parts[1]));
            if (entries == null) {
                throw new CheckpointException(tensorFile, "tensor '" + t.getKey() + "' belongs to parameter " + parts[1]
                        + ", which " + Checkpoint.OPTIMIZER + " does not list");
            }
            entries.put(parts[2], t.getValue());
        }
        try {
            return new OptimizerStateDict(name, groups, state);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
    }

    private static int index(Path file, String text) {
        try {
            int i = Integer.parseInt(text);
            if (i >= 0 && Integer.toString(i).equals(text)) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CheckpointException(file, "'" + text + "' is not a parameter index");
    }

    /** Optimizer values: Double, Long, Boolean, String and lists of Double only. */
    private static Map<String, Object> plainValues(Path file, Map<String, Object> m, String where) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            boolean ok = v instanceof Double || v instanceof Long || v instanceof Boolean || v instanceof String
                    || (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof Double));
            if (!ok) {
                throw new CheckpointException(file, "field '" + where + e.getKey() + "' is "
                        + CheckpointJson.describe(v) + ", not a number, boolean, string or list of numbers");
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- training state

    static Map<String, Object> trainingJson(TrainingState s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("epoch", (long) s.epoch());
        out.put("batch", (long) s.batch());
        out.put("step", s.step());
        Map<String, Object> rngs = new LinkedHashMap<>();
        s.rngs().forEach((k, v) -> rngs.put(k, java.util.Arrays.stream(v.words()).boxed().toList()));
        out.put("rngs", rngs);
        out.put("values", s.values());
        return out;
    }

    static TrainingState readTraining(Path file, Map<String, Object> json) {
        long epoch = CheckpointJson.nonNegative(file, json, "epoch", "", Integer.MAX_VALUE);
        long batch = CheckpointJson.nonNegative(file, json, "batch", "", Integer.MAX_VALUE);
        long step = CheckpointJson.nonNegative(file, json, "step", "", Long.MAX_VALUE);
        Map<String, Rng.State> rngs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : CheckpointJson.object(file, json, "rngs", "").entrySet()) {
            if (!(e.getValue() instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof Long)) {
                throw new CheckpointException(file, "field 'rngs." + e.getKey() + "' is not a list of integers");
            }
            try {
                rngs.put(e.getKey(), new Rng.State(l.stream().mapToLong(x -> (Long) x).toArray()));
            } catch (IllegalArgumentException x) {
                throw new CheckpointException(file, "field 'rngs." + e.getKey() + "': " + x.getMessage());
            }
        }
        return new TrainingState((int) epoch, (int) batch, step, rngs, CheckpointJson.object(file, json, "values", ""));
    }

    // ---------------------------------------------------------------- model

    /** Checks that {@code saved} fits {@code model} name for name and shape for shape. */
    static void checkModel(Path file, Module model, Map<String, Tensor> saved) {
        Map<String, Tensor> own = model.stateDict();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor t = saved.get(e.getKey());
            if (t == null) {
                problems.add("tensor '" + e.getKey() + "' of the model is missing");
            } else if (!t.shape().equals(e.getValue().shape())) {
                problems.add("tensor '" + e.getKey() + "' has shape " + t.shape() + ", the model's "
                        + e.getValue().shape());
            } else if (t.dtype().isFloatingPoint() != e.getValue().dtype().isFloatingPoint()) {
                problems.add("tensor '" + e.getKey() + "' is " + t.dtype() + ", the model's " + e.getValue().dtype());
            }
        }
        for (String name : saved.keySet()) {
            if (!own.containsKey(name)) {
                problems.add("tensor '" + name + "' is not in the model");
            }
        }
        if (!problems.isEmpty()) {
            throw new CheckpointException(file, "does not fit " + model.getClass().getSimpleName() + ": "
                    + String.join("; ", problems));
        }
    }
}
