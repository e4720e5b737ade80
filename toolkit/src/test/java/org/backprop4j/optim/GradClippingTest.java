package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Gradient clipping against PyTorch's {@code clip_grad_norm_} and {@code clip_grad_value_}, and its errors. */
class GradClippingTest {
    private static final double RTOL = 1e-12;
    private static final double ATOL = 1e-15;

    /** Parameters with the golden gradients, and one more without a gradient. */
    private static List<Tensor> parameters(DType dtype) {
        List<Tensor> params = new ArrayList<>();
        for (OptimGolden.Values g : OptimGolden.GOLDEN.clipping().grads()) {
            Tensor p = Tensor.zeros(dtype, g.shape()).requiresGrad(true);
            p.setGrad(g.tensor(dtype));
            params.add(p);
        }
        params.add(Tensor.zeros(dtype, 2).requiresGrad(true));
        return params;
    }

    @TestFactory
    Stream<DynamicTest> clippingMatchesPyTorch() {
        return OptimGolden.GOLDEN.clipping().cases().stream().map(c -> DynamicTest.dynamicTest(
                c.kind() + " " + (c.kind().equals("norm") ? c.normType() + " " + c.maxNorm() : c.clipValue()), () -> {
                    List<Tensor> params = parameters(DType.FLOAT64);
                    if (c.kind().equals("norm")) {
                        double p = c.normType().getAsJsonPrimitive().isString() ? Double.POSITIVE_INFINITY
                                : c.normType().getAsDouble();
                        double total = GradClipping.clipGradNorm(params, c.maxNorm(), p);
                        assertThat(total).isCloseTo(c.totalNorm(), org.assertj.core.data.Offset.offset(
                                ATOL + RTOL * c.totalNorm()));
                    } else {
                        GradClipping.clipGradValue(params, c.clipValue());
                    }
                    for (int i = 0; i < c.clipped().size(); i++) {
                        double[] ours = params.get(i).grad().toDoubleArray();
                        assertThat(OptimGolden.close(ours, c.clipped().get(i).values(), RTOL, ATOL))
                                .as("gradient %d is off by %.3g tolerances", i,
                                        OptimGolden.worst(ours, c.clipped().get(i).values(), RTOL, ATOL))
                                .isTrue();
                    }
                    assertThat(params.getLast().grad()).isNull();
                }));
    }

    @TestFactory
    Stream<DynamicTest> totalNormIsTheNormClippingReturnsAndChangesNothing() {
        return OptimGolden.GOLDEN.clipping().cases().stream().filter(c -> c.kind().equals("norm")).map(c ->
                DynamicTest.dynamicTest("norm " + c.normType(), () -> {
                    double p = c.normType().getAsJsonPrimitive().isString() ? Double.POSITIVE_INFINITY
                            : c.normType().getAsDouble();
                    List<Tensor> params = parameters(DType.FLOAT64);
                    List<double[]> before = params.stream().filter(t -> t.grad() != null)
                            .map(t -> t.grad().toDoubleArray()).toList();
                    double total = GradClipping.totalNorm(params, p);
                    assertThat(total).isCloseTo(c.totalNorm(), org.assertj.core.data.Offset.offset(
                            ATOL + RTOL * c.totalNorm()));
                    List<double[]> after = params.stream().filter(t -> t.grad() != null)
                            .map(t -> t.grad().toDoubleArray()).toList();
                    for (int i = 0; i < before.size(); i++) {
                        assertThat(after.get(i)).containsExactly(before.get(i));
                    }
                }));
    }

    @Test
    void totalNormOfNoGradientsIsZeroAndABadOrderIsRefused() {
        assertThat(GradClipping.totalNorm(List.of(Tensor.zeros(3).requiresGrad(true)), 2)).isZero();
        assertThatThrownBy(() -> GradClipping.totalNorm(List.of(), 0))
                .hasMessage("totalNorm: normType must be > 0 (or infinity), got 0.0");
    }

    @Test
    void float32GradientsAreClippedInPlaceToo() {
        List<Tensor> params = parameters(DType.FLOAT32);
        Tensor before = params.getFirst().grad();
        double total = GradClipping.clipGradNorm(params, 1.0);
        assertThat(params.getFirst().grad()).isSameAs(before);
        double after = 0;
        for (Tensor p : params.subList(0, 3)) {
            for (double v : p.grad().toDoubleArray()) {
                after += v * v;
            }
        }
        assertThat(total).isGreaterThan(1.0);
        assertThat(Math.sqrt(after)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void noGradientsGiveANormOfZero() {
        assertThat(GradClipping.clipGradNorm(List.of(Tensor.zeros(3).requiresGrad(true)), 1.0)).isZero();
    }

    @Test
    void aNonFiniteNormFailsOnRequestAndChangesNothing() {
        Tensor a = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        a.setGrad(Tensor.of(3.0, 4.0));
        b.setGrad(Tensor.of(Double.NaN, 1.0));
        assertThatThrownBy(() -> GradClipping.clipGradNorm(List.of(a, b), 1.0, 2, true))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("clipGradNorm: the total norm of order 2.0 of the gradients of 2 parameters is NaN, so "
                        + "they cannot be clipped; nothing was changed (pass errorIfNonfinite = false to scale by the "
                        + "non-finite norm anyway)");
        assertThat(a.grad().toDoubleArray()).containsExactly(3, 4);
        b.setGrad(Tensor.of(Double.POSITIVE_INFINITY, 1.0));
        assertThatThrownBy(() -> GradClipping.clipGradNorm(List.of(a, b), 1.0, Double.POSITIVE_INFINITY, true))
                .hasMessageContaining("is Infinity, so they cannot be clipped");
        // without the check, PyTorch's behaviour: everything is scaled by max / (inf + 1e-6) = 0
        double total = GradClipping.clipGradNorm(List.of(a, b), 1.0, 2, false);
        assertThat(total).isInfinite();
        assertThat(a.grad().toDoubleArray()).containsExactly(0, 0);
    }

    @Test
    void badArgumentsAreClearErrors() {
        List<Tensor> params = List.of(Tensor.zeros(2).requiresGrad(true));
        assertThatThrownBy(() -> GradClipping.clipGradNorm(params, -1))
                .hasMessage("clipGradNorm: maxNorm must be >= 0, got -1.0");
        assertThatThrownBy(() -> GradClipping.clipGradNorm(params, Double.NaN))
                .hasMessage("clipGradNorm: maxNorm must be >= 0, got NaN");
        assertThatThrownBy(() -> GradClipping.clipGradNorm(params, 1, 0))
                .hasMessage("clipGradNorm: normType must be > 0 (or infinity), got 0.0");
        assertThatThrownBy(() -> GradClipping.clipGradValue(params, -0.5))
                .hasMessage("clipGradValue: clipValue must be >= 0, got -0.5");
    }

    @Test
    void clippingAViewOfAGradientWritesThroughToIt() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 2, 2).requiresGrad(true);
        p.setGrad(Tensor.of(new double[][] {{3, -4}, {0, 10}}).t());
        GradClipping.clipGradValue(List.of(p), 2);
        assertThat(p.grad().toDoubleArray()).containsExactly(2, 0, -2, 2);
    }
}
