package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** createGraph records the backward pass, so that gradients can be differentiated again. */
class HigherOrderTest {
    private static final BackwardOptions CREATE = BackwardOptions.DEFAULT.withCreateGraph(true);

    @Test
    void createGraphImpliesRetainGraph() {
        assertThat(CREATE.retainGraph()).isTrue();
        assertThat(BackwardOptions.DEFAULT.withRetainGraph(true).withCreateGraph(false).retainGraph()).isTrue();
        assertThat(BackwardOptions.DEFAULT.createGraph()).isFalse();
    }

    @Test
    void secondAndThirdDerivativesOfACube() {
        Tensor x = Tensor.of(-1.0, 0.5, 2.0).requiresGrad(true);
        Tensor y = x.pow(3).sum();
        Tensor dy = Autograd.grad(y, CREATE, x)[0];
        assertThat(dy.toDoubleArray()).containsExactly(3, 0.75, 12);
        assertThat(dy.requiresGrad()).isTrue();
        Tensor d2y = Autograd.grad(dy.sum(), CREATE, x)[0];
        assertThat(d2y.toDoubleArray()).containsExactly(-6, 3, 12);
        Tensor d3y = Autograd.grad(d2y.sum(), x)[0];
        assertThat(d3y.toDoubleArray()).containsExactly(6, 6, 6);
        assertThat(d3y.requiresGrad()).as("without createGraph the result is a constant").isFalse();
    }

    @Test
    void secondDerivativeOfACubeWrittenAsProducts() {
        Tensor x = Tensor.of(1.5, -2.0).requiresGrad(true);
        Tensor dy = Autograd.grad(x.mul(x).mul(x).sum(), CREATE, x)[0];
        assertThat(Autograd.grad(dy.sum(), x)[0].toDoubleArray()).containsExactly(9, -12);
    }

    @Test
    void backwardWithCreateGraphLeavesADifferentiableGrad() {
        Tensor x = Tensor.of(2.0, 3.0).requiresGrad(true);
        x.pow(3).sum().backward(null, CREATE);
        Tensor g = x.grad();
        assertThat(g.toDoubleArray()).containsExactly(12, 27);
        assertThat(g.gradFn()).isNotNull();
        assertThat(Autograd.grad(g.sum(), x)[0].toDoubleArray()).containsExactly(12, 18);
    }

    @Test
    void hessianVectorProductOfAQuadraticFormMatchesTheMatrix() {
        // f(x) = x^T A x with a non-symmetric A: gradient (A + A^T) x, Hessian A + A^T.
        Rng rng = Rng.seeded(11);
        int n = 4;
        Tensor a = Tensor.randn(rng, DType.FLOAT64, n, n);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, n).requiresGrad(true);
        Tensor v = Tensor.randn(rng, DType.FLOAT64, n);
        Tensor f = x.matmul(a.matmul(x));
        Tensor g = Autograd.grad(f, CREATE, x)[0];
        Tensor hv = Autograd.grad(g.mul(v).sum(), x)[0];

        double[][] am = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                am[i][j] = a.get(i, j);
            }
        }
        double[] xs = x.toDoubleArray();
        double[] vs = v.toDoubleArray();
        for (int i = 0; i < n; i++) {
            double gi = 0;
            double hvi = 0;
            for (int j = 0; j < n; j++) {
                gi += (am[i][j] + am[j][i]) * xs[j];
                hvi += (am[i][j] + am[j][i]) * vs[j];
            }
            assertThat(g.get(i)).isCloseTo(gi, within(1e-12));
            assertThat(hv.get(i)).isCloseTo(hvi, within(1e-12));
        }
    }

    @Test
    void theFullHessianOfASmoothFunctionIsSymmetric() {
        Tensor x = Tensor.of(0.3, -0.7, 1.1).requiresGrad(true);
        Tensor g = Autograd.grad(x.tanh().mul(x.sin()).sum().mul(x.sum()), CREATE, x)[0];
        double[][] h = new double[3][];
        for (int i = 0; i < 3; i++) {
            h[i] = Autograd.grad(g.select(0, i), BackwardOptions.DEFAULT.withRetainGraph(true), x)[0].toDoubleArray();
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                assertThat(h[i][j]).as("H[%d][%d]", i, j).isCloseTo(h[j][i], within(1e-12));
            }
        }
    }

    @Test
    void gradOfGradThroughMatmulAndBroadcasting() {
        // f(W) = sum((W x)^2) / 2 has gradient (W x) x^T; its gradient along W is d/dW sum(G * V) = V x x^T.
        Tensor w = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad(true);
        Tensor x = Tensor.of(1.0, -1.0);
        Tensor gw = Autograd.grad(w.matmul(x).square().sum().div(2), CREATE, w)[0];
        assertThat(gw.toDoubleArray()).containsExactly(-1, 1, -1, 1);
        Tensor v = Tensor.of(new double[][] {{1, 0}, {0, 2}});
        Tensor second = Autograd.grad(List.of(gw.mul(v).sum()), java.util.Arrays.asList((Tensor) null), List.of(w),
                BackwardOptions.DEFAULT)[0];
        // d/dW sum(((W x) x^T) * V) = (V x) x^T
        assertThat(second.toDoubleArray()).containsExactly(1, -1, -2, 2);
    }
}
