package org.backprop4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.autograd.AutogradException;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.array.Scope;
import org.junit.jupiter.api.Test;
import org.backprop4j.array.DType;

/** fill, zero, copyFrom, addInPlace and mulInPlace write the viewed elements and bump the storage version. */
class InPlaceTest {
    @Test
    void fillAndZeroSetEveryElementAndReturnTheTensor() {
        Tensor x = Tensor.ones(2, 2);
        assertThat(x.fill(3.5)).isSameAs(x);
        assertThat(x.toFloatArray()).containsOnly(3.5f);
        assertThat(x.zero()).isSameAs(x);
        assertThat(x.toFloatArray()).containsOnly(0f);
        assertThat(Tensor.zeros(DType.INT64, 2).fill(7).toLongArray()).containsExactly(7, 7);
        assertThat(Tensor.zeros(DType.BOOL, 2).fill(1).toBooleanArray()).containsExactly(true, true);
    }

    @Test
    void copyFromBroadcastsAndConverts() {
        Tensor x = Tensor.zeros(2, 3);
        x.copyFrom(Tensor.of(1f, 2f, 3f));
        assertThat(x.toFloatArray()).containsExactly(1, 2, 3, 1, 2, 3);
        x.copyFrom(Tensor.of(1.5, 2.5).reshape(2, 1));
        assertThat(x.toFloatArray()).containsExactly(1.5f, 1.5f, 1.5f, 2.5f, 2.5f, 2.5f);
        Tensor ints = Tensor.zeros(DType.INT64, 3);
        ints.copyFrom(Tensor.of(1.9f, -2.9f, 3f));
        assertThat(ints.toLongArray()).containsExactly(1, -2, 3);
        Tensor fromView = Tensor.zeros(3, 2);
        fromView.copyFrom(Tensor.arange(DType.FLOAT32, 0, 6, 1).reshape(2, 3).t());
        assertThat(fromView.toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void copyFromRefusesASourceThatDoesNotFit() {
        Tensor x = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> x.copyFrom(Tensor.ones(3, 3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("copyFrom").hasMessageContaining("[3, 3]").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> x.copyFrom(Tensor.ones(2, 2, 3)))
                .hasMessage("copyFrom: source of shape [2, 2, 3] does not broadcast to the destination's shape [2, 3]");
    }

    @Test
    void addInPlaceScalesAndBroadcastsTheSource() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThat(x.addInPlace(Tensor.of(10f, 20f))).isSameAs(x);
        assertThat(x.toFloatArray()).containsExactly(11, 22, 13, 24);
        x.addInPlace(Tensor.ones(2, 2), -0.5);
        assertThat(x.toFloatArray()).containsExactly(10.5f, 21.5f, 12.5f, 23.5f);
        Tensor d = Tensor.of(1.0, 2.0);
        d.addInPlace(Tensor.of(0.25, 0.5), 4);
        assertThat(d.toDoubleArray()).containsExactly(2, 4);
    }

    @Test
    void mulInPlaceScales() {
        Tensor x = Tensor.of(1f, -2f);
        assertThat(x.mulInPlace(-3)).isSameAs(x);
        assertThat(x.toFloatArray()).containsExactly(-3, 6);
    }

    @Test
    void inPlaceOpsOnAViewTouchOnlyItsElements() {
        Tensor x = Tensor.zeros(3, 4);
        Tensor corner = x.slice(0, 1, 3).slice(1, 2, 4);
        corner.fill(1);
        corner.addInPlace(Tensor.of(1f, 2f));
        corner.mulInPlace(10);
        assertThat(x.toFloatArray()).containsExactly(0, 0, 0, 0, 0, 0, 20, 30, 0, 0, 20, 30);
        x.t().select(0, 0).copyFrom(Tensor.of(7f, 8f, 9f));
        assertThat(x.select(1, 0).toFloatArray()).containsExactly(7, 8, 9);
        x.slice(1, 0, 4, 3).zero();
        assertThat(x.toFloatArray()).containsExactly(0, 0, 0, 0, 0, 0, 20, 0, 0, 0, 20, 0);
    }

    @Test
    void everyInPlaceOpBumpsTheSharedVersionOnce() {
        Tensor x = Tensor.zeros(2, 2);
        Tensor view = x.t();
        int v0 = x.storage().version();
        x.fill(1);
        assertThat(x.storage().version()).isEqualTo(v0 + 1);
        x.zero();
        assertThat(x.storage().version()).isEqualTo(v0 + 2);
        x.copyFrom(Tensor.ones(2, 2));
        assertThat(x.storage().version()).isEqualTo(v0 + 3);
        x.addInPlace(Tensor.ones(2, 2));
        assertThat(x.storage().version()).isEqualTo(v0 + 4);
        x.mulInPlace(2);
        assertThat(x.storage().version()).isEqualTo(v0 + 5);
        view.fill(0);
        assertThat(x.storage().version()).as("a view shares its base's version").isEqualTo(v0 + 6);
        assertThat(view.storage().version()).isEqualTo(v0 + 6);
    }

    @Test
    void outOfPlaceOpsDoNotBumpVersions() {
        Tensor x = Tensor.ones(2);
        int v0 = x.storage().version();
        x.add(1).mul(x).t().reshape(2, 1).clone();
        x.toFloatArray();
        assertThat(x.storage().version()).isEqualTo(v0);
    }

    @Test
    void arithmeticInPlaceOpsNeedFloatingTensors() {
        assertThatThrownBy(() -> Tensor.zeros(DType.INT64, 2).mulInPlace(2))
                .hasMessageContaining("mulInPlace").hasMessageContaining("int64");
        assertThatThrownBy(() -> Tensor.zeros(DType.INT64, 2).addInPlace(Tensor.zeros(DType.INT64, 2)))
                .hasMessageContaining("addInPlace").hasMessageContaining("int64");
        assertThatThrownBy(() -> Tensor.zeros(2).addInPlace(Tensor.zeros(DType.FLOAT64, 2)))
                .hasMessageContaining("addInPlace: dtypes differ: float32 [2] and float64 [2]");
    }

    @Test
    void aTensorThatRequiresGradIsWrittenOnlyUnderNoGrad() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertThatThrownBy(() -> w.fill(0)).isInstanceOf(AutogradException.class)
                .hasMessageContaining("fill").hasMessageContaining("requires grad")
                .hasMessageContaining("GradMode.noGrad()");
        assertThat(w.storage().version()).as("a refused write bumps nothing").isZero();
        try (Scope _ = GradMode.noGrad()) {
            w.addInPlace(Tensor.of(1f, 2f), -1);
        }
        assertThat(w.toFloatArray()).containsExactly(0, -1);
        assertThat(w.requiresGrad()).isTrue();
    }

    @Test
    void aSourceOverlappingTheDestinationIsRefused() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThatThrownBy(() -> x.copyFrom(x.t())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("copyFrom: the source of shape [2, 2] and strides [1, 2] overlaps the destination of shape "
                        + "[2, 2] and strides [2, 1] in memory; clone() the source first");
        Tensor v = Tensor.arange(DType.FLOAT32, 0, 5, 1);
        assertThatThrownBy(() -> v.slice(0, 1, 5).addInPlace(v.slice(0, 0, 4))).hasMessageStartingWith(
                "addInPlace: the source of shape [4] and strides [1] overlaps the destination");
        assertThatThrownBy(() -> x.addInPlace(x.select(0, 0))).as("a broadcast row of the destination itself")
                .hasMessageStartingWith("addInPlace: the source of shape [2]");
        assertThat(x.toFloatArray()).containsExactly(1, 2, 3, 4);
        x.copyFrom(x.t().clone());
        assertThat(x.toFloatArray()).as("the suggested fix").containsExactly(1, 3, 2, 4);
    }

    @Test
    void theSameViewOrDisjointViewsOfOneStorageAreFine() {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        x.addInPlace(x);
        assertThat(x.toFloatArray()).containsExactly(2, 4, 6, 8);
        x.copyFrom(x);
        assertThat(x.toFloatArray()).containsExactly(2, 4, 6, 8);
        x.select(1, 0).copyFrom(x.select(1, 1)); // interleaved columns share no element
        assertThat(x.toFloatArray()).containsExactly(4, 4, 8, 8);
        x.select(0, 1).addInPlace(x.select(0, 0), -1);
        assertThat(x.toFloatArray()).containsExactly(4, 4, 4, 4);
    }
}
