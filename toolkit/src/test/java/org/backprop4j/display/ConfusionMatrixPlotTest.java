package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;

class ConfusionMatrixPlotTest {
    private static final Tensor COUNTS = Tensor.of(new long[] {5, 1, 0, 2, 3, 1, 0, 2, 0}).reshape(3, 3);

    @Test
    void theConfusionPictureNamesTheClassesAndShowsPercentagesOfEachRow() {
        HeatMapChart c = Plots.confusionMatrix(COUNTS, List.of("a", "b", "c"));
        var series = c.getSeriesMap().values().iterator().next();
        assertThat(List.<Object>copyOf(series.getXData())).containsExactly("a", "b", "c");
        assertThat(List.<Object>copyOf(series.getYData())).containsExactly("c", "b", "a");
        // Row a (drawn at the top, y index 2): 5 of 6 predicted a.
        Number[] topLeft = null;
        for (Number[] v : series.getHeatData()) {
            if (v[0].intValue() == 0 && v[1].intValue() == 2) {
                topLeft = v;
            }
        }
        assertThat(topLeft[2].doubleValue()).isCloseTo(100 * 5.0 / 6, within(1e-12));
    }

    @Test
    void aMatrixThatDoesNotFitTheNamesIsRefused() {
        assertThatThrownBy(() -> Plots.confusionMatrix(COUNTS, List.of("a", "b"))).hasMessage(
                "Plots.confusionMatrix: expected [C, C] counts with C class names, got [3, 3] and 2 names");
        assertThatThrownBy(() -> Plots.confusionMatrix(Tensor.zeros(2, 3), List.of("a", "b"))).hasMessage(
                "Plots.confusionMatrix: expected [C, C] counts with C class names, got [2, 3] and 2 names");
    }
}
