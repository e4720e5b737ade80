package org.backprop4j.examples;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.backprop4j.data.Split;
import org.backprop4j.nn.FineTuning;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.LoadReport;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Parameter;
import org.backprop4j.optim.Adam;

/**
 * Transfer learning on Fashion-MNIST: {@link FashionCnn}'s network pretrained on the five even-numbered classes
 * (T-shirt/top, pullover, coat, shirt, bag) is reused for the other five (trouser, dress, sandal, sneaker, ankle
 * boot) from few labelled images, three ways: from scratch; the pretrained body frozen under a new head (loaded with
 * {@code loadStateDictPartial}, which skips the old head); and the whole network fine-tuned with a learning rate ten
 * times smaller for the body than for the new head. Arguments: labelled images per class (10), pretraining images
 * (12000).
 */
public final class FashionTransferDemo {
    /** Optimizer steps of each adaptation, whatever the number of labelled images. */
    public static final int ADAPT_STEPS = 150;

    private FashionTransferDemo() {
    }

    /** Classes 0, 2, 4, 6, 8 (T-shirt/top, pullover, coat, shirt, bag) of {@code split} as 0-4. */
    public static AdversarialDemo.Data source(Split split, int n) {
        return FashionCnn.load(split, n, k -> k % 2 == 0 ? k / 2 : -1);
    }

    /**
     * Classes 1, 3, 5, 7, 9 (trouser, dress, sandal, sneaker, ankle boot) of {@code split} as 0-4, the first
     * {@code perClass} of each.
     */
    public static AdversarialDemo.Data target(Split split, int perClass) {
        return FashionCnn.load(split, 5 * perClass, k -> k % 2 == 1 ? k / 2 : -1, perClass);
    }

    /** A five-class network trained on {@code data} (Adam 1e-3, batch 64). */
    public static FashionCnn.Network pretrain(AdversarialDemo.Data data, int epochs, long seed) {
        FashionCnn.Network net = FashionCnn.network(5, seed);
        FashionCnn.train(net, data, new Adam(net.parameters(), 1e-3), epochs, 64, 0, seed + 1);
        return net;
    }

    /**
     * Test accuracy on {@code test} after adapting to {@code labelled}, in the order scratch, frozen body, fine-tuned
     * with two rates; each way takes {@link #ADAPT_STEPS} Adam steps on batches of up to 64.
     */
    public static double[] compare(FashionCnn.Network pretrained, AdversarialDemo.Data labelled,
            AdversarialDemo.Data test, long seed) {
        int n = (int) labelled.x().size(0);
        int batch = Math.min(64, n);
        int epochs = Math.max(1, (int) Math.ceil((double) ADAPT_STEPS / Math.ceil((double) n / batch)));

        FashionCnn.Network scratch = FashionCnn.network(5, seed);
        FashionCnn.train(scratch, labelled, new Adam(scratch.parameters(), 1e-3), epochs, batch, 0, seed + 1);

        FashionCnn.Network frozen = FashionCnn.network(5, seed);
        LoadReport report = frozen.loadStateDictPartial(pretrained.stateDict());
        if (!report.missing().isEmpty() || !report.mismatched().isEmpty() || !report.unexpected().isEmpty()) {
            throw new IllegalStateException("unexpected partial load: " + report);
        }
        FineTuning.replace(frozen, "head", new Linear(FashionCnn.FEATURES, 5));   // a new head, fresh weights
        frozen.body().requiresGrad(false);
        FashionCnn.train(frozen, labelled, new Adam(frozen.trainableParameters(), 1e-3), epochs, batch, 0, seed + 1);

        FashionCnn.Network tuned = FashionCnn.network(5, seed);
        tuned.loadStateDict(pretrained.stateDict(), true);
        FineTuning.replace(tuned, "head", new Linear(FashionCnn.FEATURES, 5));
        Map<String, List<Parameter>> groups = FineTuning.parameterGroups(tuned, "body", "head");
        Adam adam = new Adam(groups.get("body"), 1e-4);
        adam.addParamGroup(groups.get("head"), o -> o.withLr(1e-3));
        FashionCnn.train(tuned, labelled, adam, epochs, batch, 0, seed + 1);

        return new double[] {accuracy(scratch, test), accuracy(frozen, test), accuracy(tuned, test)};
    }

    /** Share of {@code data} whose largest logit is the label ({@link AdversarialDemo#score}). */
    public static double accuracy(Module model, AdversarialDemo.Data data) {
        model.eval();
        return AdversarialDemo.score(model, data.x(), data.y()).accuracy();
    }

    public static void main(String[] args) {
        int perClass = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int pretrainImages = args.length > 1 ? Integer.parseInt(args[1]) : 12_000;
        long start = System.nanoTime();
        FashionCnn.Network pretrained = pretrain(source(Split.TRAIN, pretrainImages), 3, 1);
        double sourceAccuracy = accuracy(pretrained, source(Split.TEST, 2000));
        double[] acc = compare(pretrained, target(Split.TRAIN, perClass), target(Split.TEST, 400), 3);
        System.out.printf(Locale.ROOT, "pretrained on classes 0, 2, 4, 6, 8 (%d images, 3 epochs): %.1f%% on their "
                + "test images%nclasses 1, 3, 5, 7, 9 from %d labelled images of each, %d Adam steps each; test accuracy: from scratch %.1f%%, "
                + "pretrained body frozen %.1f%%, fine-tuned (body lr 1e-4, head 1e-3) %.1f%%  (%.0f s)%n",
                pretrainImages, 100 * sourceAccuracy, perClass, ADAPT_STEPS, 100 * acc[0], 100 * acc[1],
                100 * acc[2], (System.nanoTime() - start) / 1e9);
    }
}
