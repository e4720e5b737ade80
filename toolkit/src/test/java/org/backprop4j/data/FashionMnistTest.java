package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The catalog on the real Fashion-MNIST files ({@link FashionMnistFiles}: required under ./test.sh, else skipped when
 * absent).
 */
class FashionMnistTest {
    @Test
    void bothSplitsHaveTheirImagesClassesAndBalancedLabels() {
        FashionMnistFiles.require();
        try (ArrowDataset train = Datasets.fashionMnist(Split.TRAIN);
                ArrowDataset test = Datasets.fashionMnist(Split.TEST)) {
            assertThat(train.size()).isEqualTo(60_000);
            assertThat(test.size()).isEqualTo(10_000);
            assertThat(train.numRecordBatches()).isEqualTo(6);
            assertThat(train.classNames()).isEqualTo(Datasets.FASHION_MNIST_CLASSES);
            DataLoader loader = DataLoader.builder(test).batchSize(1000).transform(Transforms.toFloat()).build();
            long[] perClass = new long[10];
            double sum = 0;
            for (Batch b : loader) {
                assertThat(b.features().shape()).isEqualTo(Shape.of(1000, 1, 28, 28));
                assertThat(b.features().min().item()).isGreaterThanOrEqualTo(0);
                assertThat(b.features().max().item()).isLessThanOrEqualTo(1);
                sum += b.features().sum().item();
                for (long c : b.labels().toLongArray()) {
                    perClass[(int) c]++;
                }
            }
            assertThat(perClass).containsOnly(1000);   // the test split holds 1000 of each class
            // the mean pixel of Fashion-MNIST is about 0.286 (the value torchvision users normalize with)
            assertThat(sum / (10_000 * 784)).isBetween(0.28, 0.29);
            Tensor first = train.get(0).features();
            assertThat(first.shape()).isEqualTo(Shape.of(1, 28, 28));
            assertThat(train.get(0).label().item()).isEqualTo(9);   // the first training image is an ankle boot
        }
    }
}
