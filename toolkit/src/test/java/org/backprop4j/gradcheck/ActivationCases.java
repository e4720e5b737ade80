package org.backprop4j.gradcheck;

import static org.backprop4j.gradcheck.Inputs.awayFrom;
import static org.backprop4j.gradcheck.Inputs.awayFromZero;
import static org.backprop4j.gradcheck.Inputs.dims;
import static org.backprop4j.gradcheck.Inputs.of;
import static org.backprop4j.gradcheck.Inputs.randn;
import static org.backprop4j.gradcheck.Inputs.stepped;
import static org.backprop4j.gradcheck.Inputs.transposed;
import static org.backprop4j.gradcheck.Inputs.uniform;
import static org.backprop4j.gradcheck.Inputs.values;


/** Activation functions, softmax and logSoftmax: cases for {@link OpCases}. */
final class ActivationCases {
    private ActivationCases() {
    }

    static void addTo(OpCases.Catalog c) {
        activations(c);
        newerActivations(c);
        shrinkActivations(c);
    }

    /** relu6 and the shrinking activations: piecewise ones checked away from their kinks, on both sides of each. */
    private static void shrinkActivations(OpCases.Catalog c) {
        c.twice("relu6: both sides of 0 and 6", "relu6()", in -> in[0].relu6(),
                r -> of(values(dims(2, 4), -2.5, -0.4, 0.3, 2.2, 5.1, 5.8, 6.3, 9)));
        c.twice("relu6: transposed leaf away from the kinks", "relu6()", in -> in[0].relu6(),
                r -> of(transposed(awayFrom(r, new double[] {0, 6}, 4, 3))));
        c.twice("hardshrink: lambda 0.5, all three pieces", "hardshrink(double)", in -> in[0].hardshrink(0.5),
                r -> of(values(dims(2, 4), -2.5, -0.7, -0.3, 0.05, 0.4, 0.6, 1.3, 30)));
        c.twice("hardshrink: lambda 1.2 on a strided leaf", "hardshrink(double)", in -> in[0].hardshrink(1.2),
                r -> of(stepped(awayFrom(r, new double[] {-1.2, 1.2}, 3, 6))));
        c.twice("softshrink: lambda 0.5, all three pieces", "softshrink(double)", in -> in[0].softshrink(0.5),
                r -> of(values(dims(2, 4), -2.5, -0.7, -0.3, 0.05, 0.4, 0.6, 1.3, 30)));
        c.twice("softshrink: lambda 0.8 on a transposed view", "softshrink(double)", in -> in[0].t().softshrink(0.8),
                r -> of(awayFrom(r, new double[] {-0.8, 0.8}, 3, 4)));
        c.twice("tanhshrink", "tanhshrink()", in -> in[0].tanhshrink(), r -> of(uniform(r, -3, 3, 3, 4)));
        c.twice("tanhshrink: strided leaf, including large |x|", "tanhshrink()", in -> in[0].tanhshrink(),
                r -> of(stepped(values(dims(2, 6), -25, -1.5, -0.2, 0.1, 0.9, 2, 4, -3, 0.6, 19, -0.05, 1.1))));
    }

