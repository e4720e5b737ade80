package org.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.backprop4j.array.DType;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every bad setting and parameter list is refused with a message naming the optimizer, the setting and the value. */
class OptimizerBadInputTest {
    private final Tensor w = Tensor.zeros(3, 4).requiresGrad(true);
    private final Tensor b = Tensor.zeros(3).requiresGrad(true);

    @Test
    void negativeNaNOrInfiniteLearningRates() {
        assertThatThrownBy(() -> new Adam(List.of(w), -0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam: lr must be a finite number >= 0, got -0.1");
        assertThatThrownBy(() -> new SGD(List.of(w), Double.NaN))
                .hasMessage("SGD: lr must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> new RMSprop(List.of(w), Double.POSITIVE_INFINITY))
                .hasMessage("RMSprop: lr must be a finite number >= 0, got Infinity");
        assertThatThrownBy(() -> new Adagrad(List.of(w), -1)).hasMessage("Adagrad: lr must be a finite number >= 0, "
                + "got -1.0");
        assertThatThrownBy(() -> new AdamW(List.of(w), Double.NaN))
                .hasMessage("AdamW: lr must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> LBFGS.Options.DEFAULT.withLr(-2))
                .hasMessage("LBFGS: lr must be a finite number >= 0, got -2.0");
    }

    @Test
    void settingABadLearningRateLaterFailsAndKeepsTheOldOne() {
        Adam adam = new Adam(List.of(w), 0.01);
        assertThatThrownBy(() -> adam.setLr(0, Double.NaN)).hasMessage("Adam: lr must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> adam.setLr(-0.5)).hasMessage("Adam: lr must be a finite number >= 0, got -0.5");
        assertThat(adam.lr(0)).isEqualTo(0.01);
        assertThatThrownBy(() -> adam.setLr(1, 0.1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Adam: no parameter group 1; there are 1");
    }

    @Test
    void betasOutsideTheUnitInterval() {
        assertThatThrownBy(() -> Adam.Options.DEFAULT.withBetas(1.0, 0.999))
                .hasMessage("Adam: beta1 must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> Adam.Options.DEFAULT.withBetas(0.9, -0.1))
                .hasMessage("Adam: beta2 must be in [0, 1), got -0.1");
        assertThatThrownBy(() -> AdamW.Options.DEFAULT.withBetas(Double.NaN, 0.999))
                .hasMessage("AdamW: beta1 must be in [0, 1), got NaN");
        assertThatThrownBy(() -> AdamW.Options.DEFAULT.withMomentum(1.5))
                .hasMessage("AdamW: beta1 must be in [0, 1), got 1.5");
    }

    @Test
    void otherSettings() {
        assertThatThrownBy(() -> Adam.Options.DEFAULT.withEps(-1e-8)).hasMessage("Adam: eps must be a finite number "
                + ">= 0, got -1.0E-8");
        assertThatThrownBy(() -> Adam.Options.DEFAULT.withWeightDecay(-0.1))
                .hasMessage("Adam: weightDecay must be a finite number >= 0, got -0.1");
        assertThatThrownBy(() -> SGD.Options.of(0.1).withMomentum(-0.9))
                .hasMessage("SGD: momentum must be a finite number >= 0, got -0.9");
        assertThatThrownBy(() -> SGD.Options.of(0.1).withNesterov(true))
                .hasMessage("SGD: Nesterov momentum requires momentum > 0 and dampening 0, got momentum 0.0 and "
                        + "dampening 0.0");
        assertThatThrownBy(() -> SGD.Options.of(0.1).withMomentum(0.9).withDampening(0.1).withNesterov(true))
                .hasMessage("SGD: Nesterov momentum requires momentum > 0 and dampening 0, got momentum 0.9 and "
                        + "dampening 0.1");
        assertThatThrownBy(() -> SGD.Options.of(0.1).withDampening(2))
                .hasMessage("SGD: dampening must be in [0, 1], got 2.0");
        assertThatThrownBy(() -> RMSprop.Options.DEFAULT.withAlpha(1.01))
                .hasMessage("RMSprop: alpha must be in [0, 1], got 1.01");
        assertThatThrownBy(() -> Adagrad.Options.DEFAULT.withLrDecay(-0.1))
                .hasMessage("Adagrad: lrDecay must be a finite number >= 0, got -0.1");
        assertThatThrownBy(() -> Adagrad.Options.DEFAULT.withInitialAccumulatorValue(-1))
                .hasMessage("Adagrad: initialAccumulatorValue must be a finite number >= 0, got -1.0");
        assertThatThrownBy(() -> LBFGS.Options.DEFAULT.withMaxIter(0)).hasMessage("LBFGS: maxIter must be >= 1, got 0");
    }

    @Test
    void anEmptyParameterList() {
        assertThatThrownBy(() -> new Adam(List.of(), 0.01)).hasMessage("Adam: got an empty parameter list; pass the "
                + "tensors to optimize, e.g. model.parameters()");
        assertThatThrownBy(() -> new SGD(null, 0.01)).hasMessageStartingWith("SGD: got an empty parameter list");
        Adam adam = new Adam(List.of(w), 0.01);
        assertThatThrownBy(() -> adam.addParamGroup(List.of(), Adam.Options.DEFAULT))
                .hasMessage("Adam: parameter group 1 is empty");
    }

    @Test
    void aParameterInTwoGroupsOrTwiceInOne() {
        Adam adam = new Adam(List.of(w, b), 0.01);
        Tensor other = Tensor.zeros(2).requiresGrad(true);
        assertThatThrownBy(() -> adam.addParamGroup(List.of(other, b), Adam.Options.DEFAULT))
                .hasMessage("Adam: parameter 1 of group 1 (shape [3]) is already in group 0; a parameter may belong "
                        + "to one group only");
        assertThat(adam.paramGroups()).as("nothing was added").hasSize(1);
        assertThatThrownBy(() -> new SGD(List.of(w, b, w), 0.1))
                .hasMessage("SGD: parameter 2 of group 0 (shape [3, 4]) appears twice in the group");
    }

    @Test
    void tensorsThatCannotBeOptimized() {
        Tensor derived = w.mul(2);
        assertThatThrownBy(() -> new Adam(List.of(b, derived), 0.01))
                .hasMessage("Adam: parameter 1 of group 0 (shape [3, 4]) is the result of 'mul', not a leaf; optimize "
                        + "leaf tensors such as model.parameters()");
        assertThatThrownBy(() -> new Adam(List.of(Tensor.zeros(DType.INT64, 2)), 0.01))
                .hasMessage("Adam: parameter 0 of group 0 (shape [2]) has dtype int64; only floating tensors can be "
                        + "optimized");
        java.util.List<Tensor> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new Adam(withNull, 0.01)).hasMessage("Adam: parameter 0 of group 0 is null");
    }

    @Test
    void momentumOnlyWhereThereIsOne() {
        Adagrad adagrad = new Adagrad(List.of(w), 0.01);
        assertThat(adagrad.hasMomentum()).isFalse();
        assertThatThrownBy(() -> adagrad.setMomentum(0, 0.9)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Adagrad has no momentum setting");
        Adam adam = new Adam(List.of(w), 0.01);
        adam.setMomentum(0, 0.8);
        assertThat(adam.options(0).beta1()).isEqualTo(0.8);
    }

    @Test
    void adamAndAdamWShareASettingsRecordButEachRunsOnlyItsOwn() {
        assertThat(AdamW.Options.DEFAULT.decoupledWeightDecay()).isTrue();
        assertThat(AdamW.Options.DEFAULT.weightDecay()).isEqualTo(1e-2);
        assertThat(Adam.Options.DEFAULT.decoupledWeightDecay()).isFalse();
        assertThatThrownBy(() -> new Adam(List.of(w), AdamW.Options.DEFAULT))
                .hasMessage("Adam: these options have decoupled weight decay, which is AdamW's; use new AdamW(params, "
                        + "options), or options.withDecoupledWeightDecay(false)");
        assertThatThrownBy(() -> new AdamW(List.of(w), Adam.Options.DEFAULT.withWeightDecay(0.1)))
                .hasMessage("AdamW: these options add the weight decay to the gradient, which is Adam's; start from "
                        + "AdamW.Options.DEFAULT, or use options.withDecoupledWeightDecay(true)");
        AdamW adamW = new AdamW(List.of(w), 0.01);
        assertThatThrownBy(() -> adamW.setOptions(0, Adam.Options.DEFAULT)).hasMessageStartingWith("AdamW: ");
        assertThatThrownBy(() -> adamW.addParamGroup(List.of(b), Adam.Options.DEFAULT))
                .hasMessageStartingWith("AdamW: ");
        assertThat(adamW.options(0).decoupledWeightDecay()).as("the refused settings were not taken").isTrue();
        assertThat(adamW.paramGroups()).hasSize(1);
    }
}
