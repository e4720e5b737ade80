package org.backprop4j.nn;

import org.backprop4j.array.Rng;
import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * {@code y_k = x1^T A_k x2 + b_k}. Shapes: inputs {@code [*, in1]} and {@code [*, in2]}, weight
 * {@code [out, in1, in2]}, bias {@code [out]}, output {@code [*, out]}. Initialized uniform on
 * {@code +-1/sqrt(in1)}, as PyTorch does.
 */
public class Bilinear extends Module {
    final int in1;
    final int in2;
    final int out;
    final Parameter weight;
    final Parameter bias;

    public Bilinear(int in1, int in2, int out) {
        this(in1, in2, out, true);
    }

    public Bilinear(int in1, int in2, int out, boolean bias) {
        Check.positive("Bilinear", "in1Features", in1);
        Check.positive("Bilinear", "in2Features", in2);
        Check.positive("Bilinear", "outFeatures", out);
        this.in1 = in1;
        this.in2 = in2;
        this.out = out;
        this.weight = new Parameter(Tensor.zeros(out, in1, in2));
        this.bias = bias ? new Parameter(Tensor.zeros(out)) : null;
        resetParameters(Rng.global());
    }

    @Override
    public void resetParameters(Rng rng) {
        double bound = 1 / Math.sqrt(in1);
        Init.uniform(weight, -bound, bound, rng);
        if (bias != null) {
            Init.uniform(bias, -bound, bound, rng);
        }
    }

    /** Both inputs share their leading dimensions. */
    public Tensor forward(Tensor x1, Tensor x2) {
        Check.lastDim(describe(), x1, in1, "in1Features");
        Check.lastDim(describe(), x2, in2, "in2Features");
        if (x1.dim() != x2.dim() || !x1.shape().with(-1, 0).equals(x2.shape().with(-1, 0))) {
            throw new IllegalArgumentException(describe() + ": inputs must share leading dimensions, got "
                    + x1.shape() + " and " + x2.shape());
        }
        // [*, 1, 1, in1] @ [out, in1, in2] -> [*, out, 1, in2]; then against x2 [*, 1, in2, 1] -> [*, out, 1, 1]
        Tensor left = x1.unsqueeze(-2).unsqueeze(-2).matmul(weight);
        Tensor y = left.matmul(x2.unsqueeze(-2).unsqueeze(-1)).squeeze(-1).squeeze(-1);
        return bias == null ? y : y.add(bias);
    }

    @Override
    protected String extraRepr() {
        return "in1Features=" + in1 + ", in2Features=" + in2 + ", outFeatures=" + out + ", bias=" + (bias != null);
    }
}
