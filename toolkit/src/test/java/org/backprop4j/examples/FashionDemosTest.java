package org.backprop4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.backprop4j.array.Shape;
import org.backprop4j.data.FashionMnistFiles;
import org.backprop4j.data.Split;
import org.backprop4j.nn.Parameter;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The Fashion-MNIST demos of the advanced-techniques notebook at a small size, on the real files
 * ({@link FashionMnistFiles}: required under ./test.sh, else skipped when absent).
 */
class FashionDemosTest {
    private static Map<Long, Integer> counts(Tensor labels) {
        Map<Long, Integer> c = new TreeMap<>();
        for (long k : labels.toLongArray()) {
            c.merge(k, 1, Integer::sum);
        }
        return c;
    }

    @Test
    void loadGivesScaledImagesOfTheChosenClassesRelabelled() {
        FashionMnistFiles.require();
        AdversarialDemo.Data first = FashionCnn.load(Split.TEST, 300);
        assertThat(first.x().shape()).isEqualTo(Shape.of(300, 1, 28, 28));
        assertThat(first.x().min().item()).isEqualTo(0.0);
        assertThat(first.x().max().item()).isBetween(0.99, 1.0);
        assertThat(counts(first.y()).keySet()).allMatch(k -> k >= 0 && k < 10);

        AdversarialDemo.Data odd = FashionTransferDemo.target(Split.TEST, 7);   // classes 1, 3, 5, 7, 9 as 0-4
        assertThat(odd.x().shape()).isEqualTo(Shape.of(35, 1, 28, 28));
        assertThat(counts(odd.y())).isEqualTo(Map.of(0L, 7, 1L, 7, 2L, 7, 3L, 7, 4L, 7));
        AdversarialDemo.Data even = FashionTransferDemo.source(Split.TEST, 100);
        assertThat(counts(even.y()).keySet()).containsExactly(0L, 1L, 2L, 3L, 4L);

        assertThatThrownBy(() -> FashionTransferDemo.target(Split.TEST, 1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FashionCnn.load: TEST has only 5000 images of the requested classes (at most 1001 of "
                        + "each), asked for 5005");
    }

    @Test
    void aTrainedNetworkLosesAccuracyUnderAttackAndAdversarialTrainingResistsPgd() {
        FashionMnistFiles.require();
        AdversarialDemo.Data train = FashionCnn.load(Split.TRAIN, 2000);
        AdversarialDemo.Data test = FashionCnn.load(Split.TEST, 300);
        FashionCnn.Network plain = FashionAdversarialDemo.train(train, 2, 0, 3);
        FashionCnn.Network robust = FashionAdversarialDemo.train(train, 2, FashionAdversarialDemo.TRAIN_EPSILON, 3);
        List<AdversarialDemo.Row> a = FashionAdversarialDemo.table(plain, test);
        List<AdversarialDemo.Row> b = FashionAdversarialDemo.table(robust, test);
        assertThat(a).hasSize(FashionAdversarialDemo.EPSILONS.length);
        AdversarialDemo.Row plainAt01 = a.get(2);
        AdversarialDemo.Row robustAt01 = b.get(2);
        assertThat(plainAt01.epsilon()).isEqualTo(0.1);
        assertThat(plainAt01.clean().accuracy()).as("clean accuracy after 2 epochs of 2000 images").isGreaterThan(0.6);
        assertThat(plainAt01.fgsm().accuracy()).isLessThan(plainAt01.clean().accuracy() - 0.1);
        assertThat(plainAt01.pgd().accuracy()).isLessThanOrEqualTo(plainAt01.fgsm().accuracy() + 0.02);
        // the attack is monotone in epsilon, and training on PGD examples keeps more accuracy under PGD
        for (int i = 1; i < a.size(); i++) {
            assertThat(a.get(i).pgd().accuracy()).isLessThanOrEqualTo(a.get(i - 1).pgd().accuracy() + 0.02);
        }
        assertThat(robustAt01.pgd().accuracy()).as("PGD at 0.1: robust %s vs plain %s", robustAt01.pgd(),
                plainAt01.pgd()).isGreaterThan(plainAt01.pgd().accuracy());
    }

    @Test
    void transferComparesThreeWaysAndLeavesThePretrainedNetworkAlone() {
        FashionMnistFiles.require();
        FashionCnn.Network pretrained = FashionTransferDemo.pretrain(FashionTransferDemo.source(Split.TRAIN, 1000), 1,
                1);
        Map<String, Tensor> before = pretrained.stateDict();
        Map<String, Tensor> copy = new TreeMap<>();
        before.forEach((k, v) -> copy.put(k, v.clone()));
        double[] acc = FashionTransferDemo.compare(pretrained, FashionTransferDemo.target(Split.TRAIN, 5),
                FashionTransferDemo.target(Split.TEST, 60), 3);
        assertThat(acc).hasSize(3);
        for (double v : acc) {
            assertThat(v).as("accuracies %s, chance is 0.2", java.util.Arrays.toString(acc)).isBetween(0.4, 1.0);
        }
        pretrained.stateDict().forEach((k, v) -> assertThat(v.toDoubleArray()).as(k).containsExactly(copy.get(k).toDoubleArray()));
        for (Parameter p : pretrained.parameters()) {
            assertThat(p.requiresGrad()).isTrue();
        }
    }
}
