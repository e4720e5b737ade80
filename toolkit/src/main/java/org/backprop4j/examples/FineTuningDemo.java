package org.backprop4j.examples;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.FineTuning;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.LoadReport;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Sequential;
import org.backprop4j.optim.Adam;
import org.backprop4j.tensor.Tensor;

/**
 * Transfer learning on two moons: a body and head trained on the two-class task (1000 examples) is reused for a
 * four-class task with few labelled examples (which moon, and which side of x = 0.5 in the unit square). Three
 * ways from the same 40 examples: from scratch; the pretrained body frozen under a new head (loaded with
 * {@code loadStateDictPartial}, which skips the old head's shapes); and the whole network fine-tuned with a
 * learning rate ten times smaller for the body than for the head. Arguments: labelled examples (20), steps (200).
 */
public final class FineTuningDemo {
    private FineTuningDemo() {
    }

    /** A body of two hidden layers and a replaceable head (a non-final field: see {@link FineTuning#replace}). */
    public static final class Classifier extends Module {
        final Sequential body = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 64), new ReLU());
        Module head;

        public Classifier(int classes) {
            head = new Linear(64, classes);
        }

        @Override
        public Tensor forward(Tensor x) {
            return head.call(body.call(x));
        }
    }

    /** Inputs of {@link AdversarialDemo#moons} with four classes: {@code 2 * moon + (x < 0.5 ? 0 : 1)}. */
    public static AdversarialDemo.Data fourClasses(int n, long seed) {
        AdversarialDemo.Data d = AdversarialDemo.moons(n, seed);
        Tensor side = d.x().select(1, 0).ge(0.5).to(DType.FLOAT32);
        return new AdversarialDemo.Data(d.x(), d.y().to(DType.FLOAT32).mul(2).add(side).to(DType.INT64));
    }

    /** Full-batch Adam steps on {@code data}, one optimizer group per list of {@code groups} at its rate in {@code lrs}. */
    public static void train(Module model, AdversarialDemo.Data data, int steps, List<List<Parameter>> groups,
            double... lrs) {
        Adam adam = new Adam(groups.getFirst(), lrs[0]);
        for (int i = 1; i < groups.size(); i++) {
            double lr = lrs[i];
            adam.addParamGroup(groups.get(i), o -> o.withLr(lr));
        }
        CrossEntropyLoss ce = new CrossEntropyLoss();
        for (int step = 0; step < steps; step++) {
            adam.zeroGrad();
            ce.forward(model.call(data.x()), data.y()).backward();
            adam.step();
        }
    }

    /** Test accuracy of the three ways, in the order scratch, frozen body, fine-tuned with two rates. */
    public static double[] compare(int labelled, int steps, long seed) {
        AdversarialDemo.Data source = AdversarialDemo.moons(1000, seed);
        AdversarialDemo.Data target = fourClasses(labelled, seed + 1);
        AdversarialDemo.Data test = fourClasses(1000, seed + 2);

        Rng.global().reseed(seed);
        Classifier pretrained = new Classifier(2);
        train(pretrained, source, 300, List.of(pretrained.parameters()), 0.01);

        Rng.global().reseed(seed + 3);
        Classifier scratch = new Classifier(4);
        train(scratch, target, steps, List.of(scratch.parameters()), 0.01);

        Rng.global().reseed(seed + 3);
        Classifier frozen = new Classifier(4);
        LoadReport report = frozen.loadStateDictPartial(pretrained.stateDict());
        if (!report.mismatched().equals(List.of("head.weight: expected shape [4, 64], got [2, 64]",
                "head.bias: expected shape [4], got [2]"))) {
            throw new IllegalStateException("unexpected partial load: " + report);
        }
        frozen.body.requiresGrad(false);
        train(frozen, target, steps, List.of(frozen.trainableParameters()), 0.01);

        FineTuning.replace(pretrained, "head", new Linear(64, 4));   // the other way to a new head
        Map<String, List<Parameter>> groups = FineTuning.parameterGroups(pretrained, "body", "head");
        train(pretrained, target, steps, List.of(groups.get("body"), groups.get("head")), 0.001, 0.01);

        return new double[] {accuracy(scratch, test), accuracy(frozen, test), accuracy(pretrained, test)};
    }

    static double accuracy(Module model, AdversarialDemo.Data data) {
        try (Scope _ = GradMode.noGrad()) {
            return model.call(data.x()).argmax(1, false).eq(data.y()).to(DType.FLOAT64).mean().item();
        }
    }

    public static void main(String[] args) {
        int labelled = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        double[] acc = compare(labelled, steps, 1);
        System.out.printf(Locale.ROOT, "four-class moons from %d labelled examples, %d Adam steps; test accuracy: "
                + "from scratch %.1f%%, pretrained body frozen %.1f%%, fine-tuned (body lr 0.001, head 0.01) %.1f%%%n",
                labelled, steps, 100 * acc[0], 100 * acc[1], 100 * acc[2]);
    }
}
