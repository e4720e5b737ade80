package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TransformsTest {
    private static final Rng[] NO_RNGS = new Rng[8];

    /** A [2, 3, 4] image whose pixel (c, y, x) holds 100c + 10y + x. */
    static Tensor image() {
        float[][][] v = new float[2][3][4];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    v[c][y][x] = 100 * c + 10 * y + x;
                }
            }
        }
        return Tensor.of(v);
    }

    @Test
    void toFloatScalesPixelBytesAndRefusesScaledImages() {
        Tensor pixels = Tensor.of(0f, 51f, 255f);
        assertThat(Transforms.toFloat().apply(pixels, null).toFloatArray()).containsExactly(0f, 0.2f, 1f);
        assertThatThrownBy(() -> Transforms.toFloat().apply(Tensor.of(0.5f, 1f), null))
                .isInstanceOf(DataException.class)
                .hasMessage("toFloat: value: element 0 of shape [2] is 0.5; expected whole numbers in [0, 255] "
                        + "(8-bit pixels). Was the image scaled already?");
    }

    @Test
    void normalizeWorksPerChannelOnExamplesAndBatches() {
        Transform t = Transforms.normalize(new double[] {10, 110}, new double[] {2, 4});
        Tensor out = t.apply(image(), null);
        assertThat(out.get(0, 1, 2)).isEqualTo((12 - 10) / 2.0);
        assertThat(out.get(1, 2, 3)).isEqualTo((123 - 110) / 4.0);
        Tensor batch = Tensor.stack(java.util.List.of(image(), image()), 0);
        assertThat(t.applyBatch(batch, NO_RNGS).select(0, 1)).isCloseTo(out, 0, 0);
        assertThatThrownBy(() -> Transforms.normalize(new double[] {1, 2, 3}, new double[] {1, 1, 1})
                .apply(image(), null)).isInstanceOf(DataException.class)
                .hasMessage("normalize: channels: got shape [2, 3, 4] with 2 channels (dimension 0) but 3 means and "
                        + "stds");
        assertThatThrownBy(() -> Transforms.normalize(new double[] {0}, new double[] {0}))
                .hasMessage("normalize: std [0.0] must be positive and finite");
    }

    @Test
    void oneHotEncodesClassIndices() {
        Tensor one = Transforms.oneHot(4).apply(Tensor.of(2L).reshape(), null);
        assertThat(one.toFloatArray()).containsExactly(0f, 0f, 1f, 0f);
        Tensor many = Transforms.oneHot(3).applyBatch(Tensor.of(0L, 2L), NO_RNGS);
        assertThat(many.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(many.toFloatArray()).containsExactly(1f, 0f, 0f, 0f, 0f, 1f);
        assertThatThrownBy(() -> Transforms.oneHot(3).apply(Tensor.of(3L).reshape(), null))
                .isInstanceOf(DataException.class)
                .hasMessage("oneHot: label: label 3.0 (example 0) is not a class index in [0, 3)");
    }

    @Test
    void randomCropPadsWithZerosAndCutsAWindowThatMatchesTheSource() {
        Transform crop = Transforms.randomCrop(3, 1);
        Tensor img = image();
        boolean sawPadding = false;
        for (int seed = 0; seed < 50; seed++) {
            Tensor out = crop.apply(img, Rng.seeded(seed));
            assertThat(out.shape()).isEqualTo(Shape.of(2, 3, 3));
            // find the offset: every pixel is either padding (0) or the source pixel shifted by one (dy, dx)
            boolean found = false;
            for (int dy = -1; dy <= 1 && !found; dy++) {
                for (int dx = -1; dx <= 2 && !found; dx++) {
                    found = matches(img, out, dy, dx);
                    if (found && (dy < 0 || dx < 0 || dy + 3 > 3 || dx + 3 > 4)) {
                        sawPadding = true;
                    }
                }
            }
            assertThat(found).as("seed %d gives a shifted window of the padded image", seed).isTrue();
            assertThat(crop.apply(img, Rng.seeded(seed))).as("same seed, same crop").isCloseTo(out, 0, 0);
        }
        assertThat(sawPadding).isTrue();
        assertThatThrownBy(() -> Transforms.randomCrop(9, 1).apply(img, Rng.seeded(0)))
                .isInstanceOf(DataException.class)
                .hasMessage("randomCrop(9, padding=1): image: shape [2, 3, 4] padded by 1 is 5x6, smaller than the "
                        + "9x9 crop");
        assertThatThrownBy(() -> Transforms.randomCrop(2, 0).apply(Tensor.zeros(5), Rng.seeded(0)))
                .isInstanceOf(DataException.class).hasMessageContaining("expected an image [C, H, W] or [H, W], got "
                        + "shape [5]");
    }

    private static boolean matches(Tensor img, Tensor out, int top, int left) {
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    int sy = top + y;
                    int sx = left + x;
                    double expected = sy < 0 || sy >= 3 || sx < 0 || sx >= 4 ? 0 : img.get(c, sy, sx);
                    if (out.get(c, y, x) != expected) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void horizontalFlipMirrorsWithTheGivenProbability() {
        Tensor img = image();
        Tensor flipped = Transforms.randomHorizontalFlip(1).apply(img, Rng.seeded(0));
        assertThat(flipped.get(1, 2, 0)).isEqualTo(img.get(1, 2, 3));
        assertThat(flipped.get(0, 0, 3)).isEqualTo(img.get(0, 0, 0));
        assertThat(Transforms.randomHorizontalFlip(0).apply(img, Rng.seeded(0))).isCloseTo(img, 0, 0);
        int flips = 0;
        for (int seed = 0; seed < 2000; seed++) {
            if (Transforms.randomHorizontalFlip(0.5).apply(img, Rng.seeded(seed)).get(0, 0, 0) != 0) {
                flips++;
            }
        }
        assertThat(flips).isBetween(900, 1100);
        assertThatThrownBy(() -> Transforms.randomHorizontalFlip(1.5))
                .hasMessage("randomHorizontalFlip: p must be in [0, 1], got 1.5");
    }

    @Test
    void aComposedPipelineGivesTheSameOnABatchAsExampleByExample() {
        Transform pipeline = Transforms.compose(Transforms.toFloat(), Transforms.randomCrop(3, 2),
                Transforms.randomHorizontalFlip(0.5), Transforms.normalize(new double[] {0.5}, new double[] {0.25}));
        Tensor a = Tensor.full(DType.FLOAT32, 17, 2, 3, 4).add(image().clamp(0, 200));
        Tensor b = image().clamp(0, 255);
        Tensor batch = Tensor.stack(java.util.List.of(a, b), 0);
        Tensor together = pipeline.applyBatch(batch, new Rng[] {Rng.seeded(1), Rng.seeded(2)});
        assertThat(together.select(0, 0)).isCloseTo(pipeline.apply(a, Rng.seeded(1)), 0, 0);
        assertThat(together.select(0, 1)).isCloseTo(pipeline.apply(b, Rng.seeded(2)), 0, 0);
        assertThat(pipeline.toString())
                .contains("toFloat then randomCrop(3, padding=2) then randomHorizontalFlip(0.5)");
    }
}
