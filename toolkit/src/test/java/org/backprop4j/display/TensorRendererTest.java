package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TensorRendererTest {
    private static String html(Tensor t) {
        return Display.bundle(t).text(MimeBundle.HTML);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void textIsThePrintoutAndHtmlHasAHeader() {
        Tensor t = Tensor.of(new float[][] {{1.5f, -2}, {0.25f, 4}});
        MimeBundle b = Display.bundle(t);
        assertThat(b.plainText()).isEqualTo(t.toString());
        assertThat(b.text(MimeBundle.HTML)).contains(">Tensor [2, 2] float32</div>");
        assertThat(TensorRenderer.header(Tensor.ones(3).requiresGrad(true))).isEqualTo("Tensor [3] float32 requiresGrad");
        Tensor x = Tensor.ones(DType.FLOAT64, 3).requiresGrad(true);
        assertThat(TensorRenderer.header(x.mul(2))).isEqualTo("Tensor [3] float64 gradFn=<mul>");
        x.mul(2).sum().backward();
        assertThat(TensorRenderer.header(x)).isEqualTo("Tensor [3] float64 requiresGrad (has grad)");
    }

    @Test
    void valuesFormAnIndexedTableInOneFormat() {
        String html = html(Tensor.of(new float[][] {{1.5f, -2}, {0.25f, 4}}));
        assertThat(html).contains(">1.5000</td>", ">-2.0000</td>", ">0.2500</td>", ">4.0000</td>");
        assertThat(count(html, "<tr>")).isEqualTo(3);   // column indices, then two rows
        assertThat(html(Tensor.of(new long[][] {{1, 20}}))).contains(">20</td>");
        assertThat(html(Tensor.of(true, false))).contains(">True</td>", ">False</td>");
        assertThat(html(Tensor.of(1e-6f, 1f))).contains(">1.0000e-06</td>");
        assertThat(html(Tensor.of(3f, 4f))).contains(">3.</td>");
        assertThat(html(Tensor.scalar(2.5))).contains(">2.5000</td>").doesNotContain("min");
    }

    @Test
    void statisticsOfFiniteValuesWithNanAndInfinityCounted() {
        String stats = TensorRenderer.statistics(Tensor.of(1f, 2f, 3f, 4f, Float.NaN, Float.POSITIVE_INFINITY));
        assertThat(stats).startsWith("min 1.000 &middot; max 4.000 &middot; mean 2.500 &middot; std 1.291")
                .contains(">1 NaN</span>", ">1 inf</span>");
        assertThat(TensorRenderer.statistics(Tensor.of(1L, 2L))).isEmpty();
        Tensor big = Tensor.randn(Rng.seeded(3), 1000);
        double mean = big.mean().item();
        assertThat(TensorRenderer.statistics(big)).contains(String.format(java.util.Locale.ROOT, "mean %.4g", mean));
    }

    @Test
    void largeTensorsShowTheirCornersOnly() {
        Tensor t = Tensor.arange(0, 100 * 30, 1).reshape(100, 30);
        String html = html(t);
        assertThat(count(html, "<td style=\"padding:1px 6px;text-align:right;border")).isEqualTo(10 * 10);
        assertThat(html).contains(">0.0000e+00</td>", ">2.9990e+03</td>", ">&#8943;</td>", ">&#8942;</th>");
        assertThat(html).contains(">99</th>").doesNotContain(">50</th>");
    }

    @Test
    void higherRanksShowOneTablePerMatrixWithItsIndex() {
        String html = html(Tensor.zeros(2, 3, 2, 2));
        assertThat(count(html, "<table")).isEqualTo(6);
        assertThat(html).contains(">[0, 0, :, :]</div>", ">[1, 2, :, :]</div>");
        String summarized = html(Tensor.zeros(10, 2, 8, 8));
        assertThat(count(summarized, "<table")).isEqualTo(4 * 2);
        assertThat(summarized).contains(">[9, 1, :, :]</div>").doesNotContain(">[2, 0, :, :]</div>");
    }

    @Test
    void everyRankShowsABoundedNumberOfTables() {
        String rank6 = html(Tensor.randn(Rng.seeded(1), 10, 10, 10, 10, 10, 10));
        assertThat(count(rank6, "<table")).isLessThanOrEqualTo(TensorRenderer.MAX_TABLES);
        assertThat(rank6.length()).as("16 tables of 11 x 11 cells").isLessThan(200_000);
        int[] twos = new int[20];
        java.util.Arrays.fill(twos, 2);
        String rank20 = html(Tensor.zeros(twos));
        assertThat(count(rank20, "<table")).isEqualTo(TensorRenderer.MAX_TABLES);
        assertThat(rank20).contains(">[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, :, :]</div>", "&#8942;");
        assertThat(rank20).contains(">[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, :, :]</div>");
        assertThat(rank20.length()).isLessThan(20_000);
    }

    @Test
    void emptyTensorsShowOnlyTheHeader() {
        String html = html(Tensor.zeros(0, 3));
        assertThat(html).contains("Tensor [0, 3] float32").doesNotContain("<table");
    }

    @Test
    void nanAndInfinityStandOut() {
        Matcher m = Pattern.compile("color:#c00\">(nan|inf|-inf)<").matcher(html(Tensor.of(Float.NaN,
                Float.NEGATIVE_INFINITY, 1f)));
        int found = 0;
        while (m.find()) {
            found++;
        }
        assertThat(found).isEqualTo(2);
    }
}
