package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;

import org.backprop4j.array.Rng;
import org.backprop4j.examples.AdversarialDemo;
import org.backprop4j.examples.AdversarialDemo.Data;
import org.backprop4j.examples.AdversarialDemo.Row;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a small trained classifier the attacks raise the loss and lower the accuracy, stay within epsilon of the input
 * and inside the valid range, and PGD is at least as strong as FGSM; bad settings are refused by name.
 */
class AdversarialTest {
    private static final double EPS = 0.05;

    private static Sequential model;
    private static Data test;
    private static Function<Tensor, Tensor> loss;

    @BeforeAll
    static void train() {
        model = AdversarialDemo.train(AdversarialDemo.moons(300, 1), 200, 0, 3);
        test = AdversarialDemo.moons(400, 2);
        loss = Adversarial.lossOf(model, new CrossEntropyLoss(), test.y());
    }

    /** Largest |a - b| over all elements. */
    private static double maxAbsDiff(Tensor a, Tensor b) {
        return a.sub(b).abs().max().item();
    }

    @Test
    void theTrainedModelIsAccurateAndBothAttacksHurtIt() {
        Row row = AdversarialDemo.evaluate(model, test, EPS, 4);
        assertThat(row.clean().accuracy()).isGreaterThan(0.97);
        assertThat(row.fgsm().loss()).isGreaterThan(2 * row.clean().loss());
        assertThat(row.pgd().loss()).isGreaterThan(2 * row.clean().loss());
        assertThat(row.fgsm().accuracy()).isLessThan(row.clean().accuracy());
        assertThat(row.pgd().accuracy()).isLessThan(row.clean().accuracy());
    }

    @Test
    void pgdFromTheInputIsAtLeastAsStrongAsFgsmAtEveryEpsilon() {
        for (double eps : AdversarialDemo.EPSILONS) {
            Row row = AdversarialDemo.evaluate(model, test, eps, 5);
            assertThat(row.pgdFromInput().loss()).as("loss at epsilon " + eps).isGreaterThanOrEqualTo(row.fgsm().loss());
            assertThat(row.pgdFromInput().accuracy()).as("accuracy at epsilon " + eps)
                    .isLessThanOrEqualTo(row.fgsm().accuracy());
        }
    }

    @Test
    void aLargerEpsilonHurtsMore() {
        Row small = AdversarialDemo.evaluate(model, test, 0.02, 6);
        Row large = AdversarialDemo.evaluate(model, test, 0.1, 6);
        assertThat(large.pgd().accuracy()).isLessThan(small.pgd().accuracy());
        assertThat(large.fgsm().loss()).isGreaterThan(small.fgsm().loss());
    }

    @Test
    void perturbationsStayWithinEpsilonAndInsideTheValidRange() {
        Tensor x = test.x();
        Tensor fgsm = Adversarial.fgsm(loss, x, EPS, 0, 1);
        Tensor pgd = Adversarial.pgd(loss, x, Adversarial.PgdOptions.of(EPS), Rng.seeded(7));
        for (Tensor adv : new Tensor[] {fgsm, pgd}) {
            assertThat(adv.requiresGrad()).isFalse();
            // x + eps is rounded to float32, so the distance may exceed eps by half an ulp of 1
            assertThat(maxAbsDiff(adv, x)).isLessThanOrEqualTo(EPS + 1e-7).isGreaterThan(EPS / 2);
            assertThat(adv.min().item()).isGreaterThanOrEqualTo(0);
            assertThat(adv.max().item()).isLessThanOrEqualTo(1);
        }
        Tensor corner = Tensor.of(new float[][] {{0, 1}, {1, 0}});
        Tensor clipped = Adversarial.fgsm(Tensor::sum, corner, 0.3, 0, 1);
        org.backprop4j.testing.TensorAssert.assertThat(clipped).hasValues(0.3f, 1, 1, 0.3f);
    }

    @Test
    void theAttacksLeaveParameterGradientsAsTheyWere() {
        model.zeroGrad();
        Adversarial.fgsm(loss, test.x(), EPS, 0, 1);
        Adversarial.pgd(loss, test.x(), Adversarial.PgdOptions.of(EPS), Rng.seeded(8));
        for (Parameter p : model.parameters()) {
            assertThat(p.grad()).isNull();
        }
    }

    @Test
    void randomStartsAreSeeded() {
        var options = Adversarial.PgdOptions.of(EPS).withSteps(1);
        Tensor a = Adversarial.pgd(loss, test.x(), options, Rng.seeded(9));
        Tensor b = Adversarial.pgd(loss, test.x(), options, Rng.seeded(9));
        Tensor c = Adversarial.pgd(loss, test.x(), options, Rng.seeded(10));
        assertThat(maxAbsDiff(a, b)).isZero();
        assertThat(maxAbsDiff(a, c)).isPositive();
    }

    @Test
    void badSettingsAreRefusedByName() {
        Tensor x = test.x();
        assertThatThrownBy(() -> Adversarial.fgsm(loss, x, -0.1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adversarial.fgsm: epsilon must be non-negative and finite, got -0.1");
        assertThatThrownBy(() -> Adversarial.fgsm(loss, x, 0.1, 1, 0))
                .hasMessage("Adversarial.fgsm: the input range [min, max] must have min < max, got [1.0, 0.0]");
        assertThatThrownBy(() -> Adversarial.fgsm(in -> model.call(in), x, 0.1, 0, 1))
                .hasMessage("Adversarial.fgsm: the loss must be a scalar, got shape [400, 2]; reduce it with mean() "
                        + "or sum()");
        assertThatThrownBy(() -> Adversarial.PgdOptions.of(0.1).withSteps(0))
                .hasMessage("Adversarial.PgdOptions: steps must be at least 1, got 0");
        assertThatThrownBy(() -> Adversarial.fgsm(loss, test.y(), 0.1, 0, 1))
                .hasMessage("Adversarial.fgsm: the input must be floating, got int64 of shape [400]");
    }
}
