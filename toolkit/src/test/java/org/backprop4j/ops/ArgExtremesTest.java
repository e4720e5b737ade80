package org.backprop4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** argmax/argmin along one dimension, spelled as sum(dim) is: the dimension is dropped. */
class ArgExtremesTest {
    @Test
    void argmaxAlongADimensionDropsIt() {
        Tensor logits = Tensor.of(new float[][] {{0.1f, 2f, -1f}, {3f, 0f, 1f}});
        Tensor classes = logits.argmax(1);
        assertThat(classes.shape()).isEqualTo(Shape.of(2));
        assertThat(classes.dtype()).isEqualTo(DType.INT64);
        assertThat(classes.toDoubleArray()).containsExactly(1, 0);
        assertThat(logits.argmax(0).toDoubleArray()).containsExactly(1, 0, 1);
        assertThat(logits.argmax(1)).hasToString(logits.argmax(1, false).toString());
        assertThat(logits.argmin(1).toDoubleArray()).containsExactly(2, 1);
    }
}
