package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.distinct;
import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.transposed;
import static org.backprop4j.gradcheck.Inputs.uniform;

import org.backprop4j.array.internal.Window3d;
import org.backprop4j.ops.FractionalPooling;
import org.backprop4j.ops.Pooling;
import org.backprop4j.tensor.Tensor;

/**
 * Power-average and fractional max pooling, for {@link OpCases}, all at second order: power sums kept away from 0
 * (positive inputs for odd and fractional norm types), fractional pooling on distinct values with fixed samples.
 */
final class ExtraOpCases {
    private ExtraOpCases() {
    }

    private static Window3d window(int[] kernel, int[] stride) {
        int[] zeros = new int[kernel.length];
        int[] ones = new int[kernel.length];
        java.util.Arrays.fill(ones, 1);
        return new Window3d(kernel, stride, zeros, ones);
    }

    private static int[] ints(int... v) {
        return v;
    }

    private static Tensor samples(int n, int c, double... values) {
        return Tensor.of(values).reshape(n, c, values.length / (n * c));
    }

    static void addTo(OpCases.Catalog c) {
        c.twice("lpPool1d: p 2", "", in -> Pooling.lpPool(in[0], 2, window(ints(3), ints(3)), false),
                r -> of(randn(r, 2, 2, 9)));
        c.twice("lpPool1d: p 3, stride 2, ceil mode, positive inputs", "",
                in -> Pooling.lpPool(in[0], 3, window(ints(3), ints(2)), true), r -> of(uniform(r, 0.3, 2, 1, 2, 8)));
        c.twice("lpPool1d: p 1, signed sums", "", in -> Pooling.lpPool(in[0], 1, window(ints(2), ints(2)), false),
                r -> of(uniform(r, 0.2, 1.5, 2, 2, 6).mul(Tensor.of(1.0, 1.0, -1.0, -1.0, 1.0, 1.0))
                        .detach().requiresGrad(true)));
        c.twice("lpPool2d: p 2 on a transposed leaf", "",
                in -> Pooling.lpPool(in[0], 2, window(ints(2, 2), ints(2, 2)), false),
                r -> of(transposed(randn(r, 1, 2, 6, 4))));
        c.twice("lpPool2d: p 1.5, tuple kernel and stride, ceil mode", "",
                in -> Pooling.lpPool(in[0], 1.5, window(ints(3, 2), ints(2, 1)), true),
                r -> of(uniform(r, 0.3, 2, 1, 2, 5, 4)));
        c.twice("fractionalMaxPool2d: values", "", in -> FractionalPooling.fractionalMaxPool(in[0], ints(2, 3),
                ints(3, 4), samples(2, 1, 0.31, 0.77, 0.05, 0.52)).values(), r -> of(distinct(r, 2, 1, 6, 8)));
        c.twice("fractionalMaxPool3d: values", "", in -> FractionalPooling.fractionalMaxPool(in[0], ints(2, 2, 1),
                ints(2, 3, 3), samples(1, 2, 0.4, 0.9, 0.15, 0.66, 0.28, 0.01)).values(),
                r -> of(distinct(r, 1, 2, 4, 5, 4)));
    }
}
