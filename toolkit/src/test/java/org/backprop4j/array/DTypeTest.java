package org.backprop4j.array;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DTypeTest {
    @Test
    void onlyFloat32AndFloat64AreFloatingPoint() {
        assertThat(DType.FLOAT32.isFloatingPoint()).isTrue();
        assertThat(DType.FLOAT64.isFloatingPoint()).isTrue();
        assertThat(DType.INT64.isFloatingPoint()).isFalse();
        assertThat(DType.BOOL.isFloatingPoint()).isFalse();
    }

    @Test
    void byteSizesMatchTheJavaArrays() {
        assertThat(DType.FLOAT32.byteSize()).isEqualTo(Float.BYTES);
        assertThat(DType.FLOAT64.byteSize()).isEqualTo(Double.BYTES);
        assertThat(DType.INT64.byteSize()).isEqualTo(Long.BYTES);
        assertThat(DType.BOOL.byteSize()).isEqualTo(1);
    }

    @Test
    void namesAreThePyTorchOnes() {
        assertThat(DType.FLOAT32).hasToString("float32");
        assertThat(DType.FLOAT64).hasToString("float64");
        assertThat(DType.INT64).hasToString("int64");
        assertThat(DType.BOOL).hasToString("bool");
    }

    @Test
    void storagesAllocateTheArrayOfTheirDType() {
        for (DType t : DType.values()) {
            Storage s = Storage.allocate(t, 3);
            assertThat(s.dtype()).isEqualTo(t);
            assertThat(s.length()).isEqualTo(3);
            int arrays = (s.floats() != null ? 1 : 0) + (s.doubles() != null ? 1 : 0) + (s.longs() != null ? 1 : 0)
                    + (s.bools() != null ? 1 : 0);
            assertThat(arrays).as("exactly one backing array for %s", t).isEqualTo(1);
        }
    }
}
