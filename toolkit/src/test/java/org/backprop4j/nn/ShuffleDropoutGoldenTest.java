package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.nn.functional.F;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ChannelShuffle's outputs and gradients, and the values AlphaDropout and FeatureAlphaDropout give kept and dropped
 * elements (PyTorch's {@code a} and {@code b} from {@code p}), against {@code golden/container_golden.json}, made by
 * {@code golden/make_container_golden.py}.
 */
class ShuffleDropoutGoldenTest {
    record Values(int[] shape, double[] values) {
        Tensor tensor() {
            return Tensor.of(Storage.of(values.clone()), Shape.of(shape));
        }
    }

    record Shuffle(int[] shape, int groups, Values x, Values output, Values grad) {
        @Override
        public String toString() {
            return "ChannelShuffle(" + groups + ") of " + Arrays.toString(shape);
        }
    }

    record Alpha(double p, String kind, int[] shape, double[] onOnes, double[] onTwos, double[] grad) {
        @Override
        public String toString() {
            return kind + "(" + p + ") of " + Arrays.toString(shape);
        }
    }

    record Edge(String kind, double p, boolean training, Values x, Values output, Values grad) {
        @Override
        public String toString() {
            return kind + "(" + p + ") " + (training ? "training" : "evaluation") + " on " + Arrays.toString(x.shape());
        }

        Dropout layer() {
            Dropout d = switch (kind) {
                case "Dropout1d" -> new Dropout1d(p);
                case "Dropout3d" -> new Dropout3d(p);
                case "AlphaDropout" -> new AlphaDropout(p);
                case "FeatureAlphaDropout" -> new FeatureAlphaDropout(p);
                default -> throw new IllegalArgumentException("no layer for " + kind);
            };
            d.train(training);
            return d;
        }
    }

    record Golden(List<Shuffle> channelShuffle, List<Alpha> alphaDropout, List<Edge> dropoutEdges) {
    }

    private static final Golden GOLDEN = load();

    private static Golden load() {
        Gson gson = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
        try (InputStream in = ShuffleDropoutGoldenTest.class.getResourceAsStream("/golden/container_golden.json")) {
            return gson.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Golden.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Shuffle> shuffles() {
        return GOLDEN.channelShuffle().stream();
    }

    static Stream<Alpha> alphas() {
        return GOLDEN.alphaDropout().stream();
    }

    static Stream<Edge> edges() {
        return GOLDEN.dropoutEdges().stream();
    }

    /** The module classes whose PyTorch goldens live here and in {@link ContainerGoldenTest}. */
    static Set<String> coveredModuleClasses() {
        Set<String> used = new TreeSet<>();
        Stream.concat(GOLDEN.dropoutEdges().stream().map(e -> e.layer()),
                Stream.of(new ChannelShuffle(1), new AlphaDropout(0), new FeatureAlphaDropout(0)))
                .forEach(m -> used.add(m.getClass().getSimpleName()));
        new ContainerGoldenTest.Net().namedModules().values().forEach(m -> used.add(m.getClass().getSimpleName()));
        return used;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void dropoutInEvaluationAndWithPZeroOrOneIsPyTorchs(Edge c) {
        Tensor x = c.x().tensor().requiresGrad(true);
        Tensor out = c.layer().call(x);
        assertThat(out).isCloseTo(c.output().tensor(), 0, 0);
        Tensor gradOutput = Tensor.arange(DType.FLOAT64, 1, out.numel() + 1, 1).reshape(c.x().shape());
        assertThat(Autograd.grad(out.mul(gradOutput).sum(), x)[0]).isCloseTo(c.grad().tensor(), 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shuffles")
    void channelShuffleIsPyTorchs(Shuffle c) {
        Tensor x = c.x().tensor().requiresGrad(true);
        Tensor out = new ChannelShuffle(c.groups()).call(x);
        assertThat(out).isBitwiseEqualTo(c.output().tensor());
        assertThat(F.channelShuffle(x, c.groups())).isBitwiseEqualTo(out);
        Tensor gradOutput = Tensor.arange(DType.FLOAT64, 0, out.numel(), 1).reshape(c.shape());
        assertThat(Autograd.grad(out.mul(gradOutput).sum(), x)[0]).isBitwiseEqualTo(c.grad().tensor());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alphas")
    void keptAndDroppedValuesArePyTorchs(Alpha c) {
        Module layer = c.kind().equals("AlphaDropout") ? new AlphaDropout(c.p(), Rng.seeded(8))
                : new FeatureAlphaDropout(c.p(), Rng.seeded(8));
        Tensor ones = Tensor.ones(DType.FLOAT64, c.shape()).requiresGrad(true);
        Tensor out = layer.call(ones);
        assertDistinct(c, "on ones", out, c.onOnes());
        assertDistinct(c, "on twos", layer.call(Tensor.full(DType.FLOAT64, 2.0, c.shape())), c.onTwos());
        assertDistinct(c, "gradient", Autograd.grad(out.sum(), ones)[0], c.grad());
    }

    /** {@code t} takes exactly the two values PyTorch's output took (both occur: the sizes make that near certain). */
    private static void assertDistinct(Alpha c, String what, Tensor t, double[] expected) {
        double[] seen = Arrays.stream(t.toDoubleArray()).distinct().sorted().toArray();
        assertThat(seen).as("%s %s", c, what).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(seen[i]).as("%s %s", c, what).isCloseTo(expected[i], within(1e-14 * (1 + Math.abs(expected[i]))));
        }
    }
}
