package org.backprop4j.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void equalShapesAreEqualAndHashAlike() {
        assertThat(Shape.of(2, 3)).isEqualTo(Shape.of(2, 3)).hasSameHashCodeAs(Shape.of(2, 3));
        assertThat(Shape.of(2, 3)).isNotEqualTo(Shape.of(3, 2)).isNotEqualTo(Shape.of(2, 3, 1)).isNotEqualTo("[2, 3]");
        assertThat(Shape.of()).isEqualTo(Shape.scalar()).isSameAs(Shape.scalar());
    }

    @Test
    void numelIsTheProductOfTheDimensions() {
        assertThat(Shape.of(2, 3, 4).numel()).isEqualTo(24);
        assertThat(Shape.scalar().numel()).isEqualTo(1);
        assertThat(Shape.of(5).numel()).isEqualTo(5);
        assertThat(Shape.of(3, 0, 2).numel()).isZero();
    }

    @Test
    void rankAndDimsCountNegativeIndicesFromTheEnd() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.rank()).isEqualTo(3);
        assertThat(s.dim(0)).isEqualTo(2);
        assertThat(s.dim(-1)).isEqualTo(4);
        assertThat(s.dim(-3)).isEqualTo(2);
        assertThat(Shape.scalar().rank()).isZero();
    }

    @Test
    void normalizeMapsIntoZeroToRank() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.normalize(-1)).isEqualTo(2);
        assertThat(s.normalize(-3)).isEqualTo(0);
        assertThat(s.normalize(2)).isEqualTo(2);
    }

    @Test
    void normalizeRejectsOutOfRangeDimensionsNamingTheRange() {
        Shape s = Shape.of(2, 3);
        assertThatThrownBy(() -> s.normalize(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dimension 2 is out of range for shape [2, 3] (expected a value in [-2, 1])");
        assertThatThrownBy(() -> s.normalize(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension -3").hasMessageContaining("[-2, 1]");
        assertThatThrownBy(() -> s.dim(5)).hasMessageContaining("dimension 5 is out of range for shape [2, 3]");
        assertThatThrownBy(() -> Shape.scalar().dim(0)).hasMessageContaining("shape []");
    }

    @Test
    void negativeDimensionsAreRefused() {
        assertThatThrownBy(() -> Shape.of(2, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape [2, -1]: dimension -1 is negative");
    }

    @Test
    void moreElementsThanAnIntCanCountAreRefused() {
        assertThatThrownBy(() -> Shape.of(65536, 65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[65536, 65536]").hasMessageContaining("2^31-1");
        assertThat(Shape.of(46340, 46340).numel()).isEqualTo(46340 * 46340);
    }

    @Test
    void shapesAreImmutable() {
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 7;
        assertThat(s.dim(0)).isEqualTo(2);
        s.toArray()[1] = 9;
        assertThat(s.toArray()).containsExactly(2, 3);
    }

    @Test
    void withReplacesOneDimension() {
        assertThat(Shape.of(2, 3, 4).with(-1, 7)).isEqualTo(Shape.of(2, 3, 7));
        assertThat(Shape.of(2, 3).with(0, 0)).isEqualTo(Shape.of(0, 3));
        assertThatThrownBy(() -> Shape.of(2, 3).with(0, -2)).hasMessageContaining("negative");
    }

    @Test
    void contiguousStridesAreRowMajor() {
        assertThat(Shape.of(2, 3, 4).contiguousStrides()).containsExactly(12, 4, 1);
        assertThat(Shape.scalar().contiguousStrides()).isEmpty();
        assertThat(Shape.of(2, 0, 3).contiguousStrides()).containsExactly(3, 3, 1);
    }

    @Test
    void printsLikeAList() {
        assertThat(Shape.of(2, 3)).hasToString("[2, 3]");
        assertThat(Shape.scalar()).hasToString("[]");
    }
}