    /** The activations of issue 17: smooth ones at random points, piecewise ones away from their kinks. */
    private static void newerActivations(OpCases.Catalog c) {
        double[] threes = {-3, 3};
        c.twice("softmin: dim 1", "softmin(int)", in -> in[0].softmin(1), r -> of(randn(r, 3, 4)));
        c.twice("softmin: dim 0 of a transposed leaf", "softmin(int)", in -> in[0].softmin(0),
                r -> of(transposed(randn(r, 4, 3))));
        c.twice("logSigmoid: both signs, including large |x|", "logSigmoid()", in -> in[0].logSigmoid(),
                r -> of(values(dims(2, 4), -30, -6, -1.3, -0.2, 0.4, 1.1, 7, 35)));
        c.twice("logSigmoid: strided leaf", "logSigmoid()", in -> in[0].logSigmoid(), r -> of(stepped(randn(r, 3, 6))));
        c.twice("mish", "mish()", in -> in[0].mish(), r -> of(uniform(r, -5, 5, 3, 4)));
        c.twice("mish: transposed view, both sides of softplus's threshold", "mish()", in -> in[0].t().mish(),
                r -> of(values(dims(3, 2), -3, 0.5, 18, 21.5, -0.7, 2)));
        c.twice("hardsigmoid: inside and outside (-3, 3)", "hardsigmoid()", in -> in[0].hardsigmoid(),
                r -> of(values(dims(2, 4), -5.5, -3.4, -2.6, -0.3, 0.8, 2.7, 3.3, 6)));
        c.twice("hardsigmoid: transposed leaf away from the kinks", "hardsigmoid()", in -> in[0].hardsigmoid(),
                r -> of(transposed(awayFrom(r, threes, 4, 3))));
        c.twice("hardswish: inside and outside (-3, 3)", "hardswish()", in -> in[0].hardswish(),
                r -> of(values(dims(2, 4), -5.5, -3.4, -2.6, -0.3, 0.8, 2.7, 3.3, 6)));
        c.twice("hardswish: strided leaf away from the kinks", "hardswish()", in -> in[0].hardswish(),
                r -> of(stepped(awayFrom(r, threes, 3, 6))));
        c.twice("softsign", "softsign()", in -> in[0].softsign(), r -> of(awayFromZero(r, 3, 4)));
        c.twice("celu: alpha 1.5", "celu(double)", in -> in[0].celu(1.5), r -> of(awayFromZero(r, 3, 4)));
        c.twice("celu: alpha 0.5 on a transposed view, including large x", "celu(double)", in -> in[0].t().celu(0.5),
                r -> of(values(dims(2, 3), -2.5, -0.4, 0.3, 40, 800, -0.9)));
        c.twice("threshold: 0.2 replaced by -1", "threshold(double,double)", in -> in[0].threshold(0.2, -1),
                r -> of(awayFrom(r, new double[] {0.2}, 3, 4)));
        c.twice("glu: dim 1", "glu(int)", in -> in[0].glu(1), r -> of(randn(r, 3, 4)));
        c.twice("glu: dim 0 of a transposed leaf", "glu(int)", in -> in[0].glu(0),
                r -> of(transposed(randn(r, 3, 4))));
        c.twice("prelu: one slope", "prelu(Tensor)", in -> in[0].prelu(in[1]),
                r -> of(awayFromZero(r, 3, 4), values(dims(1), 0.25)));
        c.twice("prelu: one slope per channel of [N, C, L]", "prelu(Tensor)", in -> in[0].prelu(in[1]),
                r -> of(awayFromZero(r, 2, 3, 4), randn(r, 3)));
        c.twice("prelu: a scalar slope on a transposed vector view", "prelu(Tensor)", in -> in[0].t().prelu(in[1]),
                r -> of(awayFromZero(r, 1, 5), values(dims(), -0.3)));
    }

