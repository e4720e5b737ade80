package org.backprop4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.backprop4j.array.Shape;

/**
 * The dataset catalog: real datasets built into Arrow files under the project's {@code datasets/} folder, and
 * generated ones, deterministic from a seed, for tests and notebooks.
 *
 * <p>The {@code datasets/} folder is found from the system property {@code backprop4j.datasets}, else the
 * environment variable {@code BACKPROP4J_DATASETS}, else the nearest folder named {@code datasets} holding a
 * {@code README.md} in the working directory or one of its parents.
 */
public final class Datasets {
    /** Fashion-MNIST's class names, index i naming label i (Xiao, Rasul and Vollgraf, 2017). */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private Datasets() {
    }

    /**
     * The project's {@code datasets/} folder.
     *
     * @throws DataException if none is configured or found
     */
    public static Path root() {
        String configured = System.getProperty("backprop4j.datasets");
        if (configured == null) {
            configured = System.getenv("BACKPROP4J_DATASETS");
        }
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("datasets");
            if (Files.isRegularFile(candidate.resolve("README.md"))) {
                return candidate;
            }
        }
        throw new DataException("datasets", null, "cannot find the datasets folder from " + Path.of("")
                .toAbsolutePath() + "; set -Dbackprop4j.datasets=/path/to/backprop4j/datasets or BACKPROP4J_DATASETS");
    }

    /**
     * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28x28 grey images of clothing in 10 classes, 60,000 for
     * training and 10,000 for testing, read from {@code datasets/fashion-mnist/{train,test}.arrow}. Examples:
     * features {@code [1, 28, 28]} float32 holding the pixel bytes 0..255 (add {@link Transforms#toFloat()} for
     * [0, 1]), label int64 in [0, 10) naming {@link #FASHION_MNIST_CLASSES}. Close the dataset when done.
     *
     * @throws DataException if the file has not been built (the message says how) or is not the expected one
     */
    public static ArrowDataset fashionMnist(Split split) {
        return fashionMnist(root().resolve("fashion-mnist"), split);
    }

    /** Fashion-MNIST from {@code dir} (holding {@code train.arrow} and {@code test.arrow}). */
    static ArrowDataset fashionMnist(Path dir, Split split) {
        Path file = dir.resolve(split.fileStem() + ".arrow");
        if (!Files.isRegularFile(file)) {
            throw new DataException(file.toString(), null, "not built yet. Build it with datasets/fashion-mnist/"
                    + "build.sh (./run.sh and ./test.sh run it), which converts the IDX files of Debian's package "
                    + "dataset-fashion-mnist (install it with: sudo apt-get install dataset-fashion-mnist)");
        }
        ArrowDataset data = ArrowDataset.builder(file).features("image").label("label").open();
        int expected = split == Split.TRAIN ? 60_000 : 10_000;
        if (data.size() != expected || !data.featureShape().equals(Shape.of(1, 28, 28))
                || !data.classNames().equals(FASHION_MNIST_CLASSES)) {
            String found = data.toString();
            data.close();
            throw new DataException(file.toString(), null, "is not Fashion-MNIST " + split.fileStem() + " (expected "
                    + expected + " images [1, 28, 28] in its 10 classes, found " + found + "); rebuild it with "
                    + "datasets/fashion-mnist/build.sh");
        }
        return data;
    }

    /**
     * Two interleaved spirals (after Lang and Witbrock, 1988): example i has class {@code c = i % 2} and, for
     * {@code t} uniform in [0, 1), the point {@code r (cos a, sin a)} with {@code r = 0.1 + 0.9 t} and
     * {@code a = 3 pi t + c pi}, plus Gaussian noise of standard deviation {@code noise} on each coordinate.
     * Features {@code [n, 2]} float32, labels {@code [n]} int64.
     */
    public static TensorDataset twoSpirals(int n, double noise, long seed) {
        return Synthetic.twoSpirals(n, noise, seed);
    }

    /**
     * Two interleaving half circles (scikit-learn's {@code make_moons}, with random rather than evenly spaced
     * angles): class 0 at {@code (cos t, sin t)}, class 1 at {@code (1 - cos t, 0.5 - sin t)}, {@code t} uniform in
     * [0, pi), example i of class {@code i % 2}, plus Gaussian noise {@code noise}. Features {@code [n, 2]} float32,
     * labels {@code [n]} int64.
     */
    public static TensorDataset twoMoons(int n, double noise, long seed) {
        return Synthetic.twoMoons(n, noise, seed);
    }

    /**
     * A noisy 1-D regression: {@code x} uniform in [-pi, pi), {@code y = sin(x) + noise * N(0, 1)}, so the best
     * possible mean squared error is {@code noise^2}. Features {@code [n, 1]}, targets {@code [n, 1]}, float32.
     */
    public static TensorDataset regression(int n, double noise, long seed) {
        return Synthetic.regression(n, noise, seed);
    }

    /**
     * The adding problem as Pascanu, Mikolov and Bengio (2013) posed it (following Hochreiter and Schmidhuber,
     * 1997): a sequence of {@code length} steps of two inputs, a value uniform in [0, 1) (channel 1) and a marker
     * (channel 0) that is 1 at two positions and 0 elsewhere: the first uniform in {@code [0, floor(T/10))}, the
     * second uniform in {@code [floor(T/10), floor(T/10) + floor(4T/10))}. The target is the mean of the two marked
     * values, so predicting the constant 0.5 scores a mean squared error of 1/24 (about 0.042), the baseline a model
     * must beat. Features {@code [n, length, 2]}, targets {@code [n, 1]}, float32.
     *
     * <p>The authors' code draws each minibatch's length uniformly from {@code [T, 1.1 T)}; here every sequence has
     * exactly {@code length} steps (make datasets of several lengths for that variation).
     *
     * @throws IllegalArgumentException if {@code length < 10} or {@code n < 1}
     */
    public static TensorDataset addingProblem(int n, int length, long seed) {
        return Synthetic.addingProblem(n, length, seed);
    }

    /**
     * The temporal-order problem as Pascanu, Mikolov and Bengio (2013) posed it (after Hochreiter and Schmidhuber,
     * 1997): sequences of {@code length} one-hot symbols over 6 channels: A (0) or B (1), drawn with equal odds, at
     * one position uniform in {@code [floor(T/10), 2 floor(T/10))} and again at one uniform in
     * {@code [floor(T/2), floor(T/2) + floor(T/10))}; a distractor uniform over c, d, e, f (2..5) everywhere else.
     * The class is the order seen: {@code first + 2 * second}, named AA, BA, AB, BB, so guessing is right 25% of the
     * time (75% error). Features {@code [n, length, 6]} float32, labels {@code [n]} int64.
     *
     * @throws IllegalArgumentException if {@code length < 10} or {@code n < 1}
     */
    public static TensorDataset temporalOrder(int n, int length, long seed) {
        return Synthetic.temporalOrder(n, length, seed);
    }
}
