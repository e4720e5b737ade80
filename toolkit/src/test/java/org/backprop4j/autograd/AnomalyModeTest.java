package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.backprop4j.array.Scope;

class AnomalyModeTest {
    @Test
    void anomalyModeIsOffByDefaultAndScoped() {
        assertThat(AnomalyMode.isEnabled()).isFalse();
        try (Scope _ = AnomalyMode.enable()) {
            assertThat(AnomalyMode.isEnabled()).isTrue();
            try (Scope _ = AnomalyMode.enable()) {
                assertThat(AnomalyMode.isEnabled()).isTrue();
            }
            assertThat(AnomalyMode.isEnabled()).isTrue();
        }
        assertThat(AnomalyMode.isEnabled()).isFalse();
    }

    @Test
    void aNaNFromSqrtAtZeroNamesTheOpAndWhereItWasCreated() {
        AnomalyException e;
        try (Scope _ = AnomalyMode.enable()) {
            Tensor x = Tensor.of(0.0, 4.0).requiresGrad(true);
            Tensor y = x.sqrt().mul(0).sum(); // sqrt's rule gives 0 / (2 * 0) = NaN at 0
            e = catchThrowableOfType(AnomalyException.class, y::backward);
        }
        assertThat(e).isNotNull();
        assertThat(e.op()).isEqualTo("sqrt");
        assertThat(e.getMessage()).startsWith("anomaly: 'sqrt' backward returned NaN in its gradient for input 0 "
                + "(shape [2], flat element 0)");
        assertThat(e.getMessage()).contains("the op was created at:")
                .contains("AnomalyModeTest.aNaNFromSqrtAtZeroNamesTheOpAndWhereItWasCreated");
        String firstFrame = e.getMessage().lines().filter(l -> l.startsWith("\tat ")).findFirst().orElseThrow();
        assertThat(firstFrame).as("internal frames are left out")
                .contains("AnomalyModeTest.aNaNFromSqrtAtZeroNamesTheOpAndWhereItWasCreated");
    }

    @Test
    void anInfiniteGradientIsReportedToo() {
        AnomalyException e;
        try (Scope _ = AnomalyMode.enable()) {
            Tensor x = Tensor.of(0.0).requiresGrad(true);
            Tensor y = x.sqrt().sum();
            e = catchThrowableOfType(AnomalyException.class, y::backward);
        }
        assertThat(e.op()).isEqualTo("sqrt");
        assertThat(e.getMessage()).contains("returned Inf");
    }

    @Test
    void aCustomFunctionReturningNaNIsNamed() {
        record Broken() implements CustomFunction<Tensor> {
            @Override
            public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
                return in[0].mul(2);
            }

            @Override
            public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
                return new Tensor[] {grad.mul(Double.NaN)};
            }
        }
        AnomalyException e;
        try (Scope _ = AnomalyMode.enable()) {
            Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
            Tensor y = new Broken().apply(x).sum();
            e = catchThrowableOfType(AnomalyException.class, y::backward);
        }
        assertThat(e.op()).isEqualTo("Broken");
        assertThat(e.getMessage()).contains("'Broken' backward returned NaN")
                .contains("AnomalyModeTest.aCustomFunctionReturningNaNIsNamed");
        assertThat(AutogradException.class).isAssignableFrom(AnomalyException.class);
    }

    @Test
    void withoutAnomalyModeTheNaNIsSilentlyAccumulated() {
        Tensor x = Tensor.of(0.0, 4.0).requiresGrad(true);
        x.sqrt().mul(0).sum().backward();
        assertThat(x.grad().toDoubleArray()[0]).isNaN();
        assertThat(x.sqrt().gradFn().origin()).as("no stack walk outside anomaly mode").isEmpty();
    }

    @Test
    void opsRememberWhereTheyWereCreatedOnlyInAnomalyMode() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Tensor y;
        try (Scope _ = AnomalyMode.enable()) {
            y = x.exp();
        }
        assertThat(y.gradFn().origin()).anyMatch(f -> f.getMethodName().equals(
                "opsRememberWhereTheyWereCreatedOnlyInAnomalyMode"));
        // Enabled only for the backward: the op has no origin, but the NaN is still caught.
        Tensor z = x.sub(1).sqrt().mul(0).sum();
        try (Scope _ = AnomalyMode.enable()) {
            AnomalyException e = catchThrowableOfType(AnomalyException.class, z::backward);
            assertThat(e.op()).isEqualTo("sqrt");
            assertThat(e.getMessage()).doesNotContain("created at");
        }
    }
}
