package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import javax.imageio.ImageIO;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Heatmap and ImageGrid, checked on the pixels of the PNGs they make. */
class ImagesTest {
    static BufferedImage decode(MimeBundle b) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(b.binary(MimeBundle.PNG)));
    }

    @Test
    void heatmapColoursCellsByValueWithAColourBar() throws IOException {
        MimeBundle b = Heatmap.of(Tensor.of(new float[][] {{0, 1}})).withTitle("t").toMimeBundle();
        BufferedImage img = decode(b);
        int width = (int) b.metadata(MimeBundle.PNG).get("width");
        assertThat(img.getWidth()).isEqualTo(2 * width);
        // Cells are 40 CSS pixels (the cap), the plot starts at (44, 30), drawn at twice the size.
        assertThat(img.getRGB(2 * (44 + 20), 2 * (30 + 20)) & 0xffffff).isEqualTo(Colormap.VIRIDIS.rgb(0));
        assertThat(img.getRGB(2 * (44 + 60), 2 * (30 + 20)) & 0xffffff).isEqualTo(Colormap.VIRIDIS.rgb(1));
        assertThat(b.plainText()).isEqualTo("Heatmap of Tensor [1, 2] float32, colour range [0.00, 1.00] viridis: t");
    }

    @Test
    void heatmapCentresDivergingDataOnZero() {
        assertThat(Heatmap.of(Tensor.of(-1f, 3f)).toMimeBundle().plainText())
                .contains("colour range [-3.00, 3.00] coolwarm");
        assertThat(Heatmap.of(Tensor.of(-1f, 3f)).withRange(0, 10).withColormap(Colormap.GRAY).toMimeBundle()
                .plainText()).contains("[0.00, 10.0] gray");
    }

    @Test
    void heatmapAveragesBlocksOfHugeMatrices() throws IOException {
        MimeBundle b = Heatmap.of(Tensor.ones(1100, 20)).toMimeBundle();
        assertThat(b.plainText()).startsWith("Heatmap of Tensor [1100, 20] float32, averaged over 3x3 blocks");
        assertThat(decode(b).getHeight()).isLessThan(2 * 600);
    }

    @Test
    void heatmapRefusesWhatIsNotAMatrix() {
        assertThatThrownBy(() -> Heatmap.of(Tensor.zeros(2, 2, 2))).hasMessage(
                "Heatmap.of: expected a non-empty 1-D or 2-D tensor, got shape [2, 2, 2]; pick a matrix first, "
                        + "e.g. t.select(0, 0)");
        assertThatThrownBy(() -> Heatmap.of(Tensor.ones(2)).withRange(1, 1)).hasMessage(
                "Heatmap.withRange: need finite low < high, got [1.0, 1.0]");
    }

    @Test
    void colormapsHaveTheirKnownEnds() {
        assertThat(Colormap.GRAY.rgb(0)).isEqualTo(0x000000);
        assertThat(Colormap.GRAY.rgb(1)).isEqualTo(0xffffff);
        assertThat(Colormap.COOLWARM.rgb(0.5)).isEqualTo(0xf7f7f7);
        assertClose(Colormap.VIRIDIS.rgb(0), 0x440154);   // matplotlib's viridis ends
        assertClose(Colormap.VIRIDIS.rgb(0.5), 0x21918c);
        assertClose(Colormap.VIRIDIS.rgb(1), 0xfde725);
        assertThat(Colormap.VIRIDIS.rgb(Double.NaN)).isEqualTo(0xff00ff);
    }

    /** Each channel within 5 of the reference (the polynomial fit's accuracy). */
    private static void assertClose(int rgb, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            assertThat(Math.abs(((rgb >> shift) & 255) - ((expected >> shift) & 255)))
                    .as("channel at bit %d of %06x vs %06x", shift, rgb, expected).isLessThanOrEqualTo(5);
        }
    }

    @Test
    void imageGridLaysOutGrayTilesWithPaddingAndScale() throws IOException {
        // Two 2x2 images: the first all 0, the second all 1, in [N, H, W].
        Tensor batch = Tensor.of(new float[][][] {{{0, 0}, {0, 0}}, {{1, 1}, {1, 1}}});
        MimeBundle b = ImageGrid.of(batch).withScale(3).withPadding(1).toMimeBundle();
        BufferedImage img = decode(b);
        assertThat(img.getWidth()).isEqualTo(2 * 6 + 3 * 3);
        assertThat(img.getHeight()).isEqualTo(6 + 2 * 3);
        assertThat(img.getRGB(3 + 2, 3 + 2) & 0xffffff).isEqualTo(0x000000);
        assertThat(img.getRGB(3 + 6 + 3 + 2, 3 + 2) & 0xffffff).isEqualTo(0xffffff);
        assertThat(b.plainText()).isEqualTo("ImageGrid of 2 images 2x2 gray from Tensor [2, 2, 2], range [0.00000, 1.00000]");
    }

    @Test
    void imageGridReadsRgbChannelsAndInfersTheRange() throws IOException {
        Tensor rgb = Tensor.zeros(1, 3, 1, 1);
        rgb.select(1, 0).fill(255);   // red at full intensity, in 0..255
        BufferedImage img = decode(ImageGrid.of(rgb).withScale(1).withPadding(0).toMimeBundle());
        assertThat(img.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        Tensor signed = Tensor.of(new float[][] {{-2, 2}});
        BufferedImage s = decode(ImageGrid.of(signed).withScale(1).withPadding(0).toMimeBundle());
        assertThat(s.getRGB(0, 0) & 0xffffff).isEqualTo(0x000000);
        assertThat(s.getRGB(1, 0) & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void imageGridCaptionsAndBadInput() {
        Tensor batch = Tensor.zeros(3, 1, 8, 8);
        assertThat(ImageGrid.of(batch).withLabels(List.of("a", "b", "c")).toMimeBundle().binary(MimeBundle.PNG))
                .isNotEmpty();
        assertThatThrownBy(() -> ImageGrid.of(batch).withLabels(List.of("a"))).hasMessage(
                "ImageGrid.withLabels: 1 labels for 3 images");
        assertThatThrownBy(() -> ImageGrid.of(Tensor.zeros(2, 2, 4, 4))).hasMessage(
                "ImageGrid.of: expected images as [N, C, H, W] with C 1 or 3, [N, H, W] or [H, W], none of them "
                        + "empty; got [2, 2, 4, 4]");
        assertThatThrownBy(() -> ImageGrid.of(Tensor.zeros(4))).hasMessageContaining("got [4]");
        assertThatThrownBy(() -> ImageGrid.of(batch).withColumns(0)).hasMessage(
                "ImageGrid.withColumns: need at least 1 column, got 0");
    }
}
