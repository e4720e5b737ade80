package org.backprop4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backprop4j.io.CheckpointException;
import org.backprop4j.io.SafeTensors;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.OptimizerStateDict;
import org.backprop4j.tensor.Tensor;

/**
 * A training checkpoint in one safetensors file, written and read with the toolkit alone (no Spark needed to read
 * it, so training resumes on one machine): the model's state dict under {@code model.<name>}, the optimizer's state
 * tensors under {@code optimizer.<param>.<key>}, and in the metadata the step count and the rest of the optimizer's
 * state dict (groups, settings, plain values) as JSON.
 *
 * <pre>{@code
 * TrainingCheckpoint.save(Path.of("ckpt.safetensors"), model, sgd, 100);
 * long step = TrainingCheckpoint.load(Path.of("ckpt.safetensors"), model, sgd);
 * }</pre>
 */
public final class TrainingCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";

    private TrainingCheckpoint() {
    }

    /**
     * Writes {@code model}'s and {@code optimizer}'s state and {@code step} to {@code file}, atomically.
     *
     * @throws CheckpointException if the file cannot be written
     */
    public static void save(Path file, Module model, Optimizer<?, ?> optimizer, long step) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put(MODEL + k, v));
        OptimizerStateDict dict = optimizer.stateDict();
        Map<String, Object> state = new TreeMap<>();
        dict.state().forEach((index, entries) -> {
            Map<String, Object> encoded = new LinkedHashMap<>();
            entries.forEach((key, value) -> {
                if (value instanceof Tensor t) {
                    String name = OPTIMIZER + index + "." + key;
                    tensors.put(name, t);
                    encoded.put(key, Map.of("tensor", name));
                } else {
                    encoded.put(key, encode(value));
                }
            });
            state.put(String.valueOf(index), encoded);
        });
        List<Object> groups = new ArrayList<>();
        for (OptimizerStateDict.Group g : dict.paramGroups()) {
            Map<String, Object> options = new LinkedHashMap<>();
            g.options().forEach((k, v) -> options.put(k, encode(v)));
            groups.add(Map.of("params", g.params(), "options", options));
        }
        Map<String, Object> optimizerJson = Map.of("optimizer", dict.optimizer(), "param_groups", groups,
                "state", state);
        try {
            SafeTensors.write(file, tensors, Map.of("step", Long.toString(step), "optimizer",
                    JSON.writeValueAsString(optimizerJson)));
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "cannot encode the optimizer state: " + e.getMessage(), e);
        }
    }

    /**
     * Restores {@code model} and {@code optimizer} from {@code file} and returns the step count saved with them.
     * Both are checked before either changes: on an error neither is modified.
     *
     * @throws CheckpointException if the file is missing, corrupt, or not a training checkpoint
     * @throws org.backprop4j.nn.StateDictException if the model's tensors do not match
     * @throws org.backprop4j.optim.OptimizerStateDictException if the optimizer's state does not match
     */
    public static long load(Path file, Module model, Optimizer<?, ?> optimizer) {
        SafeTensors.Contents contents = SafeTensors.read(file);
        String stepText = contents.metadata().get("step");
        String optimizerText = contents.metadata().get("optimizer");
        if (stepText == null || optimizerText == null) {
            throw new CheckpointException(file, "is not a training checkpoint: its metadata lacks 'step' or "
                    + "'optimizer' (has " + contents.metadata().keySet() + ")");
        }
        Map<String, Tensor> modelState = new LinkedHashMap<>();
        contents.tensors().forEach((k, v) -> {
            if (k.startsWith(MODEL)) {
                modelState.put(k.substring(MODEL.length()), v);
            }
        });
        OptimizerStateDict dict = decodeOptimizer(file, optimizerText, contents.tensors());
        Map<String, Tensor> before = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> before.put(k, v.clone()));
        model.loadStateDict(modelState, true);
        try {
            optimizer.loadStateDict(dict);
        } catch (RuntimeException e) {
            model.loadStateDict(before, true);
            throw e;
        }
        try {
            return Long.parseLong(stepText);
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, "metadata 'step' is '" + stepText + "', not a whole number", e);
        }
    }

    private static Map<String, Object> encode(Object value) {
        return switch (value) {
            case Double d -> Map.of("double", Double.toString(d));
            case Long l -> Map.of("long", Long.toString(l));
            case Boolean b -> Map.of("bool", Boolean.toString(b));
            case String s -> Map.of("string", s);
            case List<?> list -> Map.of("doubles", list.stream().map(x -> Double.toString((Double) x)).toList());
            default -> throw new IllegalArgumentException("TrainingCheckpoint: cannot store a "
                    + value.getClass().getSimpleName() + " in a checkpoint");
        };
    }

    private static Object decode(Path file, Map<String, Object> tagged, Map<String, Tensor> tensors) {
        if (tagged.size() != 1) {
            throw new CheckpointException(file, "optimizer value " + tagged + " is not one tagged value");
        }
        Map.Entry<String, Object> e = tagged.entrySet().iterator().next();
        try {
            return switch (e.getKey()) {
                case "double" -> Double.parseDouble((String) e.getValue());
                case "long" -> Long.parseLong((String) e.getValue());
                case "bool" -> Boolean.parseBoolean((String) e.getValue());
                case "string" -> (String) e.getValue();
                case "doubles" -> ((List<?>) e.getValue()).stream().map(x -> Double.parseDouble((String) x)).toList();
                case "tensor" -> {
                    Tensor t = tensors.get((String) e.getValue());
                    if (t == null) {
                        throw new CheckpointException(file, "the optimizer state names tensor '" + e.getValue()
                                + "', which the file does not hold");
                    }
                    yield t;
                }
                default -> throw new CheckpointException(file, "unknown optimizer value type '" + e.getKey() + "'");
            };
        } catch (ClassCastException | NumberFormatException x) {
            throw new CheckpointException(file, "optimizer value " + tagged + " is malformed", x);
        }
    }

    @SuppressWarnings("unchecked")
    private static OptimizerStateDict decodeOptimizer(Path file, String json, Map<String, Tensor> tensors) {
        try {
            Map<String, Object> root = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            List<OptimizerStateDict.Group> groups = new ArrayList<>();
            for (Object g : (List<Object>) root.get("param_groups")) {
                Map<String, Object> group = (Map<String, Object>) g;
                Map<String, Object> options = new LinkedHashMap<>();
                ((Map<String, Object>) group.get("options")).forEach((k, v) -> options.put(k,
                        decode(file, (Map<String, Object>) v, tensors)));
                List<Integer> params = ((List<Number>) group.get("params")).stream().map(Number::intValue).toList();
                groups.add(new OptimizerStateDict.Group(params, options));
            }
            Map<Integer, Map<String, Object>> state = new TreeMap<>();
            ((Map<String, Object>) root.get("state")).forEach((index, entries) -> {
                Map<String, Object> decoded = new LinkedHashMap<>();
                ((Map<String, Object>) entries).forEach((k, v) -> decoded.put(k,
                        decode(file, (Map<String, Object>) v, tensors)));
                state.put(Integer.parseInt(index), decoded);
            });
            return new OptimizerStateDict((String) root.get("optimizer"), groups, state);
        } catch (JsonProcessingException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new CheckpointException(file, "metadata 'optimizer' is not an optimizer state dict: "
                    + e.getMessage(), e);
        }
    }
}
