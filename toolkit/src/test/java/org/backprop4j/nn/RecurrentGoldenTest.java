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

import org.backprop4j.array.Scope;
import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Recurrent layers and cells, MultiheadAttention and TransformerEncoderLayer against PyTorch 1.13. The file comes
 * from {@code golden/make_rnn_golden.py} (run it with PyTorch to regenerate {@code rnn_golden.json}). Each case
 * builds our layer from the file's PyTorch constructor arguments, loads the file's state dict with
 * {@code loadStateDict(state, true)} (which also checks that our parameter names and shapes are PyTorch's), runs the
 * layer in eval mode, backpropagates the file's upstream gradients, and compares every output and the gradient of
 * every input and parameter: in float64 to {@code |ours - torch| <= 1e-12 + 1e-10 |torch|}, and again with the layer
 * and inputs in float32 to {@code 1e-6 (1 + |torch|)}.
 */
class RecurrentGoldenTest {
    private static final JsonArray CASES = load();
    private static final Set<String> KINDS = Set.of("LSTM", "GRU", "RNN", "LSTMCell", "GRUCell", "RNNCell",
            "MultiheadAttention", "TransformerEncoderLayer");

    private static JsonArray load() {
        try (InputStream in = RecurrentGoldenTest.class.getResourceAsStream("/golden/rnn_golden.json")) {
            if (in == null) {
                throw new IllegalStateException("golden/rnn_golden.json is missing from the test resources; "
                        + "regenerate it with golden/make_rnn_golden.py");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("cases");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read golden/rnn_golden.json", e);
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
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(),
                () -> run(c, DType.FLOAT32, 1e-6, 1e-6)));
    }

    @Test
    void theFileCoversEveryLayerKindAndOnlyThose() {
        Set<String> inFile = new TreeSet<>();
        cases().forEach(c -> inFile.add(c.get("kind").getAsString()));
        assertThat(inFile).containsExactlyInAnyOrderElementsOf(KINDS);
        assertThat(CASES.size()).isGreaterThanOrEqualTo(30);
    }

    private static void run(JsonObject c, DType dtype, double atol, double rtol) {
        String kind = c.get("kind").getAsString();
        Config config = new Config(c.getAsJsonObject("config"));
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        c.getAsJsonObject("inputs").entrySet().forEach(e -> inputs.put(e.getKey(), tensor(e.getValue(), dtype)));
        try (Scope _ = DType.useDefaultFloat(dtype)) {
            Module layer = GoldenLayers.build(kind, config);
            layer.eval();
            Map<String, Tensor> state = new LinkedHashMap<>();
            c.getAsJsonObject("state").entrySet().forEach(e -> state.put(e.getKey(), tensor(e.getValue(), dtype)));
            layer.loadStateDict(state, true);
            for (Tensor t : inputs.values()) {
                if (t.dtype().isFloatingPoint()) {
                    t.requiresGrad(true);
                }
            }
            Map<String, Tensor> outputs = GoldenLayers.call(kind, layer, config, inputs);
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
            loss.backward();
            JsonObject grads = c.getAsJsonObject("grads");
            Set<String> compared = new HashSet<>();
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                if (e.getValue().dtype().isFloatingPoint()) {
                    compare("gradient of input " + e.getKey(), e.getValue().grad(), grads.get(e.getKey()), atol, rtol);
                    compared.add(e.getKey());
                }
            }
            for (Map.Entry<String, Parameter> e : layer.namedParameters().entrySet()) {
                compare("gradient of parameter " + e.getKey(), e.getValue().grad(), grads.get(e.getKey()), atol, rtol);
                compared.add(e.getKey());
            }
            assertThat(compared).as("gradients compared").containsExactlyInAnyOrderElementsOf(grads.keySet());
        }
    }

    /** A tensor from {@code {dtype, shape, values}}: bool stays bool, floats become {@code dtype}. */
    static Tensor tensor(JsonElement json, DType dtype) {
        JsonObject o = json.getAsJsonObject();
        int[] shape = o.getAsJsonArray("shape").asList().stream().mapToInt(JsonElement::getAsInt).toArray();
        List<JsonElement> values = o.getAsJsonArray("values").asList();
        if (o.get("dtype").getAsString().equals("bool")) {
            boolean[] b = new boolean[values.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = values.get(i).getAsInt() != 0;
            }
            return Tensor.of(b).reshape(shape);
        }
        double[] v = values.stream().mapToDouble(JsonElement::getAsDouble).toArray();
        return Tensor.of(v).reshape(shape).to(dtype).detach();
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
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                fail(what + " differs at flat index " + i + ": ours " + a[i] + ", PyTorch " + b[i] + " (difference "
                        + Math.abs(a[i] - b[i]) + ", allowed " + (atol + rtol * Math.abs(b[i])) + ")");
            }
        }
    }

    /** A case's constructor and call arguments, recording which were read so that none is silently ignored. */
    static final class Config {
        private final JsonObject json;
        private final Set<String> used = new HashSet<>();

        Config(JsonObject json) {
            this.json = json;
        }

        int integer(String key, int fallback) {
            used.add(key);
            JsonElement e = json.get(key);
            return e == null || e.isJsonNull() ? fallback : e.getAsInt();
        }

        double real(String key, double fallback) {
            used.add(key);
            JsonElement e = json.get(key);
            return e == null || e.isJsonNull() ? fallback : e.getAsDouble();
        }

        boolean flag(String key, boolean fallback) {
            used.add(key);
            JsonElement e = json.get(key);
            return e == null || e.isJsonNull() ? fallback : e.getAsBoolean();
        }

        String text(String key, String fallback) {
            used.add(key);
            JsonElement e = json.get(key);
            return e == null || e.isJsonNull() ? fallback : e.getAsString();
        }

        void assertAllUsed(String kind) {
            Set<String> unused = new TreeSet<>(json.keySet());
            unused.removeAll(used);
            assertThat(unused).as("settings of the " + kind + " case that the Java builder does not read").isEmpty();
        }
    }
}
