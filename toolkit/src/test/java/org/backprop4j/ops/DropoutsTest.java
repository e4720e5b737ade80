package org.backprop4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The fused dropout against the composite it replaced: the same mask, output and gradient to the bit. */
class DropoutsTest {

    @Test
    void givesTheCompositesBitsForwardAndBackward() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (double p : new double[] {0.1, 0.5, 0.9}) {
                Tensor x = Tensor.randn(Rng.seeded(3), dtype, 7, 33).mul(3);
                Tensor g = Tensor.randn(Rng.seeded(4), dtype, 7, 33);
                // a transposed view: the mask follows the logical (row-major) order, as Tensor.rand's does
                Tensor xt = x.t().detach().requiresGrad(true);
                Tensor fused = Dropouts.dropout(xt, p, Rng.seeded(5));
                fused.backward(g.t());
                Tensor xc = x.t().detach().requiresGrad(true);
                Tensor keep = Tensor.rand(Rng.seeded(5), DType.FLOAT64, 33, 7).ge(p).to(dtype);
                Tensor composite = xc.mul(keep).div(1 - p);
                composite.backward(g.t());
                String what = dtype + " p=" + p;
                assertThat(fused.toDoubleArray()).as("%s: output", what).containsExactly(composite.toDoubleArray());
                assertThat(xt.grad().toDoubleArray()).as("%s: gradient", what)
                        .containsExactly(xc.grad().toDoubleArray());
                long zeros = java.util.Arrays.stream(fused.toDoubleArray()).filter(v -> v == 0).count();
                assertThat(zeros).as("%s: some dropped, some kept", what).isBetween(1L, 33L * 7 - 1);
            }
        }
    }

    @Test
    void theEdgesAndBadInput() {
        Tensor x = Tensor.randn(Rng.seeded(1), DType.FLOAT32, 4, 4);
        assertThat(Dropouts.dropout(x, 0, null)).isSameAs(x);
        assertThat(java.util.Arrays.stream(Dropouts.dropout(x, 1, null).toDoubleArray()).allMatch(v -> v == 0))
                .as("p 1 zeroes everything").isTrue();
        assertThatThrownBy(() -> Dropouts.dropout(x, 1.5, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout").hasMessageContaining("p");
        assertThatThrownBy(() -> Dropouts.dropout(Tensor.of(new long[] {1, 2}), 0.5, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropout");
    }
}
