package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;

/**
 * {@code toString} against the strings PyTorch prints, from {@code format_cases.json}, which
 * {@code make_format_cases.py} (next to it in the test resources) generated with PyTorch.
 */
class TensorFormatTest {
    record Case(String name, String dtype, int[] shape, String[] values, boolean requiresGrad, String op,
            String expected) {
    }

    record Cases(String generator, List<Case> cases) {
    }

    static Stream<Named<Case>> cases() throws IOException {
        try (Reader r = new InputStreamReader(TensorFormatTest.class.getResourceAsStream("format_cases.json"),
                StandardCharsets.UTF_8)) {
            Cases all = new Gson().fromJson(r, Cases.class);
            return all.cases().stream().map(c -> Named.of(c.name(), c));
        }
    }

    static Tensor build(Case c) {
        DType dtype = switch (c.dtype()) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException(c.dtype());
        };
        Storage s = Storage.allocate(dtype, c.values().length);
        for (int i = 0; i < c.values().length; i++) {
            String v = c.values()[i];
            switch (dtype) {
                case FLOAT32 -> s.floats()[i] = (float) Double.parseDouble(v);
                case FLOAT64 -> s.doubles()[i] = Double.parseDouble(v);
                case INT64 -> s.longs()[i] = Long.parseLong(v);
                case BOOL -> s.bools()[i] = Boolean.parseBoolean(v);
            }
        }
        Tensor t = Tensor.of(s, Shape.of(c.shape()));
        if (c.requiresGrad()) {
            t.requiresGrad(true);
        }
        if ("mul1".equals(c.op())) {
            t = t.mul(1.0);
        }
        return t;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsLikePyTorch(Case c) {
        assertThat(build(c).toString()).isEqualTo(c.expected());
    }

    @Test
    void theGoldenFileCoversEveryKindOfCase() throws IOException {
        List<String> names = cases().map(Named::getName).toList();
        assertThat(names).hasSizeGreaterThan(50)
                .anyMatch(n -> n.startsWith("scalar"))
                .anyMatch(n -> n.startsWith("3-D"))
                .anyMatch(n -> n.contains("nan"))
                .anyMatch(n -> n.contains("scientific"))
                .anyMatch(n -> n.startsWith("summarized"))
                .anyMatch(n -> n.contains("grad fn"));
    }

    @Test
    void aStridedViewPrintsItsOwnElementsInRowMajorOrder() {
        Tensor base = Tensor.arange(DType.FLOAT32, 0, 6, 1).reshape(2, 3);
        assertThat(base.t().toString()).isEqualTo("tensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]])");
        assertThat(base.slice(1, 0, 3, 2).toString()).isEqualTo("tensor([[0., 2.],\n        [3., 5.]])");
        assertThat(base.select(1, 1).toString()).isEqualTo("tensor([1., 4.])");
    }

    @Test
    void anExpandedViewPrintsRepeatedValues() {
        Tensor row = Tensor.of(1f, 2f).expand(2, 2);
        assertThat(row.toString()).isEqualTo("tensor([[1., 2.],\n        [1., 2.]])");
    }

    @Test
    void summariesOfEveryRankPrintABoundedNumberOfElements() {
        String rank6 = Tensor.randn(org.backprop4j.array.Rng.seeded(1), 10, 10, 10, 10, 10, 10).toString();
        long numbers = rank6.chars().filter(c -> c == '.').count() - countDots(rank6);
        assertThat(numbers).isLessThanOrEqualTo(TensorFormatter.MAX_SHOWN);
        assertThat(rank6).startsWith("tensor([[[[[[").contains("...");
        int[] twos = new int[20];
        java.util.Arrays.fill(twos, 2);
        String rank20 = Tensor.zeros(twos).toString();
        assertThat(rank20.chars().filter(c -> c == '.').count() - countDots(rank20))
                .isLessThanOrEqualTo(TensorFormatter.MAX_SHOWN);
        assertThat(rank20.length()).as("a million elements print as a few pages").isLessThan(60_000);
        assertThat(rank20).contains("0., 0.]").contains("...");
        String rank4 = Tensor.zeros(10, 10, 10, 10).toString();
        assertThat(rank4.chars().filter(c -> c == '.').count() - countDots(rank4))
                .as("four summarized dimensions print 6^4 elements, as PyTorch").isEqualTo(1296);
    }

    /** The dots of the "..." marks, which the element count above must not include. */
    private static long countDots(String s) {
        return s.length() - s.replace("...", "").length();
    }
}
