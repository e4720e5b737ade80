package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.backprop4j.array.DType;
import org.backprop4j.array.Scope;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The embeddings, sequence models, activations, distances and losses of issue 17 against PyTorch 1.13. The file comes
 * from {@code golden/make_sequence_golden.py} (run it with PyTorch to regenerate {@code sequence_golden.json}). Each
 * case builds our layer from the file's PyTorch constructor arguments, loads the file's state dict with
 * {@code loadStateDict(state, true)} and checks that our parameter names come in PyTorch's order, runs the layer in
 * eval mode, backpropagates the file's upstream gradients, and compares every output, the gradient of every input
 * that requires grad and of every trainable parameter, and the state after the pass where it changed (max norms): in
 * float64 to {@code |ours - torch| <= 1e-12 + 1e-10 |torch|}, and again with the layer and inputs in float32 to
 * {@code tol (1 + |torch|)}, tol the case's {@code float32_tolerance} (1e-6, more only for stacks of layers where
 * PyTorch's own float32 result needs it; the script records why).
 */
class SequenceGoldenTest {
    /** The layer kinds the file covers; {@code NnGoldenTest} counts them as covered. */
    static final Set<String> KINDS = Set.of("Embedding", "EmbeddingBag", "LSTM", "GRU", "RNN", "MultiheadAttention",
            "TransformerEncoder", "TransformerDecoderLayer", "TransformerDecoder", "Transformer", "PReLU", "RReLU",
            "Mish", "Hardswish", "Hardsigmoid", "GLU", "LogSigmoid", "Softmin", "CELU", "Softsign", "Threshold",
            "Softmax2d", "CosineSimilarity", "PairwiseDistance", "SoftMarginLoss", "MultiMarginLoss",
            "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss", "HingeEmbeddingLoss", "PoissonNLLLoss",
            "GaussianNLLLoss", "TripletMarginWithDistanceLoss", "CrossEntropyLoss", "CTCLoss");
    private static final JsonArray CASES = load();

