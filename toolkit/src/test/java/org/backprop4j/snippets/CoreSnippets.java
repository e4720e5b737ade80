package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backprop4j.testing.TensorAssert.assertThat;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.autograd.AnomalyException;
import org.backprop4j.autograd.AnomalyMode;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.autograd.BackwardOptions;
import org.backprop4j.autograd.CustomFunction;
import org.backprop4j.autograd.FunctionContext;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.autograd.Graph;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The examples of the array core, autograd and the Tensor facade. */
class CoreSnippets {
    @Test
    void tensor() {
        // @start region="tensor"
        Tensor w = Tensor.randn(Rng.seeded(0), 3, 2).requiresGrad(true);
        Tensor loss = Tensor.ones(4, 3).matmul(w).relu().sum();
        loss.backward();
        w.grad();   // d loss / d w, shape [3, 2]
        // @end
        assertThat(w.grad()).hasShape(3, 2);
    }

    @Test
    void rng() {
        // @start region="rng"
        Rng rng = Rng.seeded(42);
        Tensor w = Tensor.randn(rng, 3, 4);   // the same values on every run
        // @end
        assertThat(w).isBitwiseEqualTo(Tensor.randn(Rng.seeded(42), 3, 4));
    }

    @Test
    void shape() {
        // @start region="shape"
        Shape s = Shape.of(2, 3);
        s.rank();      // 2
        s.numel();     // 6
        s.dim(-1);     // 3
        // @end
        assertThat(new int[] {s.rank(), s.numel(), s.dim(-1)}).containsExactly(2, 6, 3);
    }

    @Test
    void scope() {
        Tensor w = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        w.mul(w).sum().backward();
        // @start region="scope"
        try (var _ = GradMode.noGrad()) {
            w.addInPlace(w.grad(), -0.1);
        }
        // @end
        assertThat(w).hasValues(0.8, 0.8);
        assertThat(GradMode.isEnabled()).as("restored when the scope closes").isTrue();
    }

    @Test
    void anomalyMode() {
        Tensor x = Tensor.of(0.0, 1.0).requiresGrad(true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            Tensor loss = x.sqrt().sum(); // d sqrt(x) / dx is infinite at 0
            // @start region="anomalyMode"
            try (var _ = AnomalyMode.enable()) {
                loss.backward();
            }
            // @end
        }).isInstanceOf(AnomalyException.class).hasMessageContaining("'sqrt' backward returned Inf");
    }

    @Test
    void autograd() {
        // @start region="autograd"
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.pow(3).sum();
        Tensor g = Autograd.grad(y, BackwardOptions.DEFAULT.withCreateGraph(true), x)[0]; // 3 x^2
        Tensor h = Autograd.grad(g.sum(), x)[0];                                          // 6 x
        // @end
        assertThat(g).hasValues(3, 12);
        assertThat(h).hasValues(6, 12);
    }

    // @start region="customFunction"
    record Cube() implements CustomFunction<Tensor> {
        public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].pow(3);
        }

        public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
            Tensor x = ctx.saved(0);
            return new Tensor[] {grad.mul(x.pow(2)).mul(3)};
        }
    }
    // @end

    @Test
    void customFunction() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        // @start region="customFunctionCall"
        Tensor y = new Cube().apply(x);
        // @end
        y.backward();
        assertThat(y).hasValues(8);
        assertThat(x.grad()).hasValues(12);
    }

    /** An op written as the op families write theirs: forward computed unrecorded, then its rule recorded. */
    static Tensor mul(Tensor a, Tensor b) {
        Tensor out;
        try (var _ = GradMode.noGrad()) {
            out = a.mul(b);
        }
        // @start region="graph"
        return Graph.record("mul", out, new Tensor[] {a, b}, new Tensor[] {a, b},
                (g, ctx) -> new Tensor[] {g.mul(ctx.saved(1)), g.mul(ctx.saved(0))});
        // @end
    }

    @Test
    void graph() {
        Tensor a = Tensor.of(2.0, 3.0).requiresGrad(true);
        Tensor b = Tensor.of(5.0, 7.0).requiresGrad(true);
        mul(a, b).sum().backward();
        assertThat(a.grad()).hasValues(5, 7);
        assertThat(b.grad()).hasValues(2, 3);
    }

    @Test
    void rngState() {
        // @start region="rng-state"
        Rng.State saved = Rng.global().state();
        double a = Rng.global().nextDouble();
        Rng.global().restore(saved);
        assert Rng.global().nextDouble() == a;
        // @end
        Rng.global().restore(saved);
        assertThat(Rng.global().nextDouble()).isEqualTo(a);
    }
}
