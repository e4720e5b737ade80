package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Per-class scores of a confusion matrix, worked out by hand as scikit-learn defines them. */
class ClassificationReportTest {
    // Rows are labels, columns predictions: class 0 has 6 examples (5 right), class 1 has 6 (3 right), class 2 has
    // 2 and none right; 7 predictions of class 0, 6 of class 1, 1 of class 2.
    private static final Tensor COUNTS = Tensor.of(new long[] {5, 1, 0, 2, 3, 1, 0, 2, 0}).reshape(3, 3);

    @Test
    void precisionRecallF1AndSupportPerClass() {
        ClassificationReport r = ClassificationReport.of(COUNTS, List.of("a", "b", "c"));
        assertThat(r.precision()).containsExactly(new double[] {5.0 / 7, 0.5, 0}, within(1e-15));
        assertThat(r.recall()).containsExactly(new double[] {5.0 / 6, 0.5, 0}, within(1e-15));
        assertThat(r.f1()).containsExactly(new double[] {10.0 / 13, 0.5, 0}, within(1e-15));
        assertThat(r.support()).containsExactly(6, 6, 2);
        assertThat(r.accuracy()).isEqualTo(8.0 / 14);
        assertThat(r.macroF1()).isCloseTo((10.0 / 13 + 0.5) / 3, within(1e-15));
    }

    @Test
    void theTableAddsMacroAndWeightedAverages() {
        Table t = ClassificationReport.of(COUNTS, List.of("a", "b", "c")).toTable();
        assertThat(t.name()).isEqualTo("accuracy 0.5714 over 14 examples");
        assertThat(t.columnNames()).containsExactly("class", "precision", "recall", "f1", "support");
        assertThat(t.stringColumn("class").asList()).containsExactly("a", "b", "c", "macro avg", "weighted avg");
        assertThat(t.doubleColumn("recall").get(3)).isEqualTo(0.4444);   // (5/6 + 1/2 + 0) / 3
        assertThat(t.doubleColumn("recall").get(4)).isEqualTo(0.5714);   // weighted recall is accuracy
        assertThat(t.longColumn("support").get(4)).isEqualTo(14);
    }

    @Test
    void aClassNeverPredictedHasPrecisionZeroAndTheDefaultNamesAreIndices() {
        ClassificationReport r = ClassificationReport.of(Tensor.of(new long[] {1, 0, 1, 0}).reshape(2, 2));
        assertThat(r.classNames()).containsExactly("0", "1");
        assertThat(r.precision()).containsExactly(0.5, 0);
        assertThat(r.recall()).containsExactly(1, 0);
        assertThat(r.toString()).contains("accuracy").contains("0.5000");
    }

    @Test
    void badMatricesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> ClassificationReport.of(Tensor.zeros(2, 3), List.of("a", "b"))).hasMessage(
                "ClassificationReport.of: expected a square [C, C] confusion matrix, got [2, 3]");
        assertThatThrownBy(() -> ClassificationReport.of(COUNTS, List.of("a"))).hasMessage(
                "ClassificationReport.of: 1 class names for a 3x3 confusion matrix");
        assertThatThrownBy(() -> ClassificationReport.of(Tensor.of(1.0, -1, 0, 0).reshape(2, 2))).hasMessage(
                "ClassificationReport.of: count -1.0 at (label 0, prediction 1) is not a finite non-negative number");
        assertThatThrownBy(() -> ClassificationReport.of(Tensor.zeros(2, 2))).hasMessage(
                "ClassificationReport.of: the confusion matrix counts no example");
    }
}
