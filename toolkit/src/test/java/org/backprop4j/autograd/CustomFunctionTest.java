package org.backprop4j.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.backprop4j.array.Scope;

class CustomFunctionTest {
    /** x^3 with a hand-written derivative 3 x^2 g, reading x from the saved tensors. */
    record Cube() implements CustomFunction<Tensor> {
        @Override
        public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].pow(3);
        }

        @Override
        public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
            Tensor x = ctx.saved(0);
            return new Tensor[] {grad.mul(x.pow(2)).mul(3)};
        }
    }

    /** a * b + c with gradients (b g, a g, none): c is treated as a constant on purpose. */
    record MulAdd() implements CustomFunction<Tensor> {
        @Override
        public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return in[0].mul(in[1]).add(in[2]);
        }

        @Override
        public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(1)), grad.mul(ctx.saved(0)), null};
        }
    }

    @Test
    void forwardComputesTheValueAndBackwardTheGradient() {
        Tensor x = Tensor.of(1.0, -2.0, 0.5).requiresGrad(true);
        Tensor y = new Cube().apply(x);
        assertThat(y.toDoubleArray()).containsExactly(1, -8, 0.125);
        assertThat(y.gradFn().op()).isEqualTo("Cube");
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 12, 0.75);
    }

    @Test
    void forwardRunsWithoutRecording() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        boolean[] recording = {true};
        CustomFunction<Tensor> f = new CustomFunction<Tensor>() {
            @Override
            public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
                recording[0] = GradMode.isEnabled();
                return in[0].mul(2);
            }

            @Override
            public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
                return new Tensor[] {grad.mul(2)};
            }
        };
        Tensor y = f.apply(x);
        assertThat(recording[0]).isFalse();
        assertThat(y.gradFn().nextNodes()).hasSize(1);
        assertThat(y.gradFn().nextNodes().getFirst().isLeafAccumulator()).isTrue();
    }

    @Test
    void anAnonymousFunctionStillHasAReadableName() {
        CustomFunction<Tensor> f = new CustomFunction<Tensor>() {
            @Override
            public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
                return in[0].mul(2);
            }

            @Override
            public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
                return new Tensor[] {grad.mul(2)};
            }
        };
        assertThat(f.name()).contains("CustomFunctionTest");
    }

    @Test
    void severalInputsGetOneGradientEachAndNullMeansNone() {
        Tensor a = Tensor.of(2.0, 3.0).requiresGrad(true);
        Tensor b = Tensor.of(5.0, 7.0).requiresGrad(true);
        Tensor c = Tensor.of(1.0, 1.0).requiresGrad(true);
        Tensor y = new MulAdd().apply(a, b, c);
        assertThat(y.toDoubleArray()).containsExactly(11, 22);
        y.sum().backward();
        assertThat(a.grad().toDoubleArray()).containsExactly(5, 7);
        assertThat(b.grad().toDoubleArray()).containsExactly(2, 3);
        assertThat(c.grad()).isNull();
    }

    @Test
    void aFunctionReturningItsInputGetsAFreshOutput() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        CustomFunction<Tensor> identity = new CustomFunction<Tensor>() {
            @Override
            public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
                return in[0];
            }

            @Override
            public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
                return new Tensor[] {grad};
            }
        };
        Tensor y = identity.apply(x);
        assertThat(y).isNotSameAs(x);
        assertThat(y.storage()).isNotSameAs(x.storage());
        assertThat(x.isLeaf()).isTrue();
        y.mul(3).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 3);
    }

    @Test
    void noGraphIsRecordedWhenNoInputRequiresGrad() {
        Tensor y = new Cube().apply(Tensor.of(2.0));
        assertThat(y.gradFn()).isNull();
        assertThat(y.item()).isEqualTo(8);
    }

    @Test
    void aCustomBackwardWrittenWithOpsCanBeDifferentiatedAgain() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor g = Autograd.grad(new Cube().apply(x).sum(), BackwardOptions.DEFAULT.withCreateGraph(true), x)[0];
        assertThat(g.toDoubleArray()).containsExactly(3, 12);
        assertThat(Autograd.grad(g.sum(), x)[0].toDoubleArray()).containsExactly(6, 12);
    }

    @Test
    void modifyingASavedTensorInPlaceIsDetected() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = new Cube().apply(x);
        try (Scope _ = GradMode.noGrad()) {
            x.addInPlace(Tensor.of(1.0, 1.0));
        }
        assertThatThrownBy(() -> y.sum().backward()).isInstanceOf(AutogradException.class)
                .hasMessage("'Cube' saved tensor 0 of shape [2] for its backward, and it has since been modified by an "
                        + "in-place operation (version 0, now 1); use an out-of-place op or clone() before modifying "
                        + "it");
    }

    @Test
    void savedTensorsAreOnlyAvailableInsideBackward() {
        CustomFunction<Tensor> peeking = new CustomFunction<Tensor>() {
            @Override
            public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return ctx.saved(0);
            }

            @Override
            public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
                return new Tensor[] {grad};
            }
        };
        assertThatThrownBy(() -> peeking.apply(Tensor.of(1.0).requiresGrad(true)))
                .isInstanceOf(AutogradException.class)
                .hasMessage("saved(0): saved tensors are available only inside backward");
    }

    @Test
    void theGraphOfACustomFunctionIsFreedLikeAnyOther() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Tensor y = new Cube().apply(x).sum();
        y.backward();
        assertThatThrownBy(y::backward).hasMessageContaining("'Cube'").hasMessageContaining("retainGraph");
    }

    @Test
    void backwardMustReturnOneGradientPerInput() {
        CustomFunction<Tensor> wrongCount = new CustomFunction<Tensor>() {
            @Override
            public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
                return in[0].add(in[1]);
            }

            @Override
            public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
                return new Tensor[] {grad};
            }

            @Override
            public String name() {
                return "WrongCount";
            }
        };
        Tensor a = Tensor.of(1.0).requiresGrad(true);
        Tensor b = Tensor.of(2.0).requiresGrad(true);
        assertThatThrownBy(() -> wrongCount.apply(a, b).sum().backward()).isInstanceOf(AutogradException.class)
                .hasMessage("'WrongCount' backward returned 1 gradients for 2 inputs");
    }

    @Test
    void backwardMustReturnGradientsOfTheInputShapes() {
        CustomFunction<Tensor> wrongShape = new CustomFunction<Tensor>() {
            @Override
            public Tensor forward(FunctionContext<Tensor> ctx, Tensor... in) {
                return in[0].sum();
            }

            @Override
            public Tensor[] backward(FunctionContext<Tensor> ctx, Tensor grad) {
                return new Tensor[] {grad};
            }

            @Override
            public String name() {
                return "SumWithoutExpand";
            }
        };
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        assertThatThrownBy(() -> wrongShape.apply(x).backward()).isInstanceOf(AutogradException.class)
                .hasMessage("'SumWithoutExpand' backward returned a gradient of shape [] (float64) for input 0 of "
                        + "shape [2] (float64)");
    }
}
