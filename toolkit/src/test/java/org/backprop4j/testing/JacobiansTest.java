package org.backprop4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class JacobiansTest {
    @Test
    void inputsThatRequireGradTimesOutputElementsAndConstantsCountNothing() {
        Tensor[] inputs = {Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true), Tensor.zeros(DType.FLOAT64, 4), null,
                Tensor.zeros(DType.FLOAT64).requiresGrad(true)};
        List<Tensor> outputs = Arrays.asList(Tensor.zeros(5), null, Tensor.scalar(1), Tensor.zeros(0, 3));

        assertThat(Jacobians.entries(inputs, outputs)).as("(6 + 1) inputs x (5 + 1) outputs").isEqualTo(42);
        assertThat(Jacobians.secondOrderEntries(inputs, outputs)).as("7 gradient elements x (7 + 6)").isEqualTo(91);
        assertThat(Jacobians.entries(new Tensor[] {Tensor.zeros(3)}, outputs)).isZero();
    }
}
