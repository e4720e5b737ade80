package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.nio.file.Path;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @Test
    void generatedDatasetsAreDeterministicFromTheirSeed() {
        assertThat(Datasets.twoSpirals(100, 0.05, 1).features())
                .isCloseTo(Datasets.twoSpirals(100, 0.05, 1).features(), 0, 0)
                .isNotCloseTo(Datasets.twoSpirals(100, 0.05, 2).features(), 0, 0);
        assertThat(Datasets.addingProblem(5, 20, 3).features())
                .isCloseTo(Datasets.addingProblem(5, 20, 3).features(), 0, 0);
        assertThat(Datasets.temporalOrder(5, 20, 3).labels().toLongArray())
                .containsExactly(Datasets.temporalOrder(5, 20, 3).labels().toLongArray());
    }

    @Test
    void spiralsAndMoonsAreBalancedTwoClassSetsOnTheirCurves() {
        TensorDataset spirals = Datasets.twoSpirals(1000, 0, 7);
        assertThat(spirals.features().shape()).isEqualTo(Shape.of(1000, 2));
        assertThat(java.util.Arrays.stream(spirals.labels().toLongArray()).sum()).isEqualTo(500);
        for (int i = 0; i < 1000; i++) {
            double r = Math.hypot(spirals.features().get(i, 0), spirals.features().get(i, 1));
            assertThat(r).isBetween(0.1 - 1e-6, 1.0 + 1e-6);
        }
        TensorDataset moons = Datasets.twoMoons(1000, 0, 7);
        for (int i = 0; i < 1000; i++) {
            double x = moons.features().get(i, 0);
            double y = moons.features().get(i, 1);
            double cx = moons.labels().get(i) == 0 ? 0 : 1;
            double cy = moons.labels().get(i) == 0 ? 0 : 0.5;
            assertThat(Math.hypot(x - cx, y - cy)).isCloseTo(1.0, within(1e-5));
        }
        assertThat(moons.classNames()).containsExactly("upper moon", "lower moon");
    }

    @Test
    void theRegressionSetsNoiseIsItsBestPossibleError() {
        TensorDataset data = Datasets.regression(50_000, 0.3, 11);
        Tensor residual = data.labels().sub(data.features().sin());
        assertThat(residual.square().mean().item()).isCloseTo(0.09, within(0.003));
        assertThat(data.features().min().item()).isGreaterThanOrEqualTo(-Math.PI);
        assertThat(data.features().max().item()).isLessThan(Math.PI);
    }

    @Test
    void theAddingProblemMarksTwoPositionsInTheirRangesAndPredicting05ScoresAbout0042() {
        int length = 50;
        TensorDataset data = Datasets.addingProblem(20_000, length, 5);
        assertThat(data.features().shape()).isEqualTo(Shape.of(20_000, length, 2));
        assertThat(data.labels().shape()).isEqualTo(Shape.of(20_000, 1));
        float[] x = data.features().toFloatArray();
        float[] y = data.labels().toFloatArray();
        int[] firstHits = new int[length];
        int[] secondHits = new int[length];
        for (int i = 0; i < 20_000; i++) {
            int first = -1;
            int second = -1;
            for (int t = 0; t < length; t++) {
                float marker = x[(i * length + t) * 2];
                float value = x[(i * length + t) * 2 + 1];
                assertThat(value).isBetween(0f, 1f);
                if (marker == 1) {
                    if (first < 0) {
                        first = t;
                    } else {
                        assertThat(second).as("exactly two markers").isNegative();
                        second = t;
                    }
                } else {
                    assertThat(marker).isZero();
                }
            }
            assertThat(first).isBetween(0, 4);          // [0, floor(50/10))
            assertThat(second).isBetween(5, 24);        // [5, 5 + floor(200/10))
            firstHits[first]++;
            secondHits[second]++;
            float mean = (x[(i * length + first) * 2 + 1] + x[(i * length + second) * 2 + 1]) / 2;
            assertThat(y[i]).isEqualTo(mean);
        }
        assertThat(firstHits[0]).isGreaterThan(3000);   // uniform: about 4000 each
        assertThat(secondHits[24]).isGreaterThan(700);  // about 1000 each
        double mse = data.labels().sub(0.5).square().mean().item();
        assertThat(mse).as("the constant-0.5 baseline, 1/24").isCloseTo(1.0 / 24, within(0.0015));
    }

    @Test
    void theTemporalOrderProblemHasFourBalancedClassesAndGuessingIsRightAQuarterOfTheTime() {
        int length = 60;
        TensorDataset data = Datasets.temporalOrder(20_000, length, 9);
        assertThat(data.features().shape()).isEqualTo(Shape.of(20_000, length, 6));
        assertThat(data.labels().dtype()).isEqualTo(DType.INT64);
        assertThat(data.classNames()).containsExactly("AA", "BA", "AB", "BB");
        float[] x = data.features().toFloatArray();
        long[] y = data.labels().toLongArray();
        int[] counts = new int[4];
        for (int i = 0; i < 20_000; i++) {
            int[] ab = new int[2];
            int[] pos = new int[2];
            int found = 0;
            for (int t = 0; t < length; t++) {
                int symbol = -1;
                for (int c = 0; c < 6; c++) {
                    float v = x[(i * length + t) * 6 + c];
                    if (v == 1) {
                        assertThat(symbol).as("one-hot").isNegative();
                        symbol = c;
                    }
                }
                assertThat(symbol).isNotNegative();
                if (symbol < 2) {
                    pos[found] = t;
                    ab[found++] = symbol;
                }
            }
            assertThat(found).isEqualTo(2);
            assertThat(pos[0]).isBetween(6, 11);        // [6, 12)
            assertThat(pos[1]).isBetween(30, 35);       // [30, 36)
            assertThat(y[i]).isEqualTo(ab[0] + 2L * ab[1]);
            counts[(int) y[i]]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(4700, 5300);
        }
        // guessing any one class (here the most frequent) is right about 25% of the time: 75% error
        int best = Math.max(Math.max(counts[0], counts[1]), Math.max(counts[2], counts[3]));
        assertThat(best / 20_000.0).isCloseTo(0.25, within(0.015));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Datasets.addingProblem(10, 9, 0))
                .hasMessage("addingProblem: length must be at least 10 (the marked positions lie in tenths of the "
                        + "sequence), got 9");
        assertThatThrownBy(() -> Datasets.twoMoons(0, 0.1, 0)).hasMessage("twoMoons: n must be at least 1, got 0");
        assertThatThrownBy(() -> Datasets.regression(5, -1, 0))
                .hasMessage("regression: noise must be a finite number >= 0, got -1.0");
    }

    @Test
    void fashionMnistNotYetBuiltSaysHowToBuildIt(@TempDir Path dir) {
        assertThatThrownBy(() -> Datasets.fashionMnist(dir, Split.TEST)).isInstanceOf(DataException.class)
                .hasMessageContaining(dir.resolve("test.arrow") + ": no such file. Build it with "
                        + "datasets/fashion-mnist/build.sh")
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist");
    }

    @Test
    void aFileThatIsNotFashionMnistIsRefused(@TempDir Path dir) {
        ArrowDatasetTest.writeImages(dir.resolve("train.arrow"), 12, 5);
        assertThatThrownBy(() -> Datasets.fashionMnist(dir, Split.TRAIN)).isInstanceOf(DataException.class)
                .hasMessageContaining("is not Fashion-MNIST train (expected 60000 images [1, 28, 28] in its 10 "
                        + "classes, found ArrowDataset(");
    }
}
