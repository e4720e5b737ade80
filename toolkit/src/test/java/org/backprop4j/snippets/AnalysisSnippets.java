package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Datasets;
import org.backprop4j.data.TensorDataset;
import org.backprop4j.display.ContourPlot;
import org.backprop4j.display.Contours;
import org.backprop4j.display.Plots;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.optim.Adam;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.train.ClassificationReport;
import org.backprop4j.train.LrFinder;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/** The examples of the analysis tools the research notebooks use: contours, the LR finder, classification reports. */
class AnalysisSnippets {
    @Test
    void contours() {
        // @start region="contours"
        double[] xs = Contours.grid("x", -2, 2, 101);
        double[] ys = Contours.grid("y", -1, 3, 101);
        double[][] z = Contours.sample((x, y) -> Math.pow(1 - x, 2) + 100 * Math.pow(y - x * x, 2), -2, 2, -1, 3,
                101, 101);
        for (Contours.Line line : Contours.lines(xs, ys, z, 10)) {
            System.out.println(line.x().length + " points, closed: " + line.closed());
        }
        // @end
        assertThat(Contours.lines(xs, ys, z, 10)).isNotEmpty();
    }

    @Test
    void contourPlot() {
        double[] pathX = {-1.5, -1, 0, 0.9};
        double[] pathY = {2, 1, 0, 0.8};
        // @start region="contourPlot"
        XYChart chart = ContourPlot.of("Rosenbrock", (x, y) -> Math.pow(1 - x, 2) + 100 * Math.pow(y - x * x, 2),
                -2, 2, -1, 3);
        ContourPlot.addPath(chart, "Adam", pathX, pathY);               // where an optimizer went
        ContourPlot.addMarkers(chart, "minimum", new double[] {1}, new double[] {1});
        // @end
        assertThat(ContourPlot.overlays(chart)).containsExactly("Adam", "minimum");
    }

    @Test
    void lrFinder() {
        TensorDataset moons = Datasets.twoMoons(400, 0.1, 3);
        // @start region="lrFinder"
        Sequential model = new Sequential(new Linear(2, 32), new ReLU(), new Linear(32, 2));
        Adam adam = new Adam(model.parameters(), 1e-3);
        DataLoader loader = DataLoader.builder(moons).batchSize(8).shuffle(true).seed(1).build();
        LrFinder.Result r = LrFinder.of(model, new CrossEntropyLoss(), adam).withRange(1e-5, 10).run(loader);
        XYChart curve = r.plot();                                      // loss against lr, log axis
        adam.setLr(r.steepest());                                      // model and adam are as before the test
        // @end
        assertThat(curve.getSeriesMap()).hasSize(3);
        assertThat(adam.lr(0)).isBetween(1e-5, 10.0);
    }

    @Test
    void classificationReport() {
        Tensor confusion = Tensor.of(new long[] {50, 2, 5, 43}).reshape(2, 2);
        // @start region="classificationReport"
        // confusion: [C, C] counts, row = label, column = prediction (Evaluation.confusionMatrix())
        ClassificationReport report = ClassificationReport.of(confusion, List.of("cat", "dog"));
        Table perClass = report.toTable();                             // precision, recall, f1, support
        HeatMapChart picture = Plots.confusionMatrix(confusion, List.of("cat", "dog"));
        // @end
        assertThat(perClass.rowCount()).isEqualTo(4);
        assertThat(report.accuracy()).isEqualTo(0.93);
        assertThat(picture.getSeriesMap()).hasSize(1);
    }
}
