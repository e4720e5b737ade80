package org.backprop4j.optim;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * A parameter and its gradient as an {@link UpdateRule} sees them: arrays of {@code numel()} elements indexed from
 * 0, of one dtype (the other pair is null). The parameter's array is the one to write (taken through
 * {@code Storage.writable*()} by {@link PerParameterOptimizer}); the gradient's is read only.
 *
 * @param shape the parameter's shape, which new state tensors take
 */
record FlatParameter(Shape shape, DType dtype, float[] floats, double[] doubles, float[] gradFloats,
        double[] gradDoubles) {

    int numel() {
        return shape.numel();
    }

    /** A new state tensor of the parameter's shape and dtype, filled with {@code value}. */
    Tensor filled(double value) {
        return Tensor.full(dtype, value, shape.toArray());
    }

    /** A new zero state tensor of the parameter's shape and dtype. */
    Tensor zeros() {
        return filled(0);
    }
}
