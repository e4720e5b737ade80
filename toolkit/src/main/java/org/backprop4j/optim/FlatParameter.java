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
 * @param dtype the parameter's dtype: {@code FLOAT32} fills {@code floats} and {@code gradFloats}, {@code FLOAT64}
 *              the other two
 * @param floats the parameter's float32 elements, to update in place
 * @param doubles the parameter's float64 elements, to update in place
 * @param gradFloats the gradient's float32 elements
 * @param gradDoubles the gradient's float64 elements
 */
public record FlatParameter(Shape shape, DType dtype, float[] floats, double[] doubles, float[] gradFloats,
        double[] gradDoubles) {

    /** The number of elements. */
    public int numel() {
        return shape.numel();
    }

    /** A new state tensor of the parameter's shape and dtype, filled with {@code value}. */
    public Tensor filled(double value) {
        return Tensor.full(dtype, value, shape.toArray());
    }

    /** A new zero state tensor of the parameter's shape and dtype. */
    public Tensor zeros() {
        return filled(0);
    }
}
