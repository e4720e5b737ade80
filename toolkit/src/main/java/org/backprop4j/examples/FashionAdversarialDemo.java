package org.backprop4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.backprop4j.data.Split;
import org.backprop4j.nn.Module;
import org.backprop4j.optim.Adam;

/**
 * Adversarial examples against {@link FashionCnn}'s network on Fashion-MNIST, and adversarial training against
 * them (Madry et al., 2018): clean, FGSM and PGD test accuracy at several epsilons (pixel values in [0, 1]) for a
 * plainly trained and a PGD-trained network. Arguments: training images (10000), epochs (3), test images (1000).
 */
public final class FashionAdversarialDemo {
    /** The epsilons of the table, in pixel units of [0, 1]. */
    public static final double[] EPSILONS = {0.02, 0.05, 0.1, 0.15};

    /** The epsilon of adversarial training. */
    public static final double TRAIN_EPSILON = 0.1;

    private FashionAdversarialDemo() {
    }

    /**
     * A ten-class network trained on {@code data} (Adam 1e-3, batch 64), on the clean images or, with
     * {@code pgdEpsilon > 0}, on PGD examples made afresh for every batch.
     */
    public static FashionCnn.Network train(AdversarialDemo.Data data, int epochs, double pgdEpsilon, long seed) {
        FashionCnn.Network net = FashionCnn.network(10, seed);
        FashionCnn.train(net, data, new Adam(net.parameters(), 1e-3), epochs, 64, pgdEpsilon, seed + 1);
        return net;
    }

    /**
     * One row per epsilon of {@link #EPSILONS}: clean, FGSM and PGD (Madry et al.'s 10 steps from a random start)
     * scores; PGD from the input itself is left out ({@code null}), as it costs as much as PGD again.
     */
    public static List<AdversarialDemo.Row> table(Module model, AdversarialDemo.Data test) {
        List<AdversarialDemo.Row> rows = new ArrayList<>();
        for (double eps : EPSILONS) {
            rows.add(AdversarialDemo.evaluate(model, test, eps, 11, false));
        }
        return rows;
    }

    public static void main(String[] args) {
        int trainImages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int testImages = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        AdversarialDemo.Data train = FashionCnn.load(Split.TRAIN, trainImages);
        AdversarialDemo.Data test = FashionCnn.load(Split.TEST, testImages);
        long start = System.nanoTime();
        FashionCnn.Network plain = train(train, epochs, 0, 3);
        long plainDone = System.nanoTime();
        FashionCnn.Network robust = train(train, epochs, TRAIN_EPSILON, 3);
        long robustDone = System.nanoTime();
        List<AdversarialDemo.Row> a = table(plain, test);
        List<AdversarialDemo.Row> b = table(robust, test);
        System.out.printf(Locale.ROOT, "%d training images, %d epochs (plain %.0f s, PGD-trained at epsilon %.2f %.0f s);"
                + " %d test images%n", trainImages, epochs, (plainDone - start) / 1e9, TRAIN_EPSILON,
                (robustDone - plainDone) / 1e9, testImages);
        System.out.println("| epsilon | plain: clean | FGSM | PGD | PGD-trained: clean | FGSM | PGD |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int i = 0; i < a.size(); i++) {
            System.out.printf(Locale.ROOT, "| %.2f | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %.1f%% |%n",
                    a.get(i).epsilon(), 100 * a.get(i).clean().accuracy(), 100 * a.get(i).fgsm().accuracy(),
                    100 * a.get(i).pgd().accuracy(), 100 * b.get(i).clean().accuracy(),
                    100 * b.get(i).fgsm().accuracy(), 100 * b.get(i).pgd().accuracy());
        }
    }
}
