package demo;

import java.nio.file.Path;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.data.*;
import org.backprop4j.display.*;
import org.backprop4j.nn.*;
import org.backprop4j.tensor.Tensor;

public class Moons {
    public static void main(String[] args) throws Exception {
        ArrowDatasetWriter.write(Datasets.twoMoons(512, 0.1, 7), Path.of("moons.arrow"), 128);
        var model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 2));
        double[] losses = new double[20];
        try (ArrowDataset data = ArrowDataset.open(Path.of("moons.arrow"))) {
            for (int epoch = 0; epoch < losses.length; epoch++) {
                for (Batch b : DataLoader.builder(data).batchSize(64).shuffle(true).seed(epoch).build()) {
                    Tensor loss = new CrossEntropyLoss().forward(model.call(b.features()), b.labels());
                    model.zeroGrad();
                    loss.backward();
                    try (Scope _ = GradMode.noGrad()) {   // plain SGD
                        model.parameters().forEach(p -> p.addInPlace(p.grad(), -0.1));
                    }
                    losses[epoch] = loss.item();
                }
            }
        }
        System.out.printf("loss %.3f -> %.3f%n", losses[0], losses[losses.length - 1]);
        Display.save(Plots.line("loss", losses), Path.of("loss.png"));
    }
}
