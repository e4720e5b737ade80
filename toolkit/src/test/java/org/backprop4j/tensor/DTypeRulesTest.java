package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;

/** float32 is the default, int64 holds indices, bool holds masks; ops keep their operand's floating type. */
class DTypeRulesTest {
    @Test
    void floatingFactoriesDefaultToFloat32() {
        for (Tensor t : List.of(Tensor.zeros(2), Tensor.ones(2), Tensor.full(3, 2), Tensor.scalar(1),
                Tensor.eye(2), Tensor.rand(Rng.seeded(0), 2), Tensor.randn(Rng.seeded(0), 2),
                Tensor.linspace(0, 1, 3), Tensor.arange(0, 1, 0.5), Tensor.of(new float[][] {{1}}))) {
            assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
        }
    }

    @Test
    void indicesAreInt64() {
        Tensor x = Tensor.of(new float[][] {{1, 9, 3}, {7, 2, 8}});
        assertThat(Tensor.arange(3).dtype()).isEqualTo(DType.INT64);
        assertThat(Tensor.randint(Rng.seeded(0), 0, 3, 2).dtype()).isEqualTo(DType.INT64);
        assertThat(x.argmax().dtype()).isEqualTo(DType.INT64);
        assertThat(x.argmin(1, false).dtype()).isEqualTo(DType.INT64);
        ValuesAndIndices max = x.max(1);
        assertThat(max.values().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(max.indices().dtype()).isEqualTo(DType.INT64);
        assertThat(max.indices().toLongArray()).containsExactly(1, 2);
    }

    @Test
    void comparisonsAndLogicalOpsGiveBoolMasks() {
        Tensor x = Tensor.of(1f, Float.NaN, 3f);
        for (Tensor m : List.of(x.eq(1), x.ne(1), x.lt(2), x.le(2), x.gt(2), x.ge(2), x.isNan(), x.isFinite(),
                x.gt(0).logicalAnd(x.lt(2)), x.gt(0).logicalOr(x.lt(2)), x.gt(0).logicalNot())) {
            assertThat(m.dtype()).isEqualTo(DType.BOOL);
            assertThat(m.requiresGrad()).isFalse();
        }
        assertThat(x.isNan().toBooleanArray()).containsExactly(false, true, false);
        assertThat(x.ne(x).toBooleanArray()).as("NaN differs from itself").containsExactly(false, true, false);
    }

    @Test
    void comparisonsCompareValuesAcrossDTypes() {
        Tensor ints = Tensor.of(1L, 2L, 3L);
        assertThat(ints.lt(Tensor.of(1.5f, 1.5f, 3.5f)).toBooleanArray()).containsExactly(true, false, true);
        assertThat(ints.eq(2).toBooleanArray()).containsExactly(false, true, false);
        assertThat(Tensor.of(true, false).eq(Tensor.of(1L, 1L)).toBooleanArray()).containsExactly(true, false);
    }

    @Test
    void opsKeepTheFloatingTypeOfTheirOperands() {
        Tensor d = Tensor.of(1.0, 4.0);
        assertThat(d.add(2).dtype()).as("a double scalar does not widen float32, nor narrow float64")
                .isEqualTo(DType.FLOAT64);
        assertThat(Tensor.of(1f).add(2.5).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(d.sqrt().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(d.mean().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(d.matmul(d).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(d.softmax(0).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(Tensor.zerosLike(d).dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void float64KeepsItsPrecision() {
        Tensor d = Tensor.of(0.1, 0.2);
        assertThat(d.sum().item()).isEqualTo(0.1 + 0.2);
        assertThat(Tensor.of(1e-10).add(1).item()).isEqualTo(1 + 1e-10);
        assertThat(Tensor.of(1e-10f).add(1).item()).as("float32 rounds").isEqualTo(1);
    }

    @Test
    void castsConvertValues() {
        Tensor f = Tensor.of(1.7f, -1.7f, 0f);
        assertThat(f.to(DType.INT64).toLongArray()).containsExactly(1, -1, 0);
        assertThat(f.to(DType.BOOL).toBooleanArray()).containsExactly(true, true, false);
        assertThat(f.to(DType.FLOAT64).toDoubleArray()).containsExactly(1.7f, -1.7f, 0);
        assertThat(Tensor.of(true, false).to(DType.FLOAT32).toFloatArray()).containsExactly(1, 0);
        assertThat(f.to(DType.FLOAT32)).as("casting to the same dtype is a no-op").isSameAs(f);
    }

    @Test
    void onlyFloatingTensorsRequireGrad() {
        assertThatThrownBy(() -> Tensor.of(1L).requiresGrad(true)).hasMessageContaining("int64");
        assertThatThrownBy(() -> Tensor.of(true).requiresGrad(true)).hasMessageContaining("bool");
        assertThat(Tensor.of(1.0).requiresGrad(true).requiresGrad()).isTrue();
    }

    @Test
    void castsBetweenFloatingTypesAreDifferentiableOthersAreNot() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor d = x.to(DType.FLOAT64);
        assertThat(d.gradFn()).isNotNull();
        d.mul(d).sum().backward();
        assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.grad().toFloatArray()).containsExactly(2, 4);
        assertThat(x.to(DType.INT64).requiresGrad()).isFalse();
    }
}