    private static void activations(OpCases.Catalog c) {
        c.twice("relu", "relu()", in -> in[0].relu(), r -> of(awayFromZero(r, 3, 4)));
        c.twice("relu: transposed leaf", "relu()", in -> in[0].relu(), r -> of(transposed(awayFromZero(r, 4, 3))));
        c.twice("leakyRelu: slope 0.1", "leakyRelu(double)",
                in -> in[0].leakyRelu(0.1), r -> of(awayFromZero(r, 3, 4)));
        c.twice("leakyRelu: slope 0.3 on a strided view", "leakyRelu(double)",
                in -> in[0].slice(1, 1, 6, 2).leakyRelu(0.3), r -> of(awayFromZero(r, 2, 6)));
        c.twice("elu: alpha 1", "elu(double)", in -> in[0].elu(1), r -> of(awayFromZero(r, 3, 4)));
        c.twice("elu: alpha 0.5 on a transposed view, including large x", "elu(double)", in -> in[0].t().elu(0.5),
                r -> of(values(dims(2, 3), -2.5, -0.4, 0.3, 40, 800, -0.9)));
        c.twice("selu", "selu()", in -> in[0].selu(), r -> of(awayFromZero(r, 3, 4)));
        c.twice("gelu: exact", "gelu()", in -> in[0].gelu(), r -> of(uniform(r, -4, 4, 3, 4)));
        c.twice("gelu: exact by flag, transposed leaf", "gelu(boolean)", in -> in[0].gelu(false),
                r -> of(transposed(randn(r, 4, 3))));
        c.twice("gelu: tanh approximation", "gelu(boolean)", in -> in[0].gelu(true), r -> of(uniform(r, -4, 4, 3, 4)));
        c.twice("silu", "silu()", in -> in[0].silu(), r -> of(uniform(r, -4, 4, 3, 4)));
        c.twice("silu: expanded view", "silu()", in -> in[0].expand(2, 4).silu(), r -> of(randn(r, 4)));
        c.twice("sigmoid: including large |x|", "sigmoid()", in -> in[0].sigmoid(),
                r -> of(values(dims(2, 4), -14, -6, -1.3, -0.2, 0.4, 1.1, 7, 13)));
        c.twice("sigmoid: transposed leaf", "sigmoid()", in -> in[0].sigmoid(), r -> of(transposed(randn(r, 4, 3))));
        c.twice("tanh", "tanh()", in -> in[0].tanh(), r -> of(uniform(r, -3, 3, 3, 4)));
        c.twice("tanh: strided leaf", "tanh()", in -> in[0].tanh(), r -> of(stepped(randn(r, 3, 6))));
        // The default threshold is 20: values on both sides of it, none near it.
        c.twice("softplus: defaults, both sides of the threshold", "softplus()", in -> in[0].softplus(),
                r -> of(values(dims(2, 4), -8, -1.1, 0.2, 2.5, 17, 19.5, 20.6, 26)));
        c.twice("softplus: defaults on a transposed view", "softplus()", in -> in[0].t().softplus(),
                r -> of(randn(r, 4, 3)));
        c.twice("softplus: beta 2, threshold 3 (kink at x = 1.5)", "softplus(double,double)",
                in -> in[0].softplus(2, 3), r -> of(awayFrom(r, new double[] {1.5}, 3, 4)));
        c.twice("softplus: beta 0.5, threshold 1 on a strided leaf", "softplus(double,double)",
                in -> in[0].softplus(0.5, 1), r -> of(stepped(awayFrom(r, new double[] {2}, 2, 8))));
        c.twice("hardtanh: [-0.5, 0.8]", "hardtanh(double,double)", in -> in[0].hardtanh(-0.5, 0.8),
                r -> of(awayFrom(r, new double[] {-0.5, 0.8}, 3, 4)));
        c.twice("hardtanh: [-1, 1] on a transposed leaf", "hardtanh(double,double)", in -> in[0].hardtanh(-1, 1),
                r -> of(transposed(awayFrom(r, new double[] {-1, 1}, 4, 3))));
        c.twice("softmax: dim 1", "softmax(int)", in -> in[0].softmax(1), r -> of(randn(r, 3, 4)));
        c.twice("softmax: dim 0 of a transposed view", "softmax(int)", in -> in[0].t().softmax(0),
                r -> of(randn(r, 3, 4)));
        c.twice("softmax: dim -1 of [2,3,3], large inputs", "softmax(int)", in -> in[0].softmax(-1),
                r -> of(uniform(r, 40, 44, 2, 3, 3)));
        c.twice("softmax: dim 1 of [2,3,2]", "softmax(int)", in -> in[0].softmax(1), r -> of(randn(r, 2, 3, 2)));
        c.twice("softmax: dim 0 of a vector", "softmax(int)", in -> in[0].softmax(0), r -> of(randn(r, 5)));
        c.twice("softmax: dim 1 of size 1", "softmax(int)", in -> in[0].softmax(1).mul(in[0]), r -> of(randn(r, 3, 1)));
        c.twice("logSoftmax: dim 0 of a rank-0 tensor", "logSoftmax(int)",
                in -> in[0].logSoftmax(0).add(in[0].square()),
                r -> of(randn(r)));
        c.twice("logSoftmax: dim 1", "logSoftmax(int)", in -> in[0].logSoftmax(1), r -> of(randn(r, 3, 4)));
        c.twice("logSoftmax: dim 0 of a transposed leaf", "logSoftmax(int)", in -> in[0].logSoftmax(0),
                r -> of(transposed(randn(r, 4, 3))));
        c.twice("logSoftmax: dim -1, large inputs", "logSoftmax(int)", in -> in[0].logSoftmax(-1),
                r -> of(uniform(r, -60, 60, 2, 2, 3)));
    }
}