    private static JsonArray load() {
        try (InputStream in = SequenceGoldenTest.class.getResourceAsStream("/golden/sequence_golden.json")) {
            if (in == null) {
                throw new IllegalStateException("golden/sequence_golden.json is missing from the test resources; "
                        + "regenerate it with golden/make_sequence_golden.py");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("cases");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden/sequence_golden.json", e);
        }
    }

    private static Stream<JsonObject> cases() {
        return CASES.asList().stream().map(JsonElement::getAsJsonObject);
    }

    @TestFactory
    Stream<DynamicTest> float64() {
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(),
                () -> run(c, DType.FLOAT64, 1e-12, 1e-10)));
    }

    @TestFactory
    Stream<DynamicTest> float32() {
        return cases().map(c -> {
            double tol = c.get("float32_tolerance").getAsDouble();
            return DynamicTest.dynamicTest(c.get("name").getAsString(), () -> run(c, DType.FLOAT32, tol, tol));
        });
    }

    @Test
    void theFileCoversEveryLayerKindAndOnlyThose() {
        Set<String> inFile = new TreeSet<>();
        cases().forEach(c -> inFile.add(c.get("kind").getAsString()));
        assertThat(inFile).containsExactlyInAnyOrderElementsOf(KINDS);
        assertThat(CASES.size()).isGreaterThanOrEqualTo(80);
        assertThat(cases().mapToDouble(c -> c.get("float32_tolerance").getAsDouble()).max().orElseThrow())
                .as("the largest float32 allowance").isLessThanOrEqualTo(1e-5);
    }

    private static void run(JsonObject c, DType dtype, double atol, double rtol) {
        String kind = c.get("kind").getAsString();
        Config config = new Config(c.getAsJsonObject("config"));
        Map<String, Tensor> inputs = tensors(c.getAsJsonObject("inputs"), dtype);
        Set<String> gradInputs = new TreeSet<>();
        c.getAsJsonArray("grad_inputs").forEach(e -> gradInputs.add(e.getAsString()));
        try (Scope _ = DType.useDefaultFloat(dtype)) {
            Map<String, Tensor> state = tensors(c.getAsJsonObject("state"), dtype);
            Module layer = SequenceGoldenLayers.build(kind, config, state);
            layer.eval();
            layer.loadStateDict(state, true);
            List<String> names = c.getAsJsonArray("param_names").asList().stream().map(JsonElement::getAsString)
                    .toList();
            assertThat(layer.namedParameters().keySet()).as("parameter names, in PyTorch's order")
                    .containsExactlyElementsOf(names);
            gradInputs.forEach(name -> inputs.get(name).requiresGrad(true));
            Map<String, Tensor> outputs = SequenceGoldenLayers.call(kind, layer, config, inputs);
            config.assertAllUsed(kind);
            JsonObject expectedOutputs = c.getAsJsonObject("outputs");
            assertThat(outputs.keySet()).as("outputs").containsExactlyInAnyOrderElementsOf(expectedOutputs.keySet());
            Tensor loss = null;
            for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
                compare("output " + e.getKey(), e.getValue(), expectedOutputs.get(e.getKey()), atol, rtol);
                Tensor seed = tensor(c.getAsJsonObject("grad_outputs").get(e.getKey()), dtype);
                Tensor term = e.getValue().mul(seed).sum();
                loss = loss == null ? term : loss.add(term);
            }
            JsonObject grads = c.getAsJsonObject("grads");
            Set<String> compared = new HashSet<>();
            if (loss.requiresGrad()) {
                loss.backward();
            }
            for (String name : gradInputs) {
                compare("gradient of input " + name, inputs.get(name).grad(), grads.get(name), atol, rtol);
                compared.add(name);
            }
            for (Map.Entry<String, Parameter> e : layer.namedParameters().entrySet()) {
                if (e.getValue().requiresGrad()) {
                    compare("gradient of parameter " + e.getKey(), e.getValue().grad(), grads.get(e.getKey()), atol,
                            rtol);
                    compared.add(e.getKey());
                } else {
                    assertThat(e.getValue().grad()).as("gradient of frozen parameter " + e.getKey()).isNull();
                }
            }
            assertThat(compared).as("gradients compared").containsExactlyInAnyOrderElementsOf(grads.keySet());
            if (c.has("state_after")) {
                Map<String, Tensor> now = layer.stateDict();
                for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("state_after").entrySet()) {
                    compare("state after the pass, " + e.getKey(), now.get(e.getKey()), e.getValue(), atol, rtol);
                }
            }
        }
    }

    private static Map<String, Tensor> tensors(JsonObject json, DType dtype) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        json.entrySet().forEach(e -> out.put(e.getKey(), tensor(e.getValue(), dtype)));
        return out;
    }

    /** A tensor from {@code {dtype, shape, values}}: bool and int64 stay so, floats become {@code dtype}. */
    static Tensor tensor(JsonElement json, DType dtype) {
        JsonObject o = json.getAsJsonObject();
        int[] shape = o.getAsJsonArray("shape").asList().stream().mapToInt(JsonElement::getAsInt).toArray();
        List<JsonElement> values = o.getAsJsonArray("values").asList();
        return switch (o.get("dtype").getAsString()) {
            case "bool" -> {
                boolean[] b = new boolean[values.size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = values.get(i).getAsInt() != 0;
                }
                yield Tensor.of(b).reshape(shape);
            }
            case "int64" -> Tensor.of(values.stream().mapToLong(JsonElement::getAsLong).toArray()).reshape(shape);
            default -> Tensor.of(values.stream().mapToDouble(JsonElement::getAsDouble).toArray()).reshape(shape)
                    .to(dtype).detach();
        };
    }

    private static void compare(String what, Tensor actual, JsonElement expectedJson, double atol, double rtol) {
        if (expectedJson == null) {
            fail(what + ": PyTorch's file has no such value");
        }
        if (actual == null) {
            fail(what + ": we computed none (no gradient reached it)");
        }
        Tensor expected = tensor(expectedJson, DType.FLOAT64);
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        double[] a = actual.toDoubleArray();
        double[] b = expected.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            boolean close = Double.isFinite(b[i]) ? Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])
                    : Double.compare(a[i], b[i]) == 0;
            if (!close) {
                fail(what + " differs at flat index " + i + ": ours " + a[i] + ", PyTorch " + b[i] + " (difference "
                        + Math.abs(a[i] - b[i]) + ", allowed " + (atol + rtol * Math.abs(b[i])) + ")");
            }
        }
    }

    /** A case's constructor and call arguments, recording which were read so that none is silently ignored. */
    static final class Config {
        private final JsonObject json;
        private final Set<String> used = new HashSet<>();
        private final Map<String, Config> children = new LinkedHashMap<>();

        Config(JsonObject json) {
            this.json = json;
        }

        boolean has(String key) {
            used.add(key);
            JsonElement e = json.get(key);
            return e != null && !e.isJsonNull();
        }

        int integer(String key, int fallback) {
            return has(key) ? json.get(key).getAsInt() : fallback;
        }

        double real(String key, double fallback) {
            return has(key) ? json.get(key).getAsDouble() : fallback;
        }

        boolean flag(String key, boolean fallback) {
            return has(key) ? json.get(key).getAsBoolean() : fallback;
        }

        String text(String key, String fallback) {
            return has(key) ? json.get(key).getAsString() : fallback;
        }

        Config object(String key) {
            used.add(key);
            return children.computeIfAbsent(key, k -> new Config(json.getAsJsonObject(k)));
        }

        void assertAllUsed(String kind) {
            Set<String> unused = new TreeSet<>(json.keySet());
            unused.removeAll(used);
            assertThat(unused).as("settings of the " + kind + " case that the Java builder does not read").isEmpty();
            children.forEach((key, child) -> child.assertAllUsed(kind + "." + key));
        }
    }
}
